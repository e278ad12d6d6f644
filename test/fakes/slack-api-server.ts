import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachFakeSlackSocket, type FakeSlackSocket } from './slack-socket-server.ts';

export interface SlackApiCall {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
  /** When the fake received it (epoch ms), for the bench's request → card latency. */
  at?: number;
}

export interface SlackUser {
  id: string;
  name: string;
  real_name: string;
  email?: string;
}

export interface FakeSlackApi {
  url: string;
  /** Base for SLACK_API_URL: `<url>/api/`. */
  apiUrl: string;
  calls: SlackApiCall[];
  /** Bodies POSTed to response_url endpoints, by response id. */
  responses: Array<{ id: string; body: Record<string, unknown>; at?: number }>;
  uploads: Array<{ filename: string; content: string }>;
  users: Map<string, SlackUser>;
  /** Calls refused with 429 by the strict per-channel limiter (`strictChannelIntervalMs`). */
  rateLimited: SlackApiCall[];
  /** The ts of each chat.postMessage, in call order (failed posts included as ''). */
  postedTs: string[];
  /** Socket Mode controls, when started with an app token. */
  socket?: FakeSlackSocket;
  /** A response_url that lands here. */
  responseUrl(id?: string): string;
  callsTo(method: string): SlackApiCall[];
  /** Resolves once `method` has been called `count` times. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackApiCall[]>;
  waitForResponses(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client form-encodes objects (blocks, view) as JSON strings.
    args[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return args;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * A Slack Web API on 127.0.0.1 for tests and the demo: checks the bot token, answers the methods
 * Gatehouse calls the way Slack does (ok:true/false envelopes), and records every call.
 */
export async function startFakeSlackApi(options: {
  botToken: string;
  /** Serve Socket Mode for this app-level token (apps.connections.open and a WebSocket). */
  appToken?: string;
  users?: SlackUser[];
  memberChannels?: string[];
  /**
   * Strict mode: a chat.postMessage or chat.update into a channel less than this many ms after the last one
   * accepted there gets HTTP 429 with `Retry-After: 1` and `ratelimited`, as Slack answers past its limit.
   */
  strictChannelIntervalMs?: number;
  /** The bot token's scopes, sent as Slack does in `x-oauth-scopes` on authenticated answers. */
  scopes?: string[];
}): Promise<FakeSlackApi> {
  const calls: SlackApiCall[] = [];
  const responses: FakeSlackApi['responses'] = [];
  const uploads: FakeSlackApi['uploads'] = [];
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const pendingUploads = new Map<string, string>();
  const postedTs: string[] = [];
  const rateLimited: SlackApiCall[] = [];
  const lastAccepted = new Map<string, number>();
  const waiters: Array<() => void> = [];
  let ts = 1_700_000_000;
  const nextTs = () => `${++ts}.000100`;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    const send = (status: number, body: unknown) => {
      const authed = typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true;
      const scopes = authed && options.scopes ? { 'x-oauth-scopes': options.scopes.join(',') } : {};
      res.writeHead(status, { 'content-type': 'application/json', ...scopes });
      res.end(JSON.stringify(body));
      for (const w of waiters.splice(0)) w();
    };
    if (path.startsWith('/response/')) {
      responses.push({
        at: Date.now(),
        id: path.slice('/response/'.length),
        body: JSON.parse(raw || '{}') as Record<string, unknown>,
      });
      send(200, { ok: true });
      return;
    }
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      uploads.push({ filename: pendingUploads.get(id) ?? id, content: raw });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${raw.length}`);
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    calls.push({ method, token, args, at: Date.now() });
    if (method === 'apps.connections.open' && socket) return send(200, socket.open(auth));
    if (token !== options.botToken) return send(200, { ok: false, error: 'invalid_auth' });
    if (options.strictChannelIntervalMs !== undefined && /^chat\.(postMessage|update)$/.test(method)) {
      const channel = String(args.channel);
      const now = Date.now();
      const last = lastAccepted.get(channel);
      if (last !== undefined && now - last < options.strictChannelIntervalMs) {
        rateLimited.push({ method, token, args });
        res.setHeader('retry-after', '1');
        return send(429, { ok: false, error: 'ratelimited' });
      }
      lastAccepted.set(channel, now);
    }
    switch (method) {
      case 'auth.test':
        return send(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'gatehouse' });
      case 'users.info': {
        const user = users.get(String(args.user));
        if (!user) return send(200, { ok: false, error: 'user_not_found' });
        return send(200, {
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            real_name: user.real_name,
            profile: { real_name: user.real_name, email: user.email },
          },
        });
      }
      case 'users.lookupByEmail': {
        const user = [...users.values()].find((u) => u.email === args.email);
        return send(
          200,
          user
            ? { ok: true, user: { id: user.id, name: user.name } }
            : { ok: false, error: 'users_not_found' },
        );
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        if (options.memberChannels && !options.memberChannels.includes(channel) && !channel.startsWith('D')) {
          postedTs.push('');
          return send(200, { ok: false, error: 'not_in_channel' });
        }
        const posted = nextTs();
        postedTs.push(posted);
        return send(200, { ok: true, channel, ts: posted, message: { text: args.text } });
      }
      case 'chat.update':
        return send(200, { ok: true, channel: args.channel, ts: args.ts });
      case 'chat.postEphemeral':
        return send(200, { ok: true, message_ts: nextTs() });
      case 'conversations.open':
        return send(200, { ok: true, channel: { id: `D${String(args.users).slice(1)}` } });
      case 'conversations.join':
        if (String(args.channel).startsWith('G'))
          return send(200, { ok: false, error: 'method_not_supported_for_channel_type' });
        options.memberChannels?.push(String(args.channel));
        return send(200, { ok: true, channel: { id: args.channel } });
      case 'views.open':
        return send(200, { ok: true, view: { id: `V${nextTs()}` } });
      case 'files.getUploadURLExternal': {
        const id = `F${randomBytes(4).toString('hex')}`;
        pendingUploads.set(id, String(args.filename));
        const address = server.address() as AddressInfo;
        return send(200, {
          ok: true,
          upload_url: `http://127.0.0.1:${address.port}/upload/${id}`,
          file_id: id,
        });
      }
      case 'files.completeUploadExternal':
        return send(200, { ok: true, files: [{ id: 'F1' }] });
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  });
  const socket = options.appToken ? attachFakeSlackSocket(server, options.appToken) : undefined;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const waitUntil = async (check: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    uploads,
    users,
    rateLimited,
    postedTs,
    responseUrl: (id = randomBytes(4).toString('hex')) => `${url}/response/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    async waitFor(method, count = 1, timeoutMs = 10_000) {
      await waitUntil(
        () => calls.filter((c) => c.method === method).length >= count,
        `${count} × ${method}`,
        timeoutMs,
      );
      return calls.filter((c) => c.method === method);
    },
    async waitForResponses(count, timeoutMs = 10_000) {
      await waitUntil(() => responses.length >= count, `${count} response_url posts`, timeoutMs);
    },
    ...(socket ? { socket } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        socket?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

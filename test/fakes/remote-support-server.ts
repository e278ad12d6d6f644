import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ErrorPlacement,
  FakeCommandCall,
  FakeFailure,
  FakeIssuedKey,
  FakeRemoteSupport,
  FakeRemoteSupportOptions,
  FakeTokenRequest,
} from './remote-support/fake-types.ts';
import { documentOf, escapeXml } from './remote-support/render-xml.ts';
import { respondToAction } from './remote-support/respond-to-action.ts';
import { defaultRemoteSupportSeed, type FakeRemoteSupportSeed } from './remote-support/seed.ts';

export type * from './remote-support/fake-types.ts';
export type { FakeAppliance, FakeRemoteSupportSeed } from './remote-support/seed.ts';

const MAX_TOKENS = 30;

/**
 * A Remote Support appliance on 127.0.0.1 that enforces what the vendor documents: OAuth2 client
 * credentials (Basic auth, form body, `grant_type=client_credentials`; at most 30 live tokens per account),
 * bearer tokens on `/api/command`, `Connection: close` on every command call (a request that would keep the
 * connection gets a 400 `<error>`), form-encoded POST bodies, and full command access for
 * generate_session_key. Every answer closes its connection. Answers are namespaced XML.
 */
export async function startFakeRemoteSupport(options: FakeRemoteSupportOptions): Promise<FakeRemoteSupport> {
  const seed: FakeRemoteSupportSeed = { ...defaultRemoteSupportSeed(), ...options.seed };
  const namespace = options.namespace ?? 'http://www.bomgar.com/namespaces/API/command';
  const lifetimeSec = options.tokenLifetimeSec ?? 3600;
  const tokens = new Map<string, number>();
  const tokenRequests: FakeTokenRequest[] = [];
  const commandCalls: FakeCommandCall[] = [];
  const keysIssued: FakeIssuedKey[] = [];
  const failures: FakeFailure[] = [];
  const tokenFailures: Array<{ status: number; body: Record<string, unknown> }> = [];
  const counts = { reps: 0, teams: 0, opened: 0, open: 0 };
  let placement: ErrorPlacement = 'inside';
  let delayMs = 0;

  const errorDoc = (root: string, text: string) =>
    placement === 'top'
      ? documentOf('error', namespace, escapeXml(text))
      : documentOf(root, namespace, `<error>${escapeXml(text)}</error>`);

  function send(res: ServerResponse, status: number, type: string, body: string, headers = {}) {
    res.writeHead(status, { 'content-type': type, connection: 'close', ...headers });
    res.end(body);
  }
  const sendXml = (res: ServerResponse, status: number, body: string) =>
    send(res, status, 'text/xml; charset=UTF-8', body);

  function token(req: IncomingMessage, res: ServerResponse, body: string) {
    const form = new URLSearchParams(body);
    const record: FakeTokenRequest = {
      ok: false,
      connection: req.headers.connection,
      grantType: form.get('grant_type'),
    };
    tokenRequests.push(record);
    const json = (status: number, value: unknown) =>
      send(res, status, 'application/json', JSON.stringify(value));
    if (req.method !== 'POST') return json(405, { error: 'invalid_request', message: 'Use POST.' });
    const scripted = tokenFailures.shift();
    if (scripted) return json(scripted.status, scripted.body);
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, ...rest] = Buffer.from(basic ?? '', 'base64')
      .toString()
      .split(':');
    if (!basic || id !== options.clientId || rest.join(':') !== options.clientSecret) {
      return json(401, { error: 'invalid_client', message: 'Client authentication failed.' });
    }
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return json(400, {
        error: 'invalid_request',
        message: 'Send the form as application/x-www-form-urlencoded.',
      });
    }
    if (record.grantType !== 'client_credentials') {
      return json(400, { error: 'unsupported_grant_type', message: 'Only client_credentials is supported.' });
    }
    const issued = `rs_${randomBytes(18).toString('hex')}`;
    tokens.set(issued, Date.now() + lifetimeSec * 1000);
    // "A 31st request invalidates the oldest": Map keeps insertion order.
    if (tokens.size > MAX_TOKENS) tokens.delete(tokens.keys().next().value as string);
    record.ok = true;
    return json(200, { access_token: issued, token_type: 'Bearer', expires_in: lifetimeSec });
  }

  async function command(req: IncomingMessage, res: ServerResponse, url: URL, body: string) {
    const contentType = req.headers['content-type'];
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST' && body !== '')
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const { action, ...rest } = params;
    const call: FakeCommandCall = {
      method: req.method ?? '',
      action,
      params: rest,
      query: Object.fromEntries(url.searchParams),
      connection: req.headers.connection,
      contentType,
      authorized: false,
    };
    commandCalls.push(call);
    const root = rootOf(action, options.healthLayout);
    const closes = (req.headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .some((t) => t.trim() === 'close');
    if (!closes) {
      return sendXml(
        res,
        400,
        errorDoc(root, 'Close the connection after each API call: send "Connection: close".'),
      );
    }
    if (req.method !== 'GET' && req.method !== 'POST')
      return sendXml(res, 405, errorDoc(root, 'Use GET or POST.'));
    if (
      req.method === 'POST' &&
      body !== '' &&
      !contentType?.startsWith('application/x-www-form-urlencoded')
    ) {
      return sendXml(res, 400, errorDoc(root, 'POST parameters must be application/x-www-form-urlencoded.'));
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearer === undefined ? undefined : tokens.get(bearer);
    if (expires === undefined || expires <= Date.now()) {
      return sendXml(res, 401, errorDoc(root, 'Invalid or expired access token.'));
    }
    call.authorized = true;
    if (action === 'get_logged_in_reps') counts.reps += 1;
    if (action === 'get_support_teams') counts.teams += 1;
    if (delayMs > 0) await sleep(delayMs);
    const i = failures.findIndex((f) => f.action === undefined || f.action === action);
    if (i >= 0) {
      const [f] = failures.splice(i, 1) as [FakeFailure];
      const text =
        f.body ?? (f.error !== undefined ? errorDoc(root, f.error) : `HTTP ${f.status} from the fake`);
      return send(res, f.status ?? 200, 'text/xml; charset=UTF-8', text, f.headers);
    }
    const answer = respondToAction(action, rest, {
      seed,
      namespace,
      healthLayout: options.healthLayout ?? 'real',
      issue: issueKey,
    });
    if ('error' in answer) return sendXml(res, 200, errorDoc(root, answer.error));
    return sendXml(res, 200, answer.xml);
  }

  function issueKey(queueId: string, params: Record<string, string>): FakeIssuedKey {
    let shortKey: string;
    do shortKey = String(randomInt(0, 10_000_000)).padStart(7, '0');
    while (keysIssued.some((k) => k.shortKey === shortKey));
    const host = params.url_hostname || seed.siteHost;
    const ttl = params.ttl === undefined ? 86_400 : Number(params.ttl);
    const key: FakeIssuedKey = {
      shortKey,
      keyUrl: `https://${host}/api/start_session?short_key=${shortKey}`,
      queueId,
      expiresAt: new Date((Math.floor(Date.now() / 1000) + ttl) * 1000).toISOString(),
      params,
    };
    keysIssued.push(key);
    return key;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString();
      const done = (p: unknown) =>
        Promise.resolve(p).catch((err) => send(res, 500, 'text/plain', String(err)));
      if (url.pathname === '/oauth2/token') return done(token(req, res, body));
      if (url.pathname === '/api/command') return done(command(req, res, url, body));
      if (url.pathname === '/check_health') {
        return send(res, seed.appliances.every((a) => a.success) ? 200 : 500, 'text/plain', '');
      }
      return send(res, 404, 'text/plain', 'Not found');
    });
  });
  server.on('connection', (socket) => {
    counts.opened += 1;
    counts.open += 1;
    socket.on('close', () => {
      counts.open -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seed,
    tokenRequests,
    commandCalls,
    keysIssued,
    get repsCalls() {
      return counts.reps;
    },
    get teamsCalls() {
      return counts.teams;
    },
    get connections() {
      return { opened: counts.opened, open: counts.open };
    },
    failNext: (failure) => failures.push(failure),
    failNextToken: (status, body = { error: 'invalid_client', message: 'Client authentication failed.' }) =>
      tokenFailures.push({ status, body }),
    setErrorPlacement: (p) => {
      placement = p;
    },
    setHealth: (appliances) => {
      seed.appliances = appliances;
    },
    setPermissions: (permissions) => {
      seed.apiInfo = { ...seed.apiInfo, permissions: { ...seed.apiInfo.permissions, ...permissions } };
    },
    revokeTokens: () => tokens.clear(),
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The root element an action answers with (where an inside `<error>` goes). */
function rootOf(action: string | undefined, healthLayout: 'real' | 'nested' = 'real'): string {
  const roots: Record<string, string> = {
    generate_session_key: 'session_key',
    get_logged_in_reps: 'logged_in_reps',
    get_support_teams: 'support_teams',
    check_health: healthLayout === 'nested' ? 'appliances' : 'health_check',
    get_api_info: 'api_information',
  };
  return (action && roots[action]) || 'error';
}

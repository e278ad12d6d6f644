import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Teams member as the connector's member lookup returns it (TeamsChannelAccount). */
export interface FakeTeamsMember {
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
}

/** One activity the bot sent or replaced. */
export interface ConnectorActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The id the fake gave it (POST) or the id replaced (PUT). */
  activityId: string;
  /** For POST …/activities/{id}: the activity it replies to. */
  replyToId?: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

export interface ConnectorRequest {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

export interface FakeBotConnector {
  /** The serviceUrl to put in activities: `http://127.0.0.1:<port>/`. */
  serviceUrl: string;
  requests: ConnectorRequest[];
  activities: ConnectorActivity[];
  /** Bodies of POST /v3/conversations (1:1 chats the bot opened). */
  created: Array<Record<string, unknown>>;
  members: Map<string, FakeTeamsMember>;
  /** Posts (new messages) into a conversation, or everywhere. */
  posts(conversationId?: string): ConnectorActivity[];
  /** PUT updates of one activity, or of all. */
  updates(activityId?: string): ConnectorActivity[];
  /** Resolves when `check` holds, re-checked after every request; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A Bot Framework connector (the Teams service URL) on 127.0.0.1: takes the activities the bot sends
 * (POST /v3/conversations/{id}/activities[/{replyTo}]), updates (PUT …/activities/{id}), opens 1:1
 * conversations (POST /v3/conversations) and answers member lookups (GET …/members/{id}, and the paged
 * GET …/pagedmembers) the way the connector does, recording everything with its Authorization header.
 */
export async function startFakeBotConnector(
  options: { members?: FakeTeamsMember[] } = {},
): Promise<FakeBotConnector> {
  const requests: ConnectorRequest[] = [];
  const activities: ConnectorActivity[] = [];
  const created: Array<Record<string, unknown>> = [];
  const members = new Map<string, FakeTeamsMember>();
  for (const m of options.members ?? []) members.set(m.id, m);
  const waiters = new Set<() => void>();
  let next = 1;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/{2,}/g, '/');
    const authorization = req.headers.authorization;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    requests.push({ method: req.method ?? '', path, body, ...(authorization ? { authorization } : {}) });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
      for (const wake of [...waiters]) wake();
    };
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v3' || parts[1] !== 'conversations')
      return send(404, { error: { code: 'NotFound', message: path } });
    const [, , conversationId, sub, subId] = parts;
    const activity = (body ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && !conversationId) {
      created.push(activity);
      const member = ((activity.members as Array<{ id: string }> | undefined) ?? [])[0];
      if (!member) return send(400, { error: { code: 'BadArgument', message: 'members is required' } });
      return send(201, { id: `a:dm-${member.id}` });
    }
    if (sub === 'activities' && (req.method === 'POST' || req.method === 'PUT')) {
      if (activity.type !== 'message')
        return send(400, { error: { code: 'BadArgument', message: 'only message activities' } });
      const activityId = req.method === 'PUT' ? subId! : `act-${next++}`;
      activities.push({
        method: req.method,
        conversationId: conversationId!,
        activityId,
        ...(req.method === 'POST' && subId ? { replyToId: subId } : {}),
        activity,
        ...(authorization ? { authorization } : {}),
      });
      return send(req.method === 'POST' ? 201 : 200, { id: activityId });
    }
    if (req.method === 'GET' && sub === 'pagedmembers') {
      const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
      const size = Math.max(1, Number(query.get('pageSize') ?? 200));
      const start = Number(query.get('continuationToken') ?? 0);
      const all = [...members.values()].map((m) => ({ ...m, objectId: m.aadObjectId, tenantId: 'tenant-1' }));
      const page = all.slice(start, start + size);
      const more = start + size < all.length;
      return send(200, { members: page, ...(more ? { continuationToken: String(start + size) } : {}) });
    }
    if (req.method === 'GET' && sub === 'members' && subId) {
      const member = members.get(subId) ?? [...members.values()].find((m) => m.aadObjectId === subId);
      if (!member)
        return send(404, { error: { code: 'MemberNotFoundInConversation', message: 'Member not found' } });
      return send(200, { ...member, objectId: member.aadObjectId, tenantId: 'tenant-1', userRole: 'user' });
    }
    return send(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    activities,
    created,
    members,
    posts: (conversationId) =>
      activities.filter(
        (a) => a.method === 'POST' && (!conversationId || a.conversationId === conversationId),
      ),
    updates: (activityId) =>
      activities.filter((a) => a.method === 'PUT' && (!activityId || a.activityId === activityId)),
    async waitFor(check, what, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`fake connector: timed out waiting for ${what}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 50);
          waiters.add(wake);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

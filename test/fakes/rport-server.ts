import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientRoutes } from './rport/client-routes.ts';
import { commandRoutes } from './rport/command-routes.ts';
import { advanceMultiJobs, viewJob } from './rport/job-sim.ts';
import { meRoutes } from './rport/me-routes.ts';
import { problemRoutes } from './rport/problem-routes.ts';
import type { Route } from './rport/route.ts';
import { createSeed, type FakeRportSeed } from './rport/seed.ts';
import {
  ApiError,
  type FakeClient,
  type FakeProblem,
  type FakeRportState,
  type FakeUser,
  iso,
  type TokenScope,
} from './rport/types.ts';

export type { FakeClient, FakeGroup, FakeProblem, FakeUser, TokenScope } from './rport/types.ts';

/**
 * A fake rportd API (`/api/v1`) over real HTTP, following the server code where it differs from the spec
 * (NOTES §1): Basic auth with API tokens and their scopes, rport's error envelope, DisallowUnknownFields
 * bodies, client access and permissions, clients listing options, jobs that run and finish, multi-client
 * jobs, client groups and alerting problems.
 */

export interface FakeRportOptions {
  /** The main user: an Administrator with this token (scope `scope`, default read+write). */
  user: string;
  token: string;
  scope?: TokenScope;
  /** More users, e.g. a read-only token, or a non-admin without the `commands` permission. */
  users?: Array<Partial<FakeUser> & { user: string; token: string }>;
  /** `true` (default) for the built-in estate, `false` for none, or your own records. */
  seed?: boolean | Partial<FakeRportSeed>;
  /** How long a command runs before its result is in, default 150 ms. */
  jobDurationMs?: number;
  /** After this many failed logins every request gets 429 (rport's ban); off by default. */
  banAfterFailures?: number;
  /**
   * Rport Plus enabled (default true). Without it rportd registers no `/monitoring/problems` routes, so
   * they answer 404 like any unknown path (EVIDENCE.md).
   */
  plus?: boolean;
  now?: () => number;
}

export interface RecordedCall {
  method: string;
  /** Path below `/api/v1`, without the query. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON when the body was JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  /** The authenticated user, if any. */
  user: string | null;
}

interface PlannedFailure {
  status: number;
  title: string;
  detail: string;
  headers: Record<string, string>;
}

const PREFIX = '/api/v1';
const BASE_ROUTES: Route[] = [...clientRoutes, ...commandRoutes, ...meRoutes];

export async function startFakeRport(options: FakeRportOptions) {
  const now = options.now ?? Date.now;
  const seed =
    options.seed === false ? {} : options.seed === true || !options.seed ? createSeed(now()) : options.seed;
  const state: FakeRportState = {
    users: [
      {
        user: options.user,
        token: options.token,
        scope: options.scope ?? 'read+write',
        groups: ['Administrators'],
        permissions: [],
      },
      ...(options.users ?? []).map((u) => ({
        scope: 'read+write' as const,
        groups: [],
        permissions: [],
        ...u,
      })),
    ],
    clients: [...(seed.clients ?? [])],
    groups: [...(seed.groups ?? [])],
    jobs: [...(seed.jobs ?? [])],
    multiJobs: [],
    problems: [...(seed.problems ?? [])],
    paused: new Map(),
    deniedCommands: new Map(),
    jobDurationMs: options.jobDurationMs ?? 150,
    now,
  };
  const ROUTES = options.plus === false ? BASE_ROUTES : [...BASE_ROUTES, ...problemRoutes];
  const calls: RecordedCall[] = [];
  const failures: PlannedFailure[] = [];
  let failedLogins = 0;

  function authenticate(req: IncomingMessage, method: string, path: string): FakeUser {
    if (options.banAfterFailures && failedLogins >= options.banAfterFailures) {
      throw new ApiError(429, 'too many requests, please try later');
    }
    const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = state.users.find(
      (u) => colon > 0 && u.user === decoded.slice(0, colon) && u.token === decoded.slice(colon + 1),
    );
    if (!user) {
      failedLogins += 1;
      throw new ApiError(401, 'unauthorized');
    }
    const allowed =
      user.scope === 'read+write' ||
      (user.scope === 'read' && method === 'GET' && !path.includes('/ws')) ||
      (user.scope === 'clients-auth' && path.includes('clients-auth'));
    if (!allowed)
      throw new ApiError(500, 'the scope of the provided token is not authorized for this operation');
    return user;
  }

  function handle(req: IncomingMessage, raw: string): Out {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    const call: RecordedCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: readBody(raw),
      user: null,
    };
    calls.push(call);
    try {
      const failure = failures.shift();
      if (failure) {
        return {
          status: failure.status,
          json: envelope(failure.title, failure.detail),
          headers: failure.headers,
        };
      }
      if (!url.pathname.startsWith(PREFIX)) return { status: 404, text: '404 page not found\n' };
      const user = authenticate(req, method, path);
      call.user = user.user;
      const at = now();
      advanceMultiJobs(state, at);
      for (const route of ROUTES) {
        const m = route.pattern.exec(path);
        if (!m || route.method !== method) continue;
        const params = m.slice(1).map(decodeURIComponent);
        const reply = route.handle({ state, user, params, query: url.searchParams, body: raw, now: at });
        if (reply.status === 204) return { status: 204 };
        return {
          status: reply.status ?? 200,
          json: { data: reply.data, ...(reply.meta ? { meta: reply.meta } : {}) },
        };
      }
      const known = ROUTES.some((r) => r.pattern.test(path));
      return known ? { status: 405, text: '' } : { status: 404, text: '404 page not found\n' };
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, json: envelope(err.title, err.detail) };
      return { status: 500, json: envelope('fake rport crashed', String(err)) };
    }
  }

  // A slow rport: every answer waits this long (set with delayResponses); `unanswered` counts those waiting.
  let delayMs = 0;
  let unanswered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = handle(req, Buffer.concat(chunks).toString('utf8'));
      if (delayMs <= 0) return write(res, out);
      unanswered += 1;
      setTimeout(() => {
        unanswered -= 1;
        write(res, out);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const findClient = (id: string): FakeClient => {
    const client = state.clients.find((c) => c.id === id);
    if (!client) throw new Error(`fake rport has no client ${id}`);
    return client;
  };

  return {
    /** Server root, as RPORT_URL (the API is under `/api/v1`). */
    url: `http://127.0.0.1:${port}`,
    state,
    clients: state.clients,
    groups: state.groups,
    problems: state.problems,
    calls,
    /** Every job as `GET …/commands/{jid}` would show it now. */
    get jobs() {
      advanceMultiJobs(state, now());
      return state.jobs.map((j) => viewJob(j, now()));
    },
    /** Calls that asked to run something (single or multi-client). */
    commandCalls: () =>
      calls.filter((c) => c.method === 'POST' && /^(\/clients\/[^/]+)?\/commands$/.test(c.path)),
    setClientOnline(id: string, online: boolean) {
      const client = findClient(id);
      client.connection_state = online ? 'connected' : 'disconnected';
      client.disconnected_at = online ? null : iso(now());
    },
    /** Pause a client (its commands get 404 "…paused…"); `null` resumes it. */
    setClientPaused(id: string, reason: string | null) {
      findClient(id);
      if (reason === null) state.paused.delete(id);
      else state.paused.set(id, reason);
    },
    /** The client's command restrictions reject matching commands (409 `command is not allowed: …`). */
    denyCommands(id: string, pattern: RegExp) {
      findClient(id);
      state.deniedCommands.set(id, pattern);
    },
    addClient(client: FakeClient) {
      state.clients.push(client);
    },
    addProblem(problem: FakeProblem) {
      state.problems.push(problem);
    },
    /** Answer every later request only after `ms` (0: at once), like an rport under load. */
    delayResponses(ms: number) {
      delayMs = ms;
    },
    /** Requests received whose answer is still being held back by delayResponses. */
    unanswered: () => unanswered,
    /** The next request (whatever it is) gets this error envelope. Queue several by calling again. */
    failNext(status: number, title: string, detail = '', headers: Record<string, string> = {}) {
      failures.push({ status, title, detail, headers });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export type FakeRport = Awaited<ReturnType<typeof startFakeRport>>;

interface Out {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

function envelope(title: string, detail: string) {
  return { errors: [{ code: '', title, detail }] };
}

function readBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** rport sends every JSON answer as `application/json; charset=UTF-8` (api_responses.go). */
function write(res: ServerResponse, out: Out): void {
  if (out.json !== undefined) {
    res.writeHead(out.status, { 'content-type': 'application/json; charset=UTF-8', ...out.headers });
    res.end(JSON.stringify(out.json));
  } else if (out.text !== undefined) {
    res.writeHead(out.status, { 'content-type': 'text/plain; charset=utf-8', ...out.headers }).end(out.text);
  } else {
    res.writeHead(out.status, out.headers).end();
  }
}

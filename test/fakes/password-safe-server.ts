import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerResource, type FakePsData, type RouteAnswer } from './password-safe/routes.ts';
import {
  defaultPasswordSafeSeed,
  type FakePasswordSafeSeed,
  type FakePsSession,
  fakePsSession,
} from './password-safe/seed.ts';

export type {
  FakePasswordSafeSeed,
  FakePsSession,
  FakePsUser,
  FakePsUserGroup,
} from './password-safe/seed.ts';
export { fakePsSession, fakePsUser } from './password-safe/seed.ts';

export const PS_BASE_PATH = '/BeyondTrust/api/public/v3';
export const PS_COOKIE = 'ASP.NET_SessionId';

export interface FakePasswordSafeOptions {
  apiKey: string;
  runAs: string;
  /** `true` for the built-in tenant (sessions, users, groups); an object for your own; empty by default. */
  seed?: boolean | FakePasswordSafeSeed;
  /** A session cookie lapses after this long without a call. Default 20 minutes, as the vendor's. */
  sessionIdleMs?: number;
  /** Clock for idle lapses; tests move it instead of waiting. */
  now?: () => number;
  /** The run-as user's password, for a registration that requires it: sign-in then needs `pwd=[…]`. */
  runAsPassword?: string;
  /**
   * Validate the PS-Auth header on every call, not only at sign-in, as some registrations do (EVIDENCE.md).
   * Default true; false accepts the session cookie alone.
   */
  authOnEveryCall?: boolean;
}

export interface RecordedPsCall {
  method: string;
  /** Path below the API base, as sent (e.g. `Auth/SignAppin`, `Sessions`). */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface FakePasswordSafe extends FakePsData {
  /** Base URL including `/BeyondTrust/api/public/v3`. */
  url: string;
  close(): Promise<void>;
  readonly signIns: number;
  readonly signOuts: number;
  /** Sign-in attempts the fake refused (bad header, key or run-as user). */
  readonly refusedSignIns: number;
  /** Session cookies currently valid. */
  readonly liveSessions: number;
  calls: RecordedPsCall[];
  addSession(fields: Partial<FakePsSession> & { SessionID: number }): FakePsSession;
  /** Every session cookie lapses: the next call with one gets 401. */
  expireSessions(): void;
  /**
   * The next call whose path matches (default: anything but Auth/…) answers `status` with `body` instead,
   * before any cookie check. Any status works, so it can also inject an unusual success (a paged answer).
   */
  failNext(status: number, options?: { body?: unknown; path?: string | RegExp }): void;
}

const PS_AUTH = /^PS-Auth key=([^;]*); runas=([^;]*);(?: pwd=\[(.*)\];)?$/;

/** A BeyondInsight public API v3 on 127.0.0.1 that enforces PS-Auth sign-in and the session cookie. */
export async function startFakePasswordSafe(options: FakePasswordSafeOptions): Promise<FakePasswordSafe> {
  const now = options.now ?? Date.now;
  const idleMs = options.sessionIdleMs ?? 20 * 60_000;
  const seed = options.seed === true ? defaultPasswordSafeSeed() : options.seed || {};
  const live = new Map<string, number>(); // cookie value → last use
  const failures: Array<{ status: number; body: unknown; path: string | RegExp | undefined }> = [];
  let signIns = 0;
  let signOuts = 0;
  let refusedSignIns = 0;

  const fake: FakePasswordSafe = {
    url: '',
    sessions: [...(seed.sessions ?? [])],
    users: [...(seed.users ?? [])],
    userGroups: [...(seed.userGroups ?? [])],
    calls: [],
    close: async () => {},
    get signIns() {
      return signIns;
    },
    get signOuts() {
      return signOuts;
    },
    get refusedSignIns() {
      return refusedSignIns;
    },
    get liveSessions() {
      return live.size;
    },
    addSession(fields) {
      const session = fakePsSession(fields);
      fake.sessions.push(session);
      return session;
    },
    expireSessions() {
      live.clear();
    },
    failNext(status, failOptions = {}) {
      failures.push({
        status,
        body: failOptions.body ?? `Injected failure ${status}`,
        path: failOptions.path,
      });
    },
  };

  function answer(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
  ): RouteAnswer & { cookie?: string } {
    const lower = path.toLowerCase();
    const failure = takeFailure(path);
    if (failure) return failure;
    if (lower === 'auth/signappin') return signIn(req);
    if (options.authOnEveryCall !== false && !validPsAuth(req.headers.authorization)) {
      return { status: 401, body: 'Unable to authenticate' };
    }
    const cookie = readSessionCookie(req.headers.cookie);
    const lastUse = cookie === undefined ? undefined : live.get(cookie);
    if (cookie === undefined || lastUse === undefined || now() - lastUse > idleMs) {
      if (cookie !== undefined) live.delete(cookie);
      return { status: 401, body: 'User not authenticated' };
    }
    live.set(cookie, now());
    if (lower === 'auth/signout') {
      if (req.method !== 'POST') return { status: 405, body: 'Method not allowed' };
      live.delete(cookie);
      signOuts += 1;
      return { status: 200, body: 'Successfully signed out' };
    }
    return answerResource(fake, req.method ?? 'GET', path, query) ?? { status: 404, body: 'Not found' };
  }

  function takeFailure(path: string): RouteAnswer | undefined {
    const index = failures.findIndex((f) =>
      f.path === undefined
        ? !/^auth\//i.test(path)
        : typeof f.path === 'string'
          ? f.path.toLowerCase() === path.toLowerCase()
          : f.path.test(path),
    );
    if (index < 0) return undefined;
    const [failure] = failures.splice(index, 1);
    return { status: failure!.status, body: failure!.body };
  }

  /** Key and run-as user as registered, and the password when the registration requires one. */
  function validPsAuth(header: string | undefined): boolean {
    const match = PS_AUTH.exec(header ?? '');
    if (!match || match[1] !== options.apiKey || match[2] !== options.runAs) return false;
    return options.runAsPassword === undefined || match[3] === options.runAsPassword;
  }

  function signIn(req: IncomingMessage): RouteAnswer & { cookie?: string } {
    if (req.method !== 'POST') return { status: 405, body: 'Method not allowed' };
    if (!validPsAuth(req.headers.authorization)) {
      refusedSignIns += 1;
      return { status: 401, body: 'Unable to authenticate' };
    }
    signIns += 1;
    const cookie = newSessionId();
    live.set(cookie, now());
    const user = fake.users.find((u) => u.UserName.toLowerCase() === options.runAs.toLowerCase());
    return {
      status: 200,
      cookie,
      body: {
        UserId: user?.UserID ?? 1,
        SID: null,
        EmailAddress: user?.EmailAddress ?? null,
        UserName: options.runAs,
        Name: user ? `${user.FirstName ?? ''} ${user.LastName ?? ''}`.trim() : options.runAs,
      },
    };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const inBase = url.pathname.toLowerCase().startsWith(`${PS_BASE_PATH.toLowerCase()}/`);
      const path = inBase ? url.pathname.slice(PS_BASE_PATH.length + 1) : url.pathname;
      const result = inBase ? answer(req, path, url.searchParams) : { status: 404, body: 'Not found' };
      fake.calls.push({
        method: req.method ?? '',
        path,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        status: result.status,
      });
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if ('cookie' in result && result.cookie) {
        headers['set-cookie'] = `${PS_COOKIE}=${result.cookie}; path=/; HttpOnly; SameSite=Lax`;
      }
      res.writeHead(result.status, headers);
      res.end(result.body === undefined ? '' : JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}${PS_BASE_PATH}`;
  let closed: Promise<void> | undefined;
  fake.close = () => {
    closed ??= new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
    return closed;
  };
  return fake;
}

function readSessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === PS_COOKIE) return value.join('=');
  }
  return undefined;
}

/** ASP.NET session ids are 24 characters of a–z and 0–5. */
function newSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz012345';
  return [...randomBytes(24)].map((b) => alphabet[b % 32]).join('');
}

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkDecisionBody, checkListQuery, listPage, problem } from './pmcloud/rules.ts';
import {
  makeWireAdminAccessRequest,
  seedAdminAccessRequests,
  type WireAdminAccessRequest,
} from './pmcloud/seed.ts';

export type { WireAdminAccessRequest } from './pmcloud/seed.ts';

export interface FakePmCloudOptions {
  clientId?: string;
  clientSecret?: string;
  /** true (default): the demo records; false: none; an array: exactly these. */
  seed?: boolean | WireAdminAccessRequest[];
  /** Lifetime of issued tokens, default 3600 s as PM Cloud issues them. */
  tokenLifetimeSec?: number;
  /** Where this tenant takes decisions (full path), default FAKE_PMC_DECISION_PATH. */
  decisionPath?: string;
  /** How get-one answers: `array` (default, the published OpenAPI: an array of one model) or `object`. */
  getOneShape?: 'array' | 'object';
}

export interface FakePmCloudCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface FailNextOptions {
  retryAfterSec?: number;
  /** How many requests in a row fail, default 1. */
  times?: number;
  /** Response body (JSON), e.g. a problem+json with `detail`; a plausible one by default. */
  body?: unknown;
  /** Which requests fail: the management API (default) or the token endpoint. */
  target?: 'api' | 'token';
}

export interface FakePmCloud {
  url: string;
  close(): Promise<void>;
  /** The stored admin access requests (mutable). */
  requests: WireAdminAccessRequest[];
  /** POSTs received at the token endpoint, good or bad. */
  readonly tokenRequests: number;
  /** Every access token issued, so tests can check none leaks into a message or a log line. */
  issuedTokens: string[];
  /** Every body received at the decision endpoint, parsed, valid or not. */
  decisions: unknown[];
  calls: FakePmCloudCall[];
  failNext(status: number, options?: FailNextOptions): void;
  /** Every issued token stops working (as when the client secret is regenerated). */
  expireTokens(): void;
  /** Simulate a decision taken elsewhere (the PM Cloud console, another bot). */
  setDecision(id: string, decision: 'Approved' | 'Denied', by: string): void;
  addRequest(fields?: Partial<WireAdminAccessRequest>): WireAdminAccessRequest;
}

const API = '/management-api/v3';
export const FAKE_PMC_DECISION_PATH = `${API}/AdminAccessRequest/decision`;

/**
 * PM Cloud's management API as far as Gatehouse uses it: the IdentityServer token endpoint, Bearer auth on
 * every API call, the paged AdminAccessRequest list, get one, and the decision call (NOTES §2).
 */
export async function startFakePmCloud(options: FakePmCloudOptions = {}): Promise<FakePmCloud> {
  const clientId = options.clientId ?? 'gatehouse-demo';
  const clientSecret = options.clientSecret ?? 'demo-secret';
  const lifetimeSec = options.tokenLifetimeSec ?? 3600;
  const decisionPath = options.decisionPath ?? FAKE_PMC_DECISION_PATH;
  const seed = options.seed ?? true;
  const requests = Array.isArray(seed) ? [...seed] : seed ? seedAdminAccessRequests() : [];
  const tokens = new Map<string, number>();
  const issuedTokens: string[] = [];
  const failures: Array<{
    status: number;
    times: number;
    target: 'api' | 'token';
    retryAfterSec?: number;
    body?: unknown;
  }> = [];
  const decisions: unknown[] = [];
  const calls: FakePmCloudCall[] = [];
  let tokenRequests = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const call: FakePmCloudCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    calls.push(call);
    const reply: Reply = (status, body, headers = {}) => {
      call.status = status;
      const text = body === undefined ? '' : JSON.stringify(body);
      const type = isProblem(body) ? 'application/problem+json' : 'application/json';
      res.writeHead(status, { ...(text ? { 'content-type': `${type}; charset=utf-8` } : {}), ...headers });
      res.end(text);
    };
    const body = await readBody(req);
    const isToken = url.pathname === '/oauth/connect/token';
    if (isToken && req.method === 'POST') tokenRequests += 1;

    const failure = failures[0];
    if (failure && failure.target === (isToken ? 'token' : 'api')) {
      failure.times -= 1;
      if (failure.times <= 0) failures.shift();
      const headers: Record<string, string> =
        failure.retryAfterSec !== undefined ? { 'retry-after': String(failure.retryAfterSec) } : {};
      return reply(failure.status, failure.body ?? defaultFailureBody(failure.status), headers);
    }

    if (isToken) {
      if (req.method !== 'POST') return reply(405);
      return issueToken(req, body, reply);
    }
    if (!url.pathname.startsWith(`${API}/`)) return reply(404);
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const expiresAt = auth ? tokens.get(auth[1]!) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return reply(401, undefined, { 'www-authenticate': auth ? 'Bearer error="invalid_token"' : 'Bearer' });
    }

    const route = url.pathname.slice(API.length);
    if (route === '/AdminAccessRequest') {
      if (req.method !== 'GET') return reply(405, undefined, { allow: 'GET' });
      const query = checkListQuery(url.searchParams);
      if ('errors' in query) return reply(400, problem(400, { errors: query.errors }));
      return reply(200, listPage(requests, query));
    }
    if (url.pathname === decisionPath) {
      // ASP.NET answers a known route's other methods with 405 and the methods it takes.
      if (req.method !== 'POST') return reply(405, undefined, { allow: 'POST' });
      if (!/^(application|text)\/([\w.+-]*\+)?json/i.test(req.headers['content-type'] ?? '')) {
        return reply(415, problem(415, { title: 'Unsupported Media Type' }));
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return reply(400, problem(400, { errors: { $: ['The JSON value could not be converted.'] } }));
      }
      decisions.push(parsed);
      const checked = checkDecisionBody(parsed);
      if ('errors' in checked) return reply(400, problem(400, { errors: checked.errors }));
      const record = requests.find((r) => r.id.toLowerCase() === checked.requestId.toLowerCase());
      if (!record)
        return reply(404, problem(404, { detail: `Admin access request ${checked.requestId} not found.` }));
      if (record.decision !== 'Pending') {
        const detail = `The request was already ${record.decision.toLowerCase()} by ${record.decisionPerformedByUser}.`;
        return reply(409, problem(409, { detail }));
      }
      Object.assign(record, {
        decision: checked.decision,
        decisionTime: new Date().toISOString(),
        decisionPerformedByUser: checked.decisionPerformedByUser,
        message: checked.message,
        ...(checked.duration !== undefined ? { duration: checked.duration } : {}),
      });
      return reply(200);
    }
    const one = /^\/AdminAccessRequest\/([^/]+)$/.exec(route);
    if (one) {
      if (req.method !== 'GET') return reply(405, undefined, { allow: 'GET' });
      const id = decodeURIComponent(one[1]!).toLowerCase();
      const record = requests.find((r) => r.id.toLowerCase() === id);
      if (!record) return reply(404, problem(404));
      return reply(200, options.getOneShape === 'object' ? record : [record]);
    }
    return reply(404);
  }

  function issueToken(req: IncomingMessage, body: string, reply: Reply) {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply(400, { error: 'invalid_request' });
    }
    const form = new URLSearchParams(body);
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [id, secret] = basic
      ? Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    if (id !== clientId || secret !== clientSecret) {
      return basic
        ? reply(401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic' })
        : reply(400, { error: 'invalid_client' });
    }
    if (form.get('grant_type') !== 'client_credentials')
      return reply(400, { error: 'unsupported_grant_type' });
    const scope = form.get('scope');
    if (scope !== null && scope !== 'urn:management:api') return reply(400, { error: 'invalid_scope' });
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + lifetimeSec * 1000);
    issuedTokens.push(token);
    return reply(
      200,
      { access_token: token, expires_in: lifetimeSec, token_type: 'Bearer', scope: 'urn:management:api' },
      { 'cache-control': 'no-store' },
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    requests,
    get tokenRequests() {
      return tokenRequests;
    },
    issuedTokens,
    decisions,
    calls,
    failNext(status, failOptions = {}) {
      failures.push({
        ...failOptions,
        status,
        times: failOptions.times ?? 1,
        target: failOptions.target ?? 'api',
      });
    },
    expireTokens() {
      tokens.clear();
    },
    setDecision(id, decision, by) {
      const record = requests.find((r) => r.id === id);
      if (!record) throw new Error(`fake PM Cloud has no request ${id}`);
      Object.assign(record, {
        decision,
        decisionPerformedByUser: by,
        decisionTime: new Date().toISOString(),
      });
    },
    addRequest(fields = {}) {
      const record = makeWireAdminAccessRequest(fields);
      requests.push(record);
      return record;
    },
  };
}

type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;

function isProblem(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'title' in body && 'status' in body && 'type' in body;
}

function defaultFailureBody(status: number): unknown {
  if (status >= 500) return problem(status, { title: 'An error occurred while processing your request.' });
  if (status === 400 || status === 404 || status === 409) return problem(status);
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

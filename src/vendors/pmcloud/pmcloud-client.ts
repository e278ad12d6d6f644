import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { BadInputError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { VendorCallObserver } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import { parseJson, type VendorRequest, type VendorResponse, type VendorTransport } from '../http.ts';
import { createTokenCache } from '../token-cache.ts';
import { parseVendorResponse } from '../validate.ts';
import { type AdminAccessDecisionInput, buildDecisionBody, checkRequestId } from './admin-access-decision.ts';
import {
  type AdminAccessDecision,
  type AdminAccessRequest,
  adminAccessRequestPageSchema,
  adminAccessRequestSchema,
} from './admin-access-request.ts';
import { createPmCloudSender } from './create-pmcloud-sender.ts';
import { fetchPmCloudToken } from './fetch-pmcloud-token.ts';
import { mapPmCloudFailure, PMC, type PmCloudCallContext } from './map-pmcloud-failure.ts';
import { readOneRecord } from './read-one-record.ts';

/** Management API v3, the current version (seed 002). */
export const PMC_API_BASE_PATH = '/management-api/v3';

/**
 * THE ONE ASSUMPTION TO CONFIRM. PM Cloud documents "Updates an Admin Access Request decision" as a POST under
 * /AdminAccessRequest but no public source names its sub-path (EVIDENCE.md). This is the default; a tenant
 * whose API definition says otherwise sets PMC_DECISION_PATH (see resolveDecisionPath), and a 404 or 405 on
 * it is reported as "decision endpoint not found" (map-pmcloud-failure.ts).
 */
export const ADMIN_ACCESS_DECISION_PATH = '/AdminAccessRequest/decision';

/**
 * Query names for the list filters, inferred from the documented descriptions ("Decision Filter", "Computer
 * Id", "Computer User Name") and the `Filter.<Field>` style other PM Cloud lists use (NOTES §2.2, §2.3).
 * `listPendingAdminAccessRequests` also checks each record's status, so a wrong name costs pages, not safety.
 */
export const ADMIN_ACCESS_FILTER_QUERY = {
  decision: 'Filter.Decision',
  computerId: 'Filter.ComputerId',
  computerUserName: 'Filter.ComputerUserName',
} as const;

/** "Shouldn't exceed 200" (PM Cloud docs). */
export const PMC_MAX_PAGE_SIZE = 200;
/** A runaway `pageCount` must not keep a poller paging forever. */
const MAX_PAGES = 500;

export interface AdminAccessRequestFilter {
  decision?: AdminAccessDecision;
  computerId?: string;
  computerUserName?: string;
}

export interface PmCloudClientOptions {
  /** The "-services" host, e.g. https://<tenant>-services.pm.beyondtrustcloud.com (PMC_URL). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shares the access token between callers and replicas. */
  store: Store;
  dispatcher?: Dispatcher;
  log?: Logger;
  metrics?: VendorCallObserver;
  timeoutMs?: number;
  limits?: VendorTransport['limits'];
  /** Longest total wait for PM Cloud's rate limit before a RateLimitedError, default 8 s. */
  maxRateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** PMC_DECISION_PATH: the decision call's path, default ADMIN_ACCESS_DECISION_PATH. */
  decisionPath?: string;
}

export interface PmCloudClient {
  /** Every admin access request matching `filter`, following all pages. */
  listAdminAccessRequests(options?: {
    pageSize?: number;
    filter?: AdminAccessRequestFilter;
  }): Promise<AdminAccessRequest[]>;
  /** The requests still waiting for a decision. */
  listPendingAdminAccessRequests(): Promise<AdminAccessRequest[]>;
  getAdminAccessRequest(id: string): Promise<AdminAccessRequest>;
  /** Approve or deny; resolves when PM Cloud has accepted the decision. */
  decideAdminAccessRequest(input: AdminAccessDecisionInput): Promise<void>;
  /**
   * Whether the decision path exists, without deciding anything: an OPTIONS on it. `allowed` lists the methods
   * PM Cloud says the path takes (its Allow header), when it says.
   */
  probeDecisionPath(): Promise<{ path: string; status: number; allowed?: string[] }>;
  /** An access token from the token endpoint (or the shared cache), so a bad secret shows on its own. */
  checkToken(): Promise<void>;
  /** Tokens this client fetched from PM Cloud (for tests and diagnostics). */
  readonly tokenFetches: number;
}

export function createPmCloudClient(options: PmCloudClientOptions): PmCloudClient {
  const decisionPath = resolveDecisionPath(options.decisionPath);
  const transport = {
    baseUrl: options.baseUrl,
    dispatcher: options.dispatcher,
    log: options.log,
    metrics: options.metrics,
    timeoutMs: options.timeoutMs,
    limits: options.limits,
  };
  const send = createPmCloudSender({
    transport,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    sleep: options.sleep ?? ((ms) => delay(ms)),
  });
  const tokens = createTokenCache({
    store: options.store,
    key: `token:pmc:${options.clientId}`,
    fetchToken: () => fetchPmCloudToken(send, options),
    now: options.now,
  });

  /** An authenticated API call: a 401 drops the token and retries once with a fresh one. */
  async function callApi(
    req: Omit<VendorRequest, 'headers'> & { headers?: Record<string, string> },
    ctx: PmCloudCallContext,
  ): Promise<VendorResponse> {
    const attempt = async (token: string) =>
      send(
        {
          ...req,
          path: PMC_API_BASE_PATH + req.path,
          headers: { accept: 'application/json', ...req.headers, authorization: `Bearer ${token}` },
        },
        ctx,
      );
    const token = await tokens.get();
    let res = await attempt(token);
    if (res.status === 401) {
      options.log?.info(
        { vendor: PMC, operation: req.operation },
        'PM Cloud refused the token; fetching a new one',
      );
      await tokens.invalidate(token);
      res = await attempt(await tokens.get());
    }
    if (res.status < 200 || res.status >= 300) throw mapPmCloudFailure(res, ctx);
    return res;
  }

  async function listAdminAccessRequests(
    list: { pageSize?: number; filter?: AdminAccessRequestFilter } = {},
  ): Promise<AdminAccessRequest[]> {
    const pageSize = list.pageSize ?? PMC_MAX_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PMC_MAX_PAGE_SIZE) {
      throw new BadInputError(
        `PM Cloud pages hold 1 to ${PMC_MAX_PAGE_SIZE} records (asked for ${pageSize}).`,
      );
    }
    const filterQuery: Record<string, string> = {};
    for (const [name, value] of Object.entries(list.filter ?? {})) {
      if (value === undefined) continue;
      filterQuery[ADMIN_ACCESS_FILTER_QUERY[name as keyof AdminAccessRequestFilter]] = value;
    }
    const ctx = { operation: 'adminAccessRequests.list', action: 'listing admin access requests' };
    // Keyed by id: a record that moves between pages while we read (a new request arrives) counts once.
    const all = new Map<string, AdminAccessRequest>();
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber += 1) {
      const res = await callApi(
        {
          method: 'GET',
          path: '/AdminAccessRequest',
          query: { 'Pagination.PageSize': pageSize, 'Pagination.PageNumber': pageNumber, ...filterQuery },
          operation: ctx.operation,
        },
        ctx,
      );
      const page = parseVendorResponse(
        PMC,
        'the admin access request list',
        adminAccessRequestPageSchema,
        parseJson(PMC, res, ctx.operation),
      );
      const data = page.data ?? [];
      for (const record of data) all.set(record.id, record);
      const total = page.totalRecordCount;
      const pageCount = page.pageCount ?? (total != null ? Math.ceil(total / pageSize) : undefined);
      const more = pageCount !== undefined ? pageNumber < pageCount : data.length >= pageSize;
      if (data.length === 0 || !more) return [...all.values()];
    }
    options.log?.warn({ vendor: PMC, pages: MAX_PAGES }, 'PM Cloud admin access request list cut short');
    return [...all.values()];
  }

  return {
    get tokenFetches() {
      return tokens.fetches;
    },
    listAdminAccessRequests,

    async listPendingAdminAccessRequests() {
      const records = await listAdminAccessRequests({ filter: { decision: 'Pending' } });
      return records.filter((r) => r.status === 'Pending');
    },

    async getAdminAccessRequest(id) {
      const requestId = checkRequestId(id);
      const ctx = {
        operation: 'adminAccessRequests.get',
        action: `reading admin access request ${requestId}`,
        requestId,
      };
      const res = await callApi(
        {
          method: 'GET',
          path: `/AdminAccessRequest/${encodeURIComponent(requestId)}`,
          operation: ctx.operation,
        },
        ctx,
      );
      // The published OpenAPI (v2) answers with an array of one model; an object is read too (EVIDENCE.md).
      const one = readOneRecord(parseJson(PMC, res, ctx.operation), requestId);
      if (one === undefined) throw mapPmCloudFailure({ ...res, status: 404 }, ctx);
      return parseVendorResponse(PMC, 'the admin access request', adminAccessRequestSchema, one);
    },

    async checkToken() {
      await tokens.get();
    },

    async probeDecisionPath() {
      const path = decisionPath.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000');
      const ctx = { operation: 'adminAccessRequests.probeDecision', action: 'checking the decision path' };
      const token = await tokens.get();
      const res = await send(
        {
          method: 'OPTIONS',
          path: PMC_API_BASE_PATH + path,
          headers: { accept: 'application/json', authorization: `Bearer ${token}` },
          operation: ctx.operation,
        },
        ctx,
      );
      const allow = res.headers.allow ?? res.headers['access-control-allow-methods'];
      const allowed =
        typeof allow === 'string' ? allow.split(',').map((m) => m.trim().toUpperCase()) : undefined;
      return { path: PMC_API_BASE_PATH + path, status: res.status, ...(allowed ? { allowed } : {}) };
    },

    async decideAdminAccessRequest(input) {
      const body = buildDecisionBody(input);
      const verb = input.decision === 'Approved' ? 'approving' : 'denying';
      const path = decisionPath.replace(/\{[^}]+\}/g, encodeURIComponent(body.requestId));
      const ctx = {
        operation: 'adminAccessRequests.decide',
        action: `${verb} admin access request ${body.requestId}`,
        requestId: body.requestId,
        decisionPath: PMC_API_BASE_PATH + path,
      };
      await callApi(
        {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          operation: ctx.operation,
        },
        ctx,
      );
    },
  };
}

/**
 * PMC_DECISION_PATH as the tenant's Swagger shows it: relative to /management-api/v3 (`/AdminAccessRequest/…`)
 * or the full path (`/management-api/v3/AdminAccessRequest/…`); `{requestId}` (any `{…}`) is replaced by the
 * request's id. Anything else is refused at start-up rather than at the first approval.
 */
export function resolveDecisionPath(path: string | undefined): string {
  if (path === undefined || path.trim() === '') return ADMIN_ACCESS_DECISION_PATH;
  let p = path.trim();
  if (p.startsWith(`${PMC_API_BASE_PATH}/`)) p = p.slice(PMC_API_BASE_PATH.length);
  if (!/^\/[A-Za-z0-9_\-./{}]+$/.test(p) || p.includes('..') || p.startsWith('/management-api/')) {
    throw new BadInputError(
      `PMC_DECISION_PATH "${p.slice(0, 80)}" is not a path under ${PMC_API_BASE_PATH}: copy it from the tenant's API definition, e.g. /AdminAccessRequest/decision.`,
    );
  }
  return p;
}

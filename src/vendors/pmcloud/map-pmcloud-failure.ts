import { RateLimitedError, VendorError } from '../../errors.ts';
import type { VendorResponse } from '../http.ts';

/** The name people know the system by; every sentence below starts with it. */
export const PMC = 'PM Cloud';

/** What a failed call was doing, for the sentence a person reads. */
export interface PmCloudCallContext {
  operation: string;
  /** e.g. "listing admin access requests" */
  action: string;
  /** The admin access request concerned, for 404s. */
  requestId?: string;
  /** Set on the decision call: a 404 or 405 there means the path is wrong, not the request. */
  decisionPath?: string;
}

/**
 * The decision call's path does not exist on this tenant (404 or 405 there): a setting to fix, not a request
 * to retry. Handlers tell the approver once, privately, and leave the card actionable.
 */
export class DecisionPathError extends VendorError {
  readonly path: string;
  constructor(path: string, status: number, aside: string) {
    super(
      PMC,
      `${PMC} has no decision endpoint at POST ${path} (HTTP ${status})${aside}: PMC_DECISION_PATH must match the tenant's API definition (its Swagger page lists the POST that updates an admin access request decision).`,
      { status, code: 'config' },
    );
    this.path = path;
  }
}

/**
 * ASP.NET answers an unknown route with 404 and no body, a known route's other method with 405; a controller
 * that looked for the record and did not find it sends an RFC 7807 problem (`title` and `status`).
 */
function isRouteMiss(res: VendorResponse): boolean {
  if (res.status === 405) return true;
  try {
    const body = JSON.parse(res.text) as { title?: unknown; status?: unknown };
    return !(typeof body === 'object' && body !== null && 'title' in body && 'status' in body);
  } catch {
    return true;
  }
}

/**
 * The one place PM Cloud's HTTP failures become sentences. The API documents only 200 and 500 for the admin
 * access request calls (NOTES §2.1); the rest follows ASP.NET and IdentityServer conventions: 400 as RFC 7807
 * problem+json `{title, detail, errors}`, 401 for a bad or expired token, 403 for a missing permission area.
 */
export function mapPmCloudFailure(res: VendorResponse, ctx: PmCloudCallContext): VendorError {
  const detail = readProblemDetail(res.text);
  const because = detail ? `: ${detail}` : '';
  const aside = detail ? ` (${detail})` : '';
  const status = res.status;
  if (status === 401) {
    return new VendorError(
      PMC,
      `${PMC} refused Gatehouse's access token (401) while ${ctx.action}, even a freshly issued one: check that the API account PMC_CLIENT_ID is still enabled and that its secret was not regenerated.`,
      { status },
    );
  }
  if (status === 403) {
    return new VendorError(
      PMC,
      `${PMC} denied ${ctx.action} (403): the API account PMC_CLIENT_ID lacks the JIT (Admin access request) permission; give it JIT access in PM Cloud (Configuration → API Settings).`,
      { status, code: 'not_permitted' },
    );
  }
  if ((status === 404 || status === 405) && ctx.decisionPath !== undefined && isRouteMiss(res)) {
    return new DecisionPathError(ctx.decisionPath, status, aside);
  }
  if (status === 404 && ctx.requestId !== undefined) {
    return new VendorError(
      PMC,
      `${PMC} has no admin access request ${ctx.requestId} (404): check the id, or list the current requests with "access list".`,
      { status, code: 'not_found' },
    );
  }
  if (status === 409) {
    return new VendorError(
      PMC,
      `${PMC} would not record the decision (409)${aside}: the request was probably decided by someone else already; look at it again with "access show".`,
      { status, code: 'conflict' },
    );
  }
  if (status >= 500) {
    return new VendorError(
      PMC,
      `${PMC} failed (HTTP ${status}) while ${ctx.action}${aside}: try again in a minute; if it persists check the PM Cloud service status.`,
      { status },
    );
  }
  if (status === 400 || status === 422) {
    return new VendorError(PMC, `${PMC} rejected ${ctx.action} (HTTP ${status})${because}.`, {
      status,
      code: 'bad_input',
    });
  }
  return new VendorError(PMC, `${PMC} answered ${ctx.action} with HTTP ${status}${because}.`, { status });
}

/** Token endpoint (`/oauth/connect/token`, IdentityServer): `{"error":"invalid_client"}` and friends. */
export function mapPmCloudTokenFailure(res: VendorResponse): VendorError {
  const status = res.status;
  const error = readOAuthError(res.text);
  if (error === 'invalid_client' || error === 'unauthorized_client' || status === 401) {
    return new VendorError(
      PMC,
      `${PMC} refused the API credentials: check PMC_CLIENT_ID and PMC_CLIENT_SECRET.`,
      { status, code: 'config' },
    );
  }
  if (status === 404) {
    return new VendorError(
      PMC,
      `${PMC} has no token endpoint at this address (404): check that PMC_URL is the "-services" host, e.g. https://<tenant>-services.pm.beyondtrustcloud.com.`,
      { status, code: 'config' },
    );
  }
  if (status >= 500) {
    return new VendorError(
      PMC,
      `${PMC} failed (HTTP ${status}) while issuing an access token: try again in a minute; if it persists check the PM Cloud service status.`,
      { status },
    );
  }
  const named = error ? ` (${error})` : '';
  return new VendorError(
    PMC,
    `${PMC} would not issue an access token (HTTP ${status})${named}: check PMC_URL, PMC_CLIENT_ID and PMC_CLIENT_SECRET.`,
    { status },
  );
}

/** Still rate limited after waiting `waitedMs` in total; PM Cloud allows 1,000 requests per 100 s. */
export function rateLimited(
  ctx: { action: string },
  waitedMs: number,
  retryAfterMs: number,
): RateLimitedError {
  const waited = `${Math.round(waitedMs / 100) / 10} s`;
  return new RateLimitedError(
    PMC,
    `${PMC} is limiting how fast Gatehouse may call it (1,000 requests per 100 s) and was still busy after ${waited} while ${ctx.action}: try again in a minute.`,
    retryAfterMs,
  );
}

/** A short, readable reason from an RFC 7807 problem body (`detail`, else `title` plus field errors). */
export function readProblemDetail(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const problem = body as { title?: unknown; detail?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof problem.detail === 'string' && problem.detail.trim()) parts.push(problem.detail.trim());
  else if (typeof problem.title === 'string' && problem.title.trim()) parts.push(problem.title.trim());
  if (typeof problem.errors === 'object' && problem.errors !== null) {
    for (const [field, messages] of Object.entries(problem.errors)) {
      const list = Array.isArray(messages) ? messages : [messages];
      parts.push(`${field}: ${list.filter((m) => typeof m === 'string').join(' ')}`);
    }
  }
  const joined = parts.map((part) => part.replace(/\s+/g, ' ').replace(/\.$/, '')).join('; ');
  return joined ? clip(joined, 300) : undefined;
}

function readOAuthError(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

import { RateLimitedError, VendorError } from '../../errors.ts';
import { parseRetryAfter, type VendorResponse } from '../http.ts';

export const PASSWORD_SAFE = 'Password Safe';

/** What a call is, in words a person reads: used for metrics and for every error sentence. */
export interface PsOperation {
  /** Metrics and log name, e.g. `sessions.list`. */
  name: string;
  /** Verb phrase completing "Password Safe refused to …", e.g. `list sessions`. */
  what: string;
  /** The BeyondInsight permission the run-as user needs for it (seed 001/003 "Required permissions"). */
  permission: string;
  /** What a 404 means was missing, e.g. `session 12`; absent when a 404 can only mean a wrong URL. */
  subject?: string;
}

/** Password Safe's documented 403 sub-codes (NOTES §4.2 and §4.3, seed 001). */
const FORBIDDEN_CODES: Record<string, string> = {
  '4033': 'this API or account is for approvers only',
  '4034': 'the request is not yet approved',
};

/**
 * Every Password Safe failure becomes one sentence here, and only here. `phase` says where the answer came
 * from: the sign-in itself, or a call that was still refused after signing in afresh.
 */
export function mapPasswordSafeError(
  op: PsOperation,
  res: VendorResponse,
  phase: 'sign-in' | 'call' | 'after-re-sign-in' = 'call',
): VendorError {
  const { status } = res;
  if (status === 401 && phase === 'sign-in') {
    return new VendorError(
      PASSWORD_SAFE,
      'Password Safe refused the API key or run-as user: check PS_API_KEY and PS_RUNAS (and the API registration’s allowed IP addresses).',
      { status },
    );
  }
  if (status === 401) {
    return new VendorError(
      PASSWORD_SAFE,
      `Password Safe signed Gatehouse in but still refused to ${op.what} (401): check that PS_URL reaches one server (sticky sessions on a load balancer) and that the API registration allows this address.`,
      { status },
    );
  }
  if (status === 403) {
    const code = findForbiddenCode(res.text);
    const reason = code ? `, code ${code}: ${FORBIDDEN_CODES[code]}` : '';
    return new VendorError(
      PASSWORD_SAFE,
      `Password Safe refused to ${op.what} (403${reason}): the run-as user in PS_RUNAS needs ${op.permission}.`,
      { status, code: 'not_permitted' },
    );
  }
  if (status === 404) {
    const message = op.subject
      ? `Password Safe has no ${op.subject} (404); check the id.`
      : `Password Safe does not know the address used to ${op.what} (404): check that PS_URL ends in /BeyondTrust/api/public/v3.`;
    return new VendorError(PASSWORD_SAFE, message, { status, code: 'not_found' });
  }
  if (status === 429) {
    const waitMs = parseRetryAfter(res.headers['retry-after'], 30_000);
    return new RateLimitedError(
      PASSWORD_SAFE,
      `Password Safe is receiving too many calls; try again in ${Math.ceil(waitMs / 1000)} s.`,
      waitMs,
    );
  }
  if (status >= 500) {
    return new VendorError(
      PASSWORD_SAFE,
      `Password Safe failed while trying to ${op.what} (HTTP ${status}); try again in a minute, and check the BeyondInsight server if it keeps failing.`,
      { status },
    );
  }
  const detail = summarizeBody(res.text);
  return new VendorError(
    PASSWORD_SAFE,
    `Password Safe rejected the request to ${op.what} (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
    { status, code: status === 400 ? 'bad_input' : 'vendor' },
  );
}

/** The 4033/4034 code in a 403 body, whatever its shape (a JSON string, a number, an object, plain text). */
export function findForbiddenCode(text: string): string | undefined {
  return /\b(403[34])\b/.exec(text)?.[1];
}

/** A short, single-line excerpt of an error body (Password Safe sends a JSON string or plain text). */
function summarizeBody(text: string): string {
  let body = text.trim();
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') body = parsed;
    else if (parsed && typeof parsed === 'object' && 'Message' in parsed) body = String(parsed.Message);
  } catch {
    // Not JSON: use the text as it is.
  }
  body = body.replace(/\s+/g, ' ').replace(/[.\s]+$/, '');
  return body.length > 160 ? `${body.slice(0, 157)}…` : body;
}

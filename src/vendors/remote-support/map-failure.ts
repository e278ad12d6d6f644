import { RateLimitedError } from '../../errors.ts';
import { parseRetryAfter, type VendorResponse } from '../http.ts';
import { REMOTE_SUPPORT, RemoteSupportError } from './remote-support-error.ts';

/**
 * Every way a Remote Support call can fail becomes one sentence here, and only here (STYLE: one place per
 * client). Messages name the system and what to check; none carries a token, a secret or a session key.
 */

const WHAT: Record<string, string> = {
  token: 'issue an API token',
  generate_session_key: 'generate a session key',
  get_logged_in_reps: 'list the logged-in representatives',
  get_support_teams: 'list the support teams',
  check_health: 'report the appliances’ health',
  get_api_info: 'report its API information',
};

const FULL_ACCESS =
  'the API account needs full access to the command API (/login > Management > API Configuration)';

/** Appliance texts that mean "this account may not do that". The wording is not documented (README.md). */
const PERMISSION_WORDS = /permission|not authori[sz]ed|access denied|not allowed|forbidden|read[- ]only/i;

const what = (action: string) => WHAT[action] ?? `run ${action}`;

/** The appliance's own text, made safe to quote in one line. */
function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** An `<error>` element in a command API answer. */
export function describeApplianceError(action: string, text: string, status?: number): RemoteSupportError {
  const said = quote(text) || 'an empty error';
  const message = PERMISSION_WORDS.test(said)
    ? `Remote Support would not ${what(action)} ("${said}"): ${FULL_ACCESS}.`
    : `Remote Support could not ${what(action)}: it answered "${said}".`;
  return new RemoteSupportError(action, message, {
    applianceMessage: said,
    ...(status === undefined ? {} : { status }),
    ...(PERMISSION_WORDS.test(said) ? { code: 'not_permitted' as const } : {}),
  });
}

/** A document Gatehouse will not read (a DOCTYPE, entities, malformed XML). */
export function refuseXml(action: string, problem: string, cause?: unknown): RemoteSupportError {
  return new RemoteSupportError(
    action,
    `Remote Support answered ${action} with a document that ${problem}, so Gatehouse did not use it.`,
    { cause },
  );
}

/** A document that parsed but lacks something Gatehouse needs (`what` names the element or attribute). */
export function missingField(action: string, field: string, problem = 'is missing'): RemoteSupportError {
  return new RemoteSupportError(
    action,
    `Remote Support sent an answer to ${action} that Gatehouse cannot use: ${field} ${problem}.`,
  );
}

/** A failed `POST /oauth2/token`. The body may be JSON `{error, message}`; it is kept, never shown. */
export function describeTokenFailure(res: VendorResponse): RemoteSupportError | RateLimitedError {
  const detail = res.text.slice(0, 300);
  if (res.status === 400 || res.status === 401) {
    return new RemoteSupportError(
      'token',
      'Remote Support refused the API credentials: check RS_CLIENT_ID and RS_CLIENT_SECRET.',
      { status: res.status, applianceMessage: detail, code: 'config' },
    );
  }
  return describeStatus('token', res);
}

/** A command API answer with a status other than 2xx (401 is retried once before it gets here). */
export function describeCommandFailure(
  action: string,
  res: VendorResponse,
  applianceText: string | undefined,
): RemoteSupportError | RateLimitedError {
  if (res.status === 401) {
    return new RemoteSupportError(
      action,
      'Remote Support refused a freshly issued API token (401): check that the API account for RS_CLIENT_ID is enabled and that RS_CLIENT_SECRET is current.',
      { status: 401, code: 'config' },
    );
  }
  if (res.status === 403) {
    return new RemoteSupportError(action, `Remote Support would not ${what(action)} (403): ${FULL_ACCESS}.`, {
      status: 403,
      code: 'not_permitted',
      ...(applianceText ? { applianceMessage: quote(applianceText) } : {}),
    });
  }
  if (res.status < 500 && res.status !== 429 && applianceText) {
    return describeApplianceError(action, applianceText, res.status);
  }
  return describeStatus(action, res);
}

function describeStatus(action: string, res: VendorResponse): RemoteSupportError | RateLimitedError {
  if (res.status === 429) {
    const waitMs = parseRetryAfter(res.headers['retry-after'], 5_000);
    return new RateLimitedError(
      REMOTE_SUPPORT,
      `Remote Support is limiting how often Gatehouse may call it (429); try again in ${Math.ceil(waitMs / 1000)} s.`,
      waitMs,
    );
  }
  if (res.status >= 500) {
    return new RemoteSupportError(
      action,
      `Remote Support could not ${what(action)} (HTTP ${res.status}): the appliance is failing or busy; try again in a minute.`,
      { status: res.status },
    );
  }
  return new RemoteSupportError(action, `Remote Support could not ${what(action)} (HTTP ${res.status}).`, {
    status: res.status,
  });
}

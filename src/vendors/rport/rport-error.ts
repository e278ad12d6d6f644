import { type ErrorCode, RateLimitedError, VendorError } from '../../errors.ts';
import { parseRetryAfter, type VendorResponse } from '../http.ts';
import { errorEnvelopeWire } from './schemas.ts';

export const RPORT = 'rport';

/** What went wrong, for handlers that branch (offer "retry when online", "ask an admin", …). */
export type RportErrorKind =
  | 'auth'
  | 'forbidden'
  | 'no_permission'
  | 'not_found'
  | 'disconnected'
  | 'paused'
  | 'busy'
  | 'scope'
  | 'bad_request'
  | 'server'
  | 'rate_limited'
  /** `/monitoring/problems` is not there: rportd runs without the Rport Plus plug-in. */
  | 'plus_required';

const CODES: Partial<Record<RportErrorKind, ErrorCode>> = {
  not_found: 'not_found',
  disconnected: 'not_found',
  paused: 'not_found',
  busy: 'conflict',
  bad_request: 'bad_input',
  plus_required: 'not_configured',
};

/** A documented rportd failure. `title` and `detail` are the server's words, kept for logs. */
export class RportError extends VendorError {
  readonly kind: RportErrorKind;
  readonly title: string;
  readonly detail: string;
  constructor(
    kind: RportErrorKind,
    message: string,
    options: { status: number; title?: string; detail?: string; cause?: unknown },
  ) {
    super(RPORT, message, { status: options.status, code: CODES[kind] ?? 'vendor', cause: options.cause });
    this.kind = kind;
    this.title = options.title ?? '';
    this.detail = options.detail ?? '';
  }
}

/** 429 from rport's brute-force ban; a RateLimitedError so shared retry logic sees it. */
export class RportRateLimitedError extends RateLimitedError {
  readonly kind = 'rate_limited' as const;
}

/** The kind of an rport failure, or undefined for anything else. */
export function rportErrorKind(err: unknown): RportErrorKind | undefined {
  if (err instanceof RportError || err instanceof RportRateLimitedError) return err.kind;
  return undefined;
}

/** What the call was for, so the sentence can name it. */
export interface FailureContext {
  /** Verb phrase: "run the command", "list clients". */
  action: string;
  clientId?: string;
}

const BAN_FALLBACK_MS = 60_000;

/**
 * The one place rport HTTP failures become sentences (NOTES §1.2–1.7). `secret` is scrubbed from any
 * text the server sent back, in case it ever echoes the credential.
 */
export function toRportError(res: VendorResponse, ctx: FailureContext, secret: string): VendorError {
  const { title, detail } = readEnvelope(res.text, secret);
  const status = res.status;
  const base = { status, title, detail };
  const more = detail && detail !== title ? ` (${sentence(detail)})` : '';
  const said = title ? `: ${sentence(title)}${more}` : '';
  const client = ctx.clientId ? `client ${ctx.clientId}` : 'the client';

  if (status === 401) {
    return new RportError(
      'auth',
      'rport refused the credentials (401): check RPORT_USER and RPORT_TOKEN.',
      base,
    );
  }
  if (status === 429) {
    return new RportRateLimitedError(
      RPORT,
      'rport has temporarily banned this user or address after repeated failed logins (429): wait, then check RPORT_USER and RPORT_TOKEN.',
      parseRetryAfter(res.headers['retry-after'], BAN_FALLBACK_MS),
    );
  }
  if (status === 403) {
    const denied = /^Access denied to client\(s\) with ID\(s\):\s*(.+)$/i.exec(title);
    if (denied) {
      return new RportError(
        'forbidden',
        `rport denied the rport user access to client ${denied[1]!.trim()} (403): ask an rport administrator to allow one of the user's groups on it.`,
        base,
      );
    }
    const permission = /does not have "([^"]+)" permission/i.exec(title);
    if (permission) {
      return new RportError(
        'no_permission',
        `The rport user does not have the "${permission[1]}" permission (403): ask an rport administrator to grant it to one of the user's groups.`,
        base,
      );
    }
    if (/Administrators/.test(title)) {
      return new RportError(
        'no_permission',
        `rport lets only members of its Administrators group ${ctx.action} (403): add the rport user to that group.`,
        base,
      );
    }
    return new RportError('forbidden', `rport refused to ${ctx.action} (403)${said}.`, base);
  }
  if (status === 404) {
    if (/^Active client/i.test(title)) {
      return new RportError(
        'disconnected',
        `rport ${client} is not connected, so nothing was run (404): try again when it is back online.`,
        base,
      );
    }
    const paused = /client being paused(?: \(reason = ([^)]*)\))?/i.exec(title);
    if (paused) {
      const reason = paused[1]?.trim() ? `: ${paused[1].trim()}` : '';
      return new RportError('paused', `rport ${client} is paused and runs no commands (404)${reason}.`, base);
    }
    const unknown = /^Client with id="([^"]*)" not found/i.exec(title);
    if (unknown) {
      return new RportError(
        'not_found',
        `rport has no client ${unknown[1]} (404): check the id with "rport clients".`,
        base,
      );
    }
    return new RportError('not_found', `rport found nothing to ${ctx.action} (404)${said}.`, base);
  }
  if (status === 409) {
    return new RportError(
      'busy',
      `rport ${client} refused the command (409)${title ? `: ${sentence(title)}` : ': a previous command may still be running'}.`,
      base,
    );
  }
  if (status === 500 && /scope of the provided token/i.test(title)) {
    return new RportError(
      'scope',
      `rport refused to ${ctx.action} because the rport API token lacks read+write scope: create a token with scope read+write and put it in RPORT_TOKEN.`,
      base,
    );
  }
  if (status === 400) {
    return new RportError('bad_request', `rport rejected the request to ${ctx.action} (400)${said}.`, base);
  }
  if (status >= 500) {
    return new RportError('server', `rport failed to ${ctx.action} (${status})${said}.`, base);
  }
  return new RportError(
    'bad_request',
    `rport answered HTTP ${status} when asked to ${ctx.action}${said}.`,
    base,
  );
}

function readEnvelope(body: string, secret: string): { title: string; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { title: '', detail: '' };
  }
  const parsed = errorEnvelopeWire.safeParse(json);
  if (!parsed.success) return { title: '', detail: '' };
  const first = parsed.data.errors[0]!;
  return { title: scrub(first.title, secret), detail: scrub(first.detail, secret) };
}

function scrub(value: string, secret: string): string {
  const trimmed = value.trim();
  return secret ? trimmed.split(secret).join('[redacted]') : trimmed;
}

/** Server text embedded mid-sentence: no trailing full stop (we add our own). */
function sentence(value: string): string {
  return value.replace(/[.\s]+$/, '');
}

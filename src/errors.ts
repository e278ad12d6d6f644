/**
 * One error taxonomy. Every error a person can see carries a sentence they can act on (`message`) and a
 * stable `code` for logs and metrics. Adapters show `message` and nothing else: never a stack trace.
 */
export type ErrorCode =
  | 'config'
  | 'policy'
  | 'verification'
  | 'bad_input'
  | 'not_permitted'
  | 'not_configured'
  | 'not_found'
  | 'conflict'
  | 'expired'
  | 'vendor'
  | 'rate_limited'
  | 'internal';

export class GatehouseError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'internal', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad or missing setting; start-up stops with this message. */
export class ConfigError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'config', options);
  }
}

/** A request whose signature, token or timestamp does not check out (HTTP 401). */
export class VerificationError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'verification', options);
  }
}

/** Input a person or a caller sent that cannot be used (HTTP 400, or help in chat). */
export class BadInputError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'bad_input', options);
  }
}

/** The policy does not allow this actor to do this. */
export class NotPermittedError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'not_permitted', options);
  }
}

/** A platform or vendor whose settings are absent. */
export class NotConfiguredError extends GatehouseError {
  readonly system: string;
  constructor(system: string) {
    super(`${system} is not configured here.`, 'not_configured');
    this.system = system;
  }
}

/** A vendor call failed. `status` is the HTTP status when there was one. */
export class VendorError extends GatehouseError {
  readonly vendor: string;
  readonly status: number | undefined;
  constructor(
    vendor: string,
    message: string,
    options?: { status?: number; cause?: unknown; code?: ErrorCode },
  ) {
    super(message, options?.code ?? 'vendor', { cause: options?.cause });
    this.vendor = vendor;
    this.status = options?.status;
  }
}

/** A vendor (or platform) asked us to slow down; `retryAfterMs` is how long it asked for. */
export class RateLimitedError extends VendorError {
  readonly retryAfterMs: number;
  constructor(vendor: string, message: string, retryAfterMs: number, options?: { status?: number }) {
    super(vendor, message, { status: options?.status ?? 429, code: 'rate_limited' });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The sentence a person sees for any error: ours verbatim, anything else as a generic line. */
export function describeError(err: unknown): string {
  if (err instanceof GatehouseError) return err.message;
  return 'Something went wrong inside Gatehouse; the error is in its log. Try again, and tell the bot’s owners if it keeps happening.';
}

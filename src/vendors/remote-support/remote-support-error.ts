import { type ErrorCode, VendorError } from '../../errors.ts';

/** The name people see in every message about this API. */
export const REMOTE_SUPPORT = 'Remote Support';

/**
 * A Remote Support call that failed: an HTTP status, an unusable answer, or an `<error>` element in the
 * XML. `applianceMessage` is the appliance's own text when it sent one (never a secret: the command API puts
 * a description of the problem there, not the request).
 */
export class RemoteSupportError extends VendorError {
  readonly action: string;
  readonly applianceMessage: string | undefined;
  constructor(
    action: string,
    message: string,
    options?: { status?: number; cause?: unknown; code?: ErrorCode; applianceMessage?: string },
  ) {
    super(REMOTE_SUPPORT, message, options);
    this.action = action;
    this.applianceMessage = options?.applianceMessage;
  }
}

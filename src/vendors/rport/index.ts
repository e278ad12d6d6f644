export { toCommandBody, toMultiCommandBody } from './command-body.ts';
export type { RportAccess } from './rport-access.ts';
export { createRportCall, type RportCall, type RportRequest } from './rport-call.ts';
export {
  CLIENT_FIELDS,
  createRportClient,
  RPORT_PLUS_REQUIRED,
  type RportApi,
  type RportClientOptions,
} from './rport-client.ts';
export {
  type FailureContext,
  RportError,
  type RportErrorKind,
  RportRateLimitedError,
  rportErrorKind,
  toRportError,
} from './rport-error.ts';
export type * from './types.ts';
export { CLIENT_SORT_FIELDS } from './types.ts';

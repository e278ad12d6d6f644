export { mapPasswordSafeError, PASSWORD_SAFE, type PsOperation } from './map-password-safe-error.ts';
export {
  createPasswordSafeClient,
  type PasswordSafeClient,
  type PasswordSafeClientOptions,
} from './password-safe-client.ts';
export {
  nameSessionProtocol,
  nameSessionStatus,
  type PsSession,
  SESSION_PROTOCOL_NAMES,
  SESSION_STATUS_NAMES,
} from './ps-session.ts';
export { type PsUser, qualifiedUserName } from './ps-user.ts';

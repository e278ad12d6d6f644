export { hasFullCommandAccess } from './parse-api-info.ts';
export {
  createRemoteSupportClient,
  type RemoteSupportClient,
  type RemoteSupportClientOptions,
} from './remote-support-client.ts';
export { REMOTE_SUPPORT, RemoteSupportError } from './remote-support-error.ts';
export type * from './types.ts';

import type { PasswordSafeClient } from './password-safe/index.ts';
import type { PmCloudClient } from './pmcloud/index.ts';
import type { RemoteSupportClient } from './remote-support/index.ts';
import type { RportApi } from './rport/index.ts';

/** Every vendor client, present only when configured (the `requires` of an intent names which). */
export interface Vendors {
  rport?: RportApi;
  pmCloud?: PmCloudClient;
  remoteSupport?: RemoteSupportClient;
  passwordSafe?: PasswordSafeClient;
}

/** The names intents use in `requires`, and which say "<name> is not configured here". */
export const SYSTEMS = {
  rport: 'rport',
  pmCloud: 'PM Cloud',
  remoteSupport: 'Remote Support',
  passwordSafe: 'Password Safe',
} as const;

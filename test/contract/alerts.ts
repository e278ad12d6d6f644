import { signedAlertHeaders } from '../helpers/alert-signing.ts';
import { ALERT_SECRET } from './contract-world.ts';

/** Headers of a POST /alerts signed the way senders sign it. */
export const signedAlert = (raw: string) => signedAlertHeaders(raw, { secret: ALERT_SECRET });

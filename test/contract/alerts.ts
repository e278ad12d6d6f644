import { signAlertBody } from '../../adapters/alerts/verify-alert-request.ts';
import { ALERT_SECRET } from './contract-world.ts';

/** Headers of a POST /alerts signed the way senders sign it. */
export function signedAlert(raw: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-gatehouse-timestamp': ts,
    'x-gatehouse-signature': signAlertBody(ALERT_SECRET, ts, raw),
  };
}

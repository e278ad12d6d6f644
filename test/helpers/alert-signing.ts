import { createHmac } from 'node:crypto';

/**
 * Headers of a POST /alerts signed as senders sign it (HMAC-SHA256 of `<timestamp>.<body>`), computed here
 * rather than with Gatehouse's own signer, so a test of the check does not grade itself. `ts` is seconds since
 * the epoch, now by default.
 */
export function signedAlertHeaders(
  body: string,
  options: { secret: string; ts?: number },
): Record<string, string> {
  const ts = String(options.ts ?? Math.floor(Date.now() / 1000));
  const hex = createHmac('sha256', options.secret).update(`${ts}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-gatehouse-timestamp': ts,
    'x-gatehouse-signature': `sha256=${hex}`,
  };
}

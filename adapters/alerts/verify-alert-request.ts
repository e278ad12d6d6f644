import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { VerificationError } from '../../src/errors.ts';

/** A signed request older or newer than this is refused: a captured one cannot be replayed later. */
export const SIGNATURE_WINDOW_SEC = 5 * 60;

export interface AlertSignedRequest {
  secret: string;
  rawBody: string;
  /** `X-Gatehouse-Timestamp`: Unix seconds. */
  timestamp: string | undefined;
  /** `X-Gatehouse-Signature`: `sha256=<hex>`. */
  signature: string | undefined;
  /** Injected clock (ms), for tests. */
  nowMs?: number;
}

/** `sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>`, as senders compute it. */
export function signAlertBody(secret: string, timestamp: string | number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Compare without leaking where two strings differ (or how long the expected one is). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The webhook's signature check: HMAC-SHA256 over `timestamp + "." + body` with ALERT_WEBHOOK_SECRET, within
 * five minutes of our clock, compared in constant time. Any failure is a VerificationError (HTTP 401); the
 * reason goes to the log only.
 */
export function verifyAlertSignature(req: AlertSignedRequest): void {
  if (!req.signature || !req.timestamp) throw new VerificationError('Missing X-Gatehouse signature headers.');
  if (!/^\d{1,12}$/.test(req.timestamp))
    throw new VerificationError('X-Gatehouse-Timestamp is not Unix seconds.');
  const nowSec = Math.floor((req.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSec - Number(req.timestamp)) > SIGNATURE_WINDOW_SEC)
    throw new VerificationError('X-Gatehouse-Timestamp is outside the five-minute window.');
  if (!/^sha256=[0-9a-f]{64}$/i.test(req.signature))
    throw new VerificationError('X-Gatehouse-Signature is not sha256=<hex>.');
  const expected = signAlertBody(req.secret, req.timestamp, req.rawBody);
  if (!sameSecret(expected, req.signature.toLowerCase()))
    throw new VerificationError('X-Gatehouse-Signature does not match the body.');
}

/** `Authorization: Bearer <token>` against ALERT_BEARER_TOKEN (Alertmanager's `http_config`). */
export function hasBearerToken(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return !!match && sameSecret(match[1]!, token);
}

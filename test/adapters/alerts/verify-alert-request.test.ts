import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hasBearerToken,
  signAlertBody,
  verifyAlertSignature,
} from '../../../adapters/alerts/verify-alert-request.ts';
import { VerificationError } from '../../../src/errors.ts';

const SECRET = 'alert-webhook-secret-0123456789';
const BODY = '{"source":"backup","severity":"critical","title":"Nightly backup failed","status":"firing"}';
const NOW_MS = 1_741_082_400_000;
const TS = String(NOW_MS / 1000);

/** The signature as any sender computes it, independently of the code under test. */
const sign = (ts: string, body = BODY, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;

const check = (over: Partial<Parameters<typeof verifyAlertSignature>[0]>) => () =>
  verifyAlertSignature({
    secret: SECRET,
    rawBody: BODY,
    timestamp: TS,
    signature: sign(TS),
    nowMs: NOW_MS,
    ...over,
  });

describe('alert webhook signatures', () => {
  it('accepts HMAC-SHA256 over timestamp + "." + body, upper- or lower-case hex', () => {
    expect(check({})).not.toThrow();
    expect(check({ signature: sign(TS).toUpperCase().replace('SHA256=', 'sha256=') })).not.toThrow();
    expect(signAlertBody(SECRET, TS, BODY)).toBe(sign(TS));
  });

  it('accepts a timestamp up to five minutes off either way, and refuses a stale or future one', () => {
    for (const offset of [-300, 300]) {
      const ts = String(Number(TS) + offset);
      expect(check({ timestamp: ts, signature: sign(ts) })).not.toThrow();
    }
    for (const offset of [-301, 301, -86_400]) {
      const ts = String(Number(TS) + offset);
      expect(check({ timestamp: ts, signature: sign(ts) })).toThrow(/outside the five-minute window/);
    }
  });

  it('refuses a wrong secret, a changed body, a signature moved to another timestamp', () => {
    expect(check({ signature: sign(TS, BODY, 'another-secret-0123456789') })).toThrow(VerificationError);
    expect(check({ rawBody: BODY.replace('critical', 'info') })).toThrow(/does not match/);
    const other = String(Number(TS) - 10);
    expect(check({ timestamp: other })).toThrow(/does not match/);
  });

  it('refuses missing headers and malformed values', () => {
    expect(check({ signature: undefined })).toThrow(/Missing/);
    expect(check({ timestamp: undefined })).toThrow(/Missing/);
    expect(check({ timestamp: `${NOW_MS}000` })).toThrow(/Unix seconds/);
    expect(check({ timestamp: '17e8' })).toThrow(/Unix seconds/);
    expect(check({ signature: sign(TS).slice(7) })).toThrow(/sha256=<hex>/);
    expect(check({ signature: 'sha256=xyz' })).toThrow(/sha256=<hex>/);
  });

  it('checks a bearer token exactly', () => {
    const token = 'bearer-token-0123456789abcdef';
    expect(hasBearerToken(`Bearer ${token}`, token)).toBe(true);
    expect(hasBearerToken(`bearer ${token}`, token)).toBe(true);
    expect(hasBearerToken(`Bearer ${token}x`, token)).toBe(false);
    expect(hasBearerToken(`Basic ${token}`, token)).toBe(false);
    expect(hasBearerToken(undefined, token)).toBe(false);
    expect(hasBearerToken(`Bearer ${token}`, undefined)).toBe(false);
  });
});

import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app expects it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const DIGITS = 6;
/** One step either side, for clocks a little apart. */
const WINDOW = 1;

function totp(secretBase32: string, label = 'Gatehouse'): TOTP {
  return new TOTP({
    issuer: 'Gatehouse',
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A fresh 160-bit secret, base32 (what authenticator apps take). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/Gatehouse:<label>?…` URI an authenticator app scans. */
export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

/** The code for `at` (the demo prints it; tests compute codes with it). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * The time step a code belongs to when it is right within ±1 step of `at`, else undefined. The step is what
 * makes a code single-use: the caller claims it so the same code cannot be replayed in its window.
 */
export function matchTotp(secretBase32: string, code: string, at: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: WINDOW });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD, timestamp: at.getTime() }) + delta;
}

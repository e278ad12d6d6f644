import type { Store } from '../store/store.ts';
import type { SecretBox } from './secret-box.ts';
import { matchTotp, newTotpSecret, totpUri } from './totp.ts';

/** How long an enrolment waits for its first code. */
const ENROL_MS = 600_000;
/** Wrong codes counted over this window… */
const FAIL_WINDOW_MS = 600_000;
/** …this many lock step-up… */
const MAX_FAILS = 5;
/** …for this long. */
const LOCK_MS = 900_000;
/** A used code's step is remembered past the ±1-step window it could be replayed in. */
const USED_MS = 120_000;

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: 'not_enrolled' }
  | { ok: false; reason: 'locked'; until: string }
  | { ok: false; reason: 'wrong' | 'replayed'; left: number; lockedUntil?: string };

export interface StepUp {
  /** Start (or restart) an enrolment: a new secret, kept sealed until a first code confirms it. */
  enroll(person: string): Promise<{ secret: string; uri: string }>;
  /** Confirm a pending enrolment with a code from the new secret; it becomes the person's factor. */
  confirm(person: string, code: string): Promise<VerifyResult>;
  isEnrolled(person: string): Promise<boolean>;
  /** Check a code (lock-out, replay, ±1 step); a right one makes the person verified for `withinMs`. */
  verify(person: string, code: string, withinMs: number): Promise<VerifyResult>;
  /** Verified within the policy's `within` (a right code not long ago). */
  isFresh(person: string): Promise<boolean>;
  /** Forget the person's factor and every counter: they enrol again. */
  reset(person: string): Promise<boolean>;
  /** The person's secret, for the demo's printed code only. */
  revealForDemo(person: string): Promise<string | undefined>;
}

const keys = {
  secret: (p: string) => `mfa:secret:${p}`,
  pending: (p: string) => `mfa:pending:${p}`,
  used: (p: string, step: number) => `mfa:used:${p}:${step}`,
  fails: (p: string) => `mfa:fails:${p}`,
  lock: (p: string) => `mfa:lock:${p}`,
  fresh: (p: string) => `mfa:fresh:${p}`,
};

/**
 * TOTP step-up, every piece of state in the store so replicas agree: secrets sealed with the secret box (the
 * person is the associated data, so a sealed secret cannot be moved to someone else), wrong codes counted
 * under the store's lock, a lock-out after five in ten minutes, and each accepted code's time step claimed
 * once, so the same code is never accepted twice on any replica.
 */
export function createStepUp(options: { store: Store; box: SecretBox; now?: () => Date }): StepUp {
  const { store, box } = options;
  const now = options.now ?? (() => new Date());

  async function lockedUntil(person: string): Promise<string | undefined> {
    const lock = await store.get<{ until: string }>(keys.lock(person));
    return lock && new Date(lock.until) > now() ? lock.until : undefined;
  }

  /** Count a wrong code; returns how many are left before the lock and the lock's end once it locks. */
  async function countFailure(person: string): Promise<{ left: number; lockedUntil?: string }> {
    const at = now().getTime();
    const fails =
      (await store.update<number[]>(
        keys.fails(person),
        (cur) => [...(cur ?? []).filter((t) => t > at - FAIL_WINDOW_MS), at],
        FAIL_WINDOW_MS,
      )) ?? [];
    if (fails.length < MAX_FAILS) return { left: MAX_FAILS - fails.length };
    const until = new Date(at + LOCK_MS).toISOString();
    await store.set(keys.lock(person), { until }, LOCK_MS);
    await store.delete(keys.fails(person));
    return { left: 0, lockedUntil: until };
  }

  /** Lock-out, match, single use: the one check both confirming and verifying go through. */
  async function check(person: string, sealed: string | undefined, code: string): Promise<VerifyResult> {
    if (!sealed) return { ok: false, reason: 'not_enrolled' };
    const until = await lockedUntil(person);
    if (until) return { ok: false, reason: 'locked', until };
    const step = matchTotp(box.open(sealed, person), code.trim(), now());
    if (step === undefined) return { ok: false, reason: 'wrong', ...(await countFailure(person)) };
    const first = await store.claim(keys.used(person, step), person, USED_MS);
    if (!first.won) return { ok: false, reason: 'replayed', ...(await countFailure(person)) };
    return { ok: true };
  }

  return {
    async enroll(person) {
      const secret = newTotpSecret();
      await store.set(keys.pending(person), box.seal(secret, person), ENROL_MS);
      return { secret, uri: totpUri(secret, person) };
    },

    async confirm(person, code) {
      const sealed = await store.get<string>(keys.pending(person));
      const result = await check(person, sealed, code);
      if (!result.ok) return result;
      await store.set(keys.secret(person), sealed);
      await store.delete(keys.pending(person));
      return result;
    },

    async isEnrolled(person) {
      return (await store.get<string>(keys.secret(person))) !== undefined;
    },

    async verify(person, code, withinMs) {
      const result = await check(person, await store.get<string>(keys.secret(person)), code);
      if (result.ok) {
        await store.delete(keys.fails(person));
        await store.set(keys.fresh(person), { at: now().toISOString() }, withinMs);
      }
      return result;
    },

    async isFresh(person) {
      return (await store.get(keys.fresh(person))) !== undefined;
    },

    async reset(person) {
      const had = await store.delete(keys.secret(person));
      await Promise.all([
        store.delete(keys.pending(person)),
        store.delete(keys.fails(person)),
        store.delete(keys.lock(person)),
        store.delete(keys.fresh(person)),
      ]);
      return had;
    },

    async revealForDemo(person) {
      const sealed = await store.get<string>(keys.secret(person));
      return sealed ? box.open(sealed, person) : undefined;
    },
  };
}

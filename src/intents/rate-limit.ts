import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { Store } from '../store/store.ts';
import type { AuditLog } from './audit-log.ts';
import { type Actor, actorKey } from './envelope.ts';

/** Commands and clicks one person may send in a minute. */
export const COMMANDS_PER_MINUTE = 30;

export interface RateLimiter {
  /** Undefined while `actor` is under the limit; otherwise the sentence to show them. Counts the call. */
  check(actor: Actor, intent: string): Promise<string | undefined>;
}

/**
 * Each person (the policy's person model, so two accounts share one allowance; an account that resolves to
 * nobody counts on its own) gets `perMinute` commands per clock minute, counted in the store so every replica
 * counts together. The first refusal in a minute is audited, the rest are not (a runaway script would flood
 * the audit log otherwise).
 *
 * The counter is an `update` with an expiry, not `increment`: the store's counters never expire, so one key
 * per person per minute would pile up for ever.
 */
export function createRateLimiter(options: {
  store: Pick<Store, 'update'>;
  policy: Pick<PolicyEngine, 'personOf'>;
  audit: Pick<AuditLog, 'record'>;
  now: () => Date;
  perMinute?: number;
}): RateLimiter {
  const limit = options.perMinute ?? COMMANDS_PER_MINUTE;
  const slowDown = `Slow down: Gatehouse takes at most ${limit} commands a minute from one person. Try again in a minute.`;

  return {
    async check(actor, intent) {
      const minute = Math.floor(options.now().getTime() / 60_000);
      const who = options.policy.personOf(actor) ?? actorKey(actor);
      let count: number | undefined;
      try {
        count = await options.store.update<number>(`rate:${who}:${minute}`, (n) => (n ?? 0) + 1, 120_000);
      } catch {
        return 'Gatehouse cannot count your commands right now (its store does not answer); try again shortly.';
      }
      if ((count ?? 0) <= limit) return undefined;
      if (count === limit + 1)
        await options.audit.record({
          actor,
          action: intent,
          targets: [],
          decision: 'refused',
          result: `rate limited: more than ${limit} commands in a minute`,
        });
      return slowDown;
    },
  };
}

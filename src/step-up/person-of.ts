import type { Actor } from '../intents/envelope.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';

/**
 * The one person behind an actor for step-up: the policy's own answer where it has one (its `people`),
 * else the verified email, else a console name (the console is local). Undefined when it cannot be told.
 */
export function personOf(policy: PolicyEngine, actor: Actor): string | undefined {
  const fromPolicy = (policy as { personOf?: (a: Actor) => string | undefined }).personOf;
  if (fromPolicy) return fromPolicy.call(policy, actor);
  if (actor.email) return actor.email.toLowerCase();
  return actor.platform === 'console' && actor.userId ? `console:${actor.userId}` : undefined;
}

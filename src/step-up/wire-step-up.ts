import { ConfigError } from '../errors.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { Store } from '../store/store.ts';
import { createSecretBox } from './secret-box.ts';
import { createStepUp, type StepUp } from './step-up.ts';
import { createStepUpGate, type StepUpGate } from './step-up-gate.ts';

export interface StepUpWiring {
  stepUp?: StepUp;
  gate?: StepUpGate;
  /** For the dispatcher: which intents need step-up, and the check. */
  dispatcher?: { needed(intent: string): boolean; gate: StepUpGate };
}

/**
 * Step-up from the configuration and the policy: on when GATEHOUSE_SECRET_KEY is set; start-up stops naming
 * the variable when the policy asks for step-up without it (a policy that cannot be enforced is refused).
 */
export function wireStepUp(options: {
  /** GATEHOUSE_SECRET_KEY, parsed (src/audit/audit-config.ts). */
  secretKey: Buffer | undefined;
  policy: PolicyEngine;
  store: Store;
  now: () => Date;
}): StepUpWiring {
  const { policy, store, now } = options;
  const wanted = () => policy.policy.step_up.for;
  const needsKey = wanted().length > 0 || policy.policy.rport.rules.some((r) => r.step_up);
  if (!options.secretKey) {
    if (needsKey)
      throw new ConfigError(
        'GATEHOUSE_SECRET_KEY is missing: the policy asks for step-up verification, whose secrets are stored encrypted with it (openssl rand -base64 32).',
      );
    return {};
  }
  const stepUp = createStepUp({ store, box: createSecretBox(options.secretKey), now });
  const gate = createStepUpGate({
    stepUp,
    personOf: (actor) => policy.personOf(actor),
    withinMs: () => policy.policy.step_up.within * 1000,
  });
  return { stepUp, gate, dispatcher: { needed: (intent) => wanted().includes(intent), gate } };
}

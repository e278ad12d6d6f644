import type { Messengers } from '../src/intents/envelope.ts';
import type { PendingActions } from '../src/intents/pending-actions.ts';
import type { Logger } from '../src/log.ts';
import type { PolicyEngine } from '../src/policy/policy-engine.ts';
import type { StepUp } from '../src/step-up/step-up.ts';
import type { Store } from '../src/store/store.ts';
import type { Vendors } from '../src/vendors/vendors.ts';

/** What every capability gets: vendors (absent when not configured), the store, the policy, messengers. */
export interface HandlerDeps {
  vendors: Vendors;
  store: Store;
  pending: PendingActions;
  policy: PolicyEngine;
  messengers: Messengers;
  log: Logger;
  now: () => Date;
  /** Step-up verification; absent when GATEHOUSE_SECRET_KEY is not set. */
  stepUp?: StepUp;
  /** How often running work is polled (rport jobs); tests make it short. */
  pollIntervalMs?: number;
}

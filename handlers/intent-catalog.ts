import type { Intent } from '../src/intents/intent.ts';
import { createPendingActions } from '../src/intents/pending-actions.ts';
import { createLogger } from '../src/log.ts';
import { createPolicyEngine } from '../src/policy/policy-engine.ts';
import { policySchema } from '../src/policy/policy-schema.ts';
import { createStore } from '../src/store/create-store.ts';
import { createIntents } from './index.ts';

/**
 * The intent registry for listing what exists (the Teams command menu, help, tests): no vendor, an empty
 * policy and an in-memory store, since building the registry only needs its dependencies to exist.
 */
export function createIntentCatalog(): { intents: Intent[]; close(): Promise<void> } {
  const store = createStore('sqlite://:memory:');
  const intents = createIntents({
    vendors: {},
    store,
    pending: createPendingActions(store),
    policy: createPolicyEngine(policySchema.parse({})),
    messengers: {},
    log: createLogger({ level: 'silent' }),
    now: () => new Date(),
  });
  return { intents, close: () => store.close() };
}

import { type AlertServiceOptions, createAlertService } from '../handlers/alerts/alert-service.ts';
import type { CoreDeps, HandlerDeps } from '../handlers/deps.ts';
import { createIntents } from '../handlers/index.ts';
import { type AuditLog, createAuditLog } from '../src/intents/audit-log.ts';
import type { Messengers } from '../src/intents/envelope.ts';
import type { Intent } from '../src/intents/intent.ts';
import { createPendingActions } from '../src/intents/pending-actions.ts';
import { createPostedCards } from '../src/intents/posted-cards.ts';
import { createLogger, type Logger } from '../src/log.ts';
import { createPolicyEngine, type PolicyEngine } from '../src/policy/policy-engine.ts';
import { policySchema } from '../src/policy/policy-schema.ts';
import type { StepUp } from '../src/step-up/step-up.ts';
import { createStore } from '../src/store/create-store.ts';
import type { Store } from '../src/store/store.ts';
import type { Vendors } from '../src/vendors/vendors.ts';

export interface HandlerParts {
  vendors: Vendors;
  store: Store;
  policy: PolicyEngine;
  /** Filled in by the adapters as they start; shared by reference. */
  messengers: Messengers;
  log: Logger;
  now: () => Date;
  pollIntervalMs?: number;
  /** Alert pacing (tests make it fast). */
  alerts?: AlertServiceOptions;
  /** The audit log (the hash-chained trail of the composition root); a plain one when absent (tests). */
  audit?: AuditLog;
  /** Step-up verification, when GATEHOUSE_SECRET_KEY is set. */
  stepUp?: StepUp;
}

/**
 * The parts every handler shares, each built exactly once per Gatehouse instance: the audit log (the
 * dispatcher's and every poller's), the pending actions, the posted cards, the alert service. Called from
 * the composition root (adapters/server.ts); tests and the bench build their handlers with it too.
 */
export function composeHandlerDeps(parts: HandlerParts): HandlerDeps {
  const { vendors, store, policy, messengers, log, now } = parts;
  const core: CoreDeps = {
    vendors,
    store,
    policy,
    messengers,
    log,
    now,
    pending: createPendingActions(store, now),
    audit: parts.audit ?? createAuditLog(store, log, now),
    posted: createPostedCards(store, messengers, log),
    ...(parts.pollIntervalMs ? { pollIntervalMs: parts.pollIntervalMs } : {}),
    ...(parts.stepUp ? { stepUp: parts.stepUp } : {}),
  };
  return { ...core, alerts: createAlertService(core, parts.alerts) };
}

/**
 * The intent registry for listing what exists (the Teams command menu, help, tests): no vendor, an empty
 * policy and an in-memory store, wired the same way as a running instance.
 */
export function createIntentCatalog(): { intents: Intent[]; close(): Promise<void> } {
  const store = createStore('sqlite://:memory:');
  const deps = composeHandlerDeps({
    vendors: {},
    store,
    policy: createPolicyEngine(policySchema.parse({})),
    messengers: {},
    log: createLogger({ level: 'silent' }),
    now: () => new Date(),
  });
  return { intents: createIntents(deps), close: () => store.close() };
}

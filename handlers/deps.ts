import type { AuditLog } from '../src/intents/audit-log.ts';
import type { Messengers } from '../src/intents/envelope.ts';
import type { PendingActions } from '../src/intents/pending-actions.ts';
import type { PostedCards } from '../src/intents/posted-cards.ts';
import type { Logger } from '../src/log.ts';
import type { PolicyEngine } from '../src/policy/policy-engine.ts';
import type { StepUp } from '../src/step-up/step-up.ts';
import type { Store } from '../src/store/store.ts';
import type { Vendors } from '../src/vendors/vendors.ts';
import type { AlertService } from './alerts/alert-service.ts';

/**
 * What every capability gets: vendors (absent when not configured), the store, the policy, messengers, and
 * the parts built once per instance in the composition root (adapters/server.ts) and shared by intents,
 * pollers and routes.
 */
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
  /** The one audit log of the instance: the dispatcher and every poller record into it. */
  audit: AuditLog;
  /** Every posted copy of a card (access requests, alerts), so all copies can be updated. */
  posted: PostedCards;
  /** The one alert service: intents, pollers and the webhook share its queues. */
  alerts: AlertService;
}

/** What the alert service itself is built from. */
export type CoreDeps = Omit<HandlerDeps, 'alerts'>;

import type { Poller } from '../src/intents/poller.ts';
import { createAccessPoller } from './access/access-poller.ts';
import { alertPollers } from './alerts/alert-pollers.ts';
import type { HandlerDeps } from './deps.ts';

/** Settings for the pollers, from the configuration. */
export interface BackgroundSettings {
  /** Poll intervals in seconds, by poller; absent when its vendor is not configured. */
  pmcPollSeconds?: number;
  rsHealthPollSeconds?: number;
  psPollSeconds?: number;
  rportAlertsPollSeconds?: number;
}

/**
 * The pollers every capability runs in the background (one replica at a time, under store leases),
 * keyed by name so tests can run one round directly.
 */
export function createBackground(deps: HandlerDeps, settings: BackgroundSettings): Record<string, Poller> {
  return {
    ...(settings.pmcPollSeconds && deps.vendors.pmCloud
      ? { 'pmc-access': createAccessPoller(deps, settings.pmcPollSeconds * 1000) }
      : {}),
    ...alertPollers(deps, settings),
  };
}

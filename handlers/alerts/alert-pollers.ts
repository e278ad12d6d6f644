import { createPoller, type Poller } from '../../src/intents/poller.ts';
import type { HandlerDeps } from '../deps.ts';
import { pollPsSessions } from './poll-ps-sessions.ts';
import { pollRportProblems } from './poll-rport-problems.ts';
import { pollRsHealth } from './poll-rs-health.ts';

export interface AlertPollerSettings {
  rportAlertsPollSeconds?: number;
  rsHealthPollSeconds?: number;
  psPollSeconds?: number;
}

/** The alert sources that are polled, each under its own lease, for the vendors that are configured. */
export function alertPollers(deps: HandlerDeps, settings: AlertPollerSettings): Record<string, Poller> {
  const service = () => deps.alerts;
  const sources = [
    {
      name: 'alerts.rport-problems',
      on: deps.vendors.rport,
      seconds: settings.rportAlertsPollSeconds,
      tick: pollRportProblems,
    },
    {
      name: 'alerts.rs-health',
      on: deps.vendors.remoteSupport,
      seconds: settings.rsHealthPollSeconds,
      tick: pollRsHealth,
    },
    {
      name: 'alerts.ps-sessions',
      on: deps.vendors.passwordSafe,
      seconds: settings.psPollSeconds,
      tick: pollPsSessions,
    },
  ];
  const pollers: Record<string, Poller> = {};
  for (const s of sources) {
    if (!s.on || !s.seconds) continue;
    pollers[s.name] = createPoller({
      name: s.name,
      store: deps.store,
      intervalMs: s.seconds * 1000,
      log: deps.log.child({ poller: s.name }),
      tick: s.tick(deps, service),
    });
  }
  // Cards a crashed replica had queued but never posted: found and posted by whichever replica sweeps.
  pollers['alerts.recover-cards'] = createPoller({
    name: 'alerts.recover-cards',
    store: deps.store,
    intervalMs: RECOVER_INTERVAL_MS,
    log: deps.log.child({ poller: 'alerts.recover-cards' }),
    tick: async () => {
      await service().recoverLostCards();
    },
  });
  return pollers;
}

const RECOVER_INTERVAL_MS = 60_000;

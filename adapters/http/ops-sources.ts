import { askedAt, loadAccessState, openIds } from '../../handlers/access/access-state.ts';
import type { HandlerDeps } from '../../handlers/index.ts';
import type { Poller } from '../../src/intents/poller.ts';
import type { Metrics } from '../../src/metrics.ts';

/** At most this many open access requests are read per scrape (more would mean nobody is deciding at all). */
const MAX_OPEN_READ = 500;

/**
 * Point the operator gauges at the data: the open access requests in the store, this replica's alert
 * queues, and the pollers' lease and last success. Read at scrape time only.
 */
export function wireOpsMetrics(metrics: Metrics, deps: HandlerDeps, pollers: Record<string, Poller>): void {
  metrics.readOps({
    async pendingAccessAges() {
      const now = deps.now().getTime();
      const ids = (await openIds(deps.store)).slice(0, MAX_OPEN_READ);
      const states = await Promise.all(ids.map((id) => loadAccessState(deps.store, id)));
      return states.flatMap((s) => (s?.status === 'pending' ? [(now - askedAt(s).getTime()) / 1000] : []));
    },
    alertQueue: () => deps.alerts.queueStats(),
    pollers: () => Object.entries(pollers).map(([name, p]) => ({ name, ...p.status() })),
  });
}

import { Counter, Gauge, type Registry } from 'prom-client';

/** A background poller as the metrics see it. */
export interface PollerStatus {
  name: string;
  /** This replica held the lease at its last round. */
  holding: boolean;
  /** When a round last finished without error here (ms since epoch). */
  lastSuccessAt?: number;
}

/** What the operator gauges read at scrape time; each source is optional (its gauge then stays empty). */
export interface OpsSources {
  /** Ages in seconds of the access requests still waiting for a decision. */
  pendingAccessAges?: () => Promise<number[]>;
  /** Alert cards waiting in the per-channel queues, and posts given up on since start. */
  alertQueue?: () => { queued: number; dropped: number };
  pollers?: () => PollerStatus[];
  /** 1 while /readyz would answer 200. */
  ready?: () => Promise<boolean>;
}

/** Age buckets of pending access requests: an approver should have seen anything older than 15 minutes. */
const AGE_BUCKETS: [string, number][] = [
  ['lt_5m', 300],
  ['5m_15m', 900],
  ['15m_1h', 3600],
  ['1h_4h', 14_400],
  ['gt_4h', Number.POSITIVE_INFINITY],
];

/**
 * The gauges an operator pages on (see docs/operations.md). They read their values when Prometheus
 * scrapes, from sources the composition root sets once, so nothing has to push numbers on every change.
 */
export function registerOpsMetrics(registry: Registry) {
  let sources: OpsSources = {};
  new Gauge({
    name: 'gatehouse_access_requests_pending',
    help: 'PM Cloud admin access requests still waiting for a decision, by age.',
    labelNames: ['age'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources.pendingAccessAges) return;
      const ages = await sources.pendingAccessAges();
      let from = 0;
      for (const [label, upTo] of AGE_BUCKETS) {
        this.set({ age: label }, ages.filter((a) => a >= from && a < upTo).length);
        from = upTo;
      }
    },
  });
  new Gauge({
    name: 'gatehouse_alert_queue_depth',
    help: 'Alert card posts and updates waiting in the per-channel paced queues of this replica.',
    registers: [registry],
    collect() {
      this.set(sources.alertQueue?.().queued ?? 0);
    },
  });
  new Counter({
    name: 'gatehouse_alert_posts_dropped_total',
    help: 'Alert card posts given up on after repeated failures (must stay 0; the alert itself is stored).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.alertQueue?.().dropped ?? 0);
    },
  });
  new Gauge({
    name: 'gatehouse_poller_lease_held',
    help: '1 when this replica holds the poller lease (exactly one replica should, per poller).',
    labelNames: ['poller'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of sources.pollers?.() ?? []) this.set({ poller: p.name }, p.holding ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gatehouse_poller_last_success_timestamp_seconds',
    help: 'When a poller round last succeeded on this replica (Unix seconds); stale on the holder = stuck.',
    labelNames: ['poller'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of sources.pollers?.() ?? [])
        if (p.lastSuccessAt !== undefined) this.set({ poller: p.name }, p.lastSuccessAt / 1000);
    },
  });
  new Gauge({
    name: 'gatehouse_ready',
    help: '1 while this replica is ready (store reachable, policy in force, not shutting down).',
    registers: [registry],
    async collect() {
      this.set(sources.ready ? ((await sources.ready()) ? 1 : 0) : 1);
    },
  });
  const reloads = new Counter({
    name: 'gatehouse_policy_reloads_total',
    help: 'Policy reloads by result (applied, unchanged, refused); a refused one leaves the old policy.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    read(next: OpsSources) {
      sources = { ...sources, ...next };
    },
    countReload(result: 'applied' | 'unchanged' | 'refused') {
      reloads.inc({ result });
    },
  };
}

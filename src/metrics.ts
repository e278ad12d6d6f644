import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { type OpsSources, registerOpsMetrics } from './ops-metrics.ts';

/** What vendor clients report about each call; the metrics registry implements it, tests may pass none. */
export interface VendorCallObserver {
  observe(call: { vendor: string; operation: string; seconds: number; error?: string }): void;
}

export interface Metrics extends VendorCallObserver {
  readonly registry: Registry;
  countIntent(intent: string, outcome: string): void;
  /** A claim someone else had already won (a double click, a second replica), by key kind. */
  countClaimConflict(kind: string): void;
  /** Where the operator gauges read their values at scrape time (set once by the composition root). */
  readOps(sources: OpsSources): void;
  countPolicyReload(result: 'applied' | 'unchanged' | 'refused'): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'gatehouse_' });
  const intents = new Counter({
    name: 'gatehouse_intents_total',
    help: 'Intents dispatched, by intent name and outcome (ok, denied, bad_input, error, …).',
    labelNames: ['intent', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gatehouse_vendor_call_duration_seconds',
    help: 'Latency of calls to vendor APIs, by vendor and operation.',
    labelNames: ['vendor', 'operation'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gatehouse_vendor_call_errors_total',
    help: 'Failed calls to vendor APIs, by vendor, operation and error kind.',
    labelNames: ['vendor', 'operation', 'kind'] as const,
    registers: [registry],
  });
  const claimConflicts = new Counter({
    name: 'gatehouse_claim_conflicts_total',
    help: 'Claims lost to an earlier claimant (double clicks, retries, another replica), by key kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const ops = registerOpsMetrics(registry);
  return {
    registry,
    countClaimConflict(kind) {
      claimConflicts.inc({ kind });
    },
    readOps: ops.read,
    countPolicyReload: ops.countReload,
    countIntent(intent, outcome) {
      intents.inc({ intent, outcome });
    },
    observe({ vendor, operation, seconds, error }) {
      latency.observe({ vendor, operation }, seconds);
      if (error) errors.inc({ vendor, operation, kind: error });
    },
  };
}

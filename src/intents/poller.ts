import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

export interface PollerOptions {
  /** Names the lease (`lease:poller:<name>`) and the log lines. */
  name: string;
  store: Store;
  intervalMs: number;
  log: Logger;
  /** One round of work; runs only while this replica holds the lease. */
  tick: () => Promise<void>;
  /** Identifies this replica; a fresh id by default. */
  owner?: string;
}

export interface Poller {
  /** Run one round now (if the lease is ours); true when it ran. Tests and start-up call it directly. */
  runOnce(): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
  /** For the metrics: did this replica hold the lease at its last round, and when did a round last succeed. */
  status(): { holding: boolean; lastSuccessAt?: number };
}

/**
 * A poller that runs on one replica at a time: each round first takes or renews a store lease a little
 * longer than the interval, so when the holder dies another replica takes over after one missed round.
 * Rounds never overlap, and a failing round is logged and retried at the next interval.
 */
export function createPoller(options: PollerOptions): Poller {
  const { name, store, intervalMs, log, tick } = options;
  const owner = options.owner ?? randomUUID();
  const leaseKey = `poller:${name}`;
  const leaseMs = Math.max(intervalMs * 3, 10_000);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let stopped = false;
  const seen: { holding: boolean; lastSuccessAt?: number } = { holding: false };

  async function round(): Promise<boolean> {
    seen.holding = await store.lease(leaseKey, owner, leaseMs);
    if (!seen.holding) return false;
    try {
      await tick();
      seen.lastSuccessAt = Date.now();
    } catch (err) {
      log.error({ err, poller: name }, 'poller round failed');
    }
    return true;
  }

  const runOnce = () => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };

  function schedule() {
    if (stopped) return;
    timer = setTimeout(async () => {
      await runOnce().catch((err: unknown) => log.error({ err, poller: name }, 'poller lease failed'));
      schedule();
    }, intervalMs);
    timer.unref?.();
  }

  return {
    runOnce,
    status: () => ({ ...seen }),
    start() {
      stopped = false;
      void runOnce().catch((err: unknown) => log.error({ err, poller: name }, 'poller lease failed'));
      schedule();
    },
    async stop() {
      stopped = true;
      seen.holding = false;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      await store.releaseLease(leaseKey, owner).catch(() => undefined);
    },
  };
}

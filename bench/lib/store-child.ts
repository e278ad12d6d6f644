/**
 * Store writes in their own process. Throughput: single-key writes by 32 concurrent writers as fast as they
 * go. Timer lateness: writes offered at a fixed 20,000 a second (20 every millisecond) while a 1 ms interval
 * timer records how late it fires — on the SQLite store, and, as the baseline, the same writes into an
 * in-memory map (what the writing itself costs the event loop on this machine, without SQLite). A saturated
 * loop is no measure of the store: the same 32 tight writers on a plain Map make timers ~24 ms late (p99).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/store/create-store.ts';
import { percentile } from './stats.ts';

export interface StoreResult {
  writesPerSecond: number;
  lateP99: number;
  lateMax: number;
  idleLateP99: number;
  idleLateMax: number;
}

const OFFERED_PER_MS = 20;

/**
 * 20 writes every millisecond (20,000/s) for `until`, without waiting for one before the next. Writes still
 * open are counted, not kept in a Set: a long-lived Set that gains and loses an entry per write is rehashed
 * again and again, each replaced table still holding what it held, so finished writes would survive the
 * young-generation collections and the harness's own garbage would be measured as the store's.
 */
async function offered(until: number, write: (key: string, i: number) => Promise<unknown>) {
  let open = 0;
  let drained: (() => void) | undefined;
  const settle = () => {
    if (--open === 0) drained?.();
  };
  const started = performance.now();
  for (let sent = 0; performance.now() < until; ) {
    const due = Math.floor((performance.now() - started) * OFFERED_PER_MS);
    for (; sent < due; sent++) {
      open++;
      write(`paced:${sent % 50_000}`, sent).then(settle, settle);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  if (open > 0) await new Promise<void>((resolve) => (drained = resolve));
}

async function lateness(durationMs: number, work: (until: number) => Promise<void>) {
  const late: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 1));
    last = now;
  }, 1);
  await work(performance.now() + durationMs);
  clearInterval(timer);
  late.sort((a, b) => a - b);
  return { p99: percentile(late, 0.99), max: late.at(-1) ?? 0 };
}

export async function runStoreBench(durationMs: number): Promise<StoreResult> {
  const store = createStore(
    `sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-bench-store-')), 'bench.sqlite')}`,
  );
  await store.set('warm-up', 1);
  let writes = 0;
  const started = performance.now();
  await lateness(durationMs, async (until) => {
    await Promise.all(
      Array.from({ length: 32 }, async (_, w) => {
        for (let i = 0; performance.now() < until; i++) {
          await store.set(`bench:${w}:${i % 5000}`, { writer: w, i, at: new Date().toISOString() }, 600_000);
          writes++;
        }
      }),
    );
  });
  const elapsed = performance.now() - started;
  const value = (i: number) => ({ i, at: new Date().toISOString() });
  const paced = await lateness(durationMs, (until) =>
    offered(until, (k, i) => store.set(k, value(i), 600_000)),
  );
  await store.close();
  const map = new Map<string, string>();
  const idle = await lateness(durationMs, (until) =>
    offered(until, async (k, i) => {
      map.set(k, JSON.stringify(value(i)));
    }),
  );
  return {
    writesPerSecond: (writes / elapsed) * 1000,
    lateP99: paced.p99,
    lateMax: paced.max,
    idleLateP99: idle.p99,
    idleLateMax: idle.max,
  };
}

if (process.send) {
  process.on('message', async (m: { type?: string; durationMs?: number }) => {
    if (m?.type !== 'run') return;
    process.send?.({ type: 'result', data: await runStoreBench(m.durationMs ?? 3000) });
  });
  process.send({ type: 'ready', url: '' });
}

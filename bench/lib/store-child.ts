/**
 * Store writes in their own process: single-key writes by 32 concurrent writers on the embedded SQLite
 * store for a fixed time, while a 1 ms interval timer records how late it fires; then the same timer with
 * no writes, as the baseline of what this machine does anyway.
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
  const busy = await lateness(durationMs, async (until) => {
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
  await store.close();
  const idle = await lateness(
    durationMs,
    (until) => new Promise((r) => setTimeout(r, until - performance.now())),
  );
  return {
    writesPerSecond: (writes / elapsed) * 1000,
    lateP99: busy.p99,
    lateMax: busy.max,
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

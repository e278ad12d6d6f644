/**
 * The in-process measurements of `npm run bench` (bench/run.ts): how fast the hot paths are.
 * - grammar: parsing a command line
 * - Block Kit: rendering a large result card
 * - claims: single-use claims on the SQLite store and on Redis (127.0.0.1:6379, when it answers)
 * - dispatch: a full text command through the dispatcher (parse, policy, validation, handler) on SQLite
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeHandlerDeps } from '../adapters/compose-handlers.ts';
import { renderBlockKit } from '../cards/block-kit.ts';
import { createIntents } from '../handlers/index.ts';
import { createAuditLog } from '../src/intents/audit-log.ts';
import { createDispatcher } from '../src/intents/dispatcher.ts';
import { parseCommand } from '../src/intents/grammar.ts';
import { createLogger } from '../src/log.ts';
import { parsePolicy } from '../src/policy/load-policy.ts';
import { createPolicyEngine } from '../src/policy/policy-engine.ts';
import { createStore } from '../src/store/create-store.ts';
import type { View } from '../src/views/view.ts';

async function measure(name: string, iterations: number, fn: (i: number) => unknown | Promise<unknown>) {
  for (let i = 0; i < Math.min(50, iterations); i++) await fn(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  const total = performance.now() - started;
  samples.sort((a, b) => a - b);
  const pct = (p: number) =>
    samples[Math.min(samples.length - 1, Math.floor(samples.length * p))]!.toFixed(3);
  console.log(
    `${name.padEnd(42)} ${Math.round((iterations / total) * 1000)
      .toString()
      .padStart(9)} ops/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`,
  );
}

/** `scale` shrinks the iteration counts (0.02 for --quick). */
export async function runMicro(scale = 1) {
  const n = (count: number) => Math.max(20, Math.round(count * scale));
  const log = createLogger({ level: 'silent' });
  const policy = createPolicyEngine(parsePolicy(readFileSync('policy.example.yaml', 'utf8')));
  const store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-bench-')), 'bench.sqlite')}`);
  const intents = createIntents(
    composeHandlerDeps({ vendors: {}, store, policy, messengers: {}, log, now: () => new Date() }),
  );
  const commands = intents.flatMap((i) => (i.syntax ? [{ name: i.name, syntax: i.syntax }] : []));
  const dispatcher = createDispatcher({
    intents,
    policy,
    audit: createAuditLog(store, log),
    log,
    messengers: {},
    configured: new Set(),
  });

  await measure('grammar: parse "rport run … -- …"', n(50_000), () =>
    parseCommand('rport run web-01,web-02 --sudo --timeout 5m -- systemctl restart "nginx"', commands),
  );
  const big: View = {
    title: 'Finished: 40 of 50 successful',
    state: 'warning',
    summary: 'x',
    fields: Array.from({ length: 12 }, (_, i) => ({ label: `Field ${i}`, value: 'value '.repeat(20) })),
    blocks: Array.from({ length: 80 }, (_, i) => ({
      type: 'code' as const,
      text: `line ${i}\n`.repeat(200),
    })),
  };
  await measure('cards: render a large view to Block Kit', n(5_000), () => renderBlockKit(big));
  const actor = { platform: 'console' as const, userId: 'alice', name: 'Alice', email: 'alice@example.com' };
  await measure('dispatch: "help" through the dispatcher', n(5_000), () =>
    dispatcher.handleText('help', { actor, conversation: { platform: 'console', id: 'c' } }),
  );
  await measure('store: claim on SQLite', n(2_000), (i) => store.claim(`bench:${i}`, 'me', 60_000));
  await store.close();

  const redis = createStore('redis://127.0.0.1:6379', { namespace: `gh-bench-${randomUUID()}` });
  if (await redis.ping()) {
    await measure('store: claim on Redis', n(2_000), (i) => redis.claim(`bench:${i}`, 'me', 60_000));
    await measure('store: update (locked read-modify-write) on Redis', n(1_000), () =>
      redis.update<number>('counter', (n) => (n ?? 0) + 1),
    );
  } else console.log('store: Redis does not answer on 127.0.0.1:6379; skipped its measurements');
  await redis.close().catch(() => undefined);
}

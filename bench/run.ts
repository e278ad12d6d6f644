/**
 * `npm run bench [-- --quick] [-- --out <file.json>] [-- --runs N]`: Gatehouse measured against the bare
 * frameworks it stands on, started by the bench itself in the same run on the same machine (issue 13), plus
 * the store and the in-process hot paths. Each figure is printed with its baseline and the ratio, and all of
 * them are written as JSON (bench/results/latest.json by default) to compare commits.
 *
 * Speed is measured here and never asserted: test/bench/bench-smoke.test.ts only checks that a --quick run
 * prints every figure and writes the JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startChild } from './lib/child.ts';
import { type Figure, figure, formatFigure } from './lib/stats.ts';
import type { StoreResult } from './lib/store-child.ts';
import { runMicro } from './micro.ts';
import { runPlatformBench, type Samples } from './platform-bench.ts';
import { measureWritesPerTurn } from './writes-per-turn.ts';

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    quick,
    out: value('--out') ?? 'bench/results/latest.json',
    runs: Number(value('--runs') ?? (quick ? 1 : 3)),
    durationMs: quick ? 500 : 4000,
    overloadMs: quick ? 500 : 20_000,
    rates: quick ? [50] : [25, 50, 100, 200],
  };
}

async function storeSamples(runs: number, durationMs: number): Promise<Samples> {
  const samples: Samples = {};
  const add = (name: string, v: number) => {
    samples[name] = [...(samples[name] ?? []), v];
  };
  for (let i = 0; i < runs; i++) {
    const child = await startChild('lib/store-child.ts');
    const r = await child.ask<StoreResult>({ type: 'run', durationMs });
    await child.stop();
    add('store: single-key writes/s (SQLite, 32 writers)', r.writesPerSecond);
    add('store: 1 ms timer late p99 at 20,000 writes/s, ms', r.lateP99);
    add('store: 1 ms timer late max at 20,000 writes/s, ms', r.lateMax);
    add('same writes into a Map: timer late p99, ms', r.idleLateP99);
    add('same writes into a Map: timer late max, ms', r.idleLateMax);
  }
  return samples;
}

/** The report: which figure is compared with which baseline, and the target where it names one. */
function report(s: Samples, rates: number[]): Figure[] {
  const f = (name: string, unit: string, base?: string, target?: string) =>
    s[name]
      ? figure(name, unit, s[name], base && s[base] ? { name: base, runs: s[base] } : undefined, target)
      : undefined;
  return [
    f('store: single-key writes/s (SQLite, 32 writers)', 'writes/s', undefined, '≥ 20,000'),
    f(
      'store: 1 ms timer late p99 at 20,000 writes/s, ms',
      'ms',
      'same writes into a Map: timer late p99, ms',
      '≤ 2 ms',
    ),
    f(
      'store: 1 ms timer late max at 20,000 writes/s, ms',
      'ms',
      'same writes into a Map: timer late max, ms',
    ),
    f('Slack /pam help req/s', 'req/s', 'Slack ack-only: bare Bolt req/s', '≥ 0.8×'),
    f('Slack /pam help ack p99 ms', 'ms', 'Slack ack-only: bare Bolt p99 ms', '≤ 1.5×'),
    f('Slack /pam help ack p50 ms', 'ms'),
    f('Slack /pam help completed replies/s', 'replies/s'),
    f('Teams help req/s', 'req/s', 'Teams help: bare botbuilder req/s', '≥ 0.6×'),
    f('Teams help p50 ms', 'ms', 'Teams help: bare botbuilder p50 ms', '≤ 2×'),
    f('Teams help p99 ms', 'ms'),
    f('Teams help completed replies/s', 'replies/s'),
    ...rates.flatMap((rate) => [
      f(`rport run at ${rate} req/s: request → card p50 ms`, 'ms'),
      f(
        `rport run at ${rate} req/s: request → card p99 ms`,
        'ms',
        undefined,
        rate === 100 ? '≤ 300 ms' : undefined,
      ),
      f(`rport run at ${rate} req/s: cards missing`, 'cards'),
    ]),
    f('rport run at saturation (50 in flight): cards/s', 'cards/s', undefined, '≥ 300'),
    f('rport run at saturation: acks/s', 'req/s'),
    f('overload (2× saturation): offered req/s', 'req/s'),
    f('overload: requests not answered within 3 s', 'requests', undefined, '0'),
    f('overload: slowest answer ms', 'ms', undefined, '≤ 3,000 ms'),
    f('overload: answered "busy" (share of requests)', 'share'),
    f('overload: accepted request → card p99 ms', 'ms', undefined, '< 3,000 ms'),
    f('overload: accepted without a card', 'cards', undefined, '0'),
    f('overload: peak RSS MiB', 'MiB', undefined, '< 300 MiB'),
    f('start → ready: Gatehouse (/readyz)', 'ms', 'start → ready: bare Bolt + bare botbuilder', '≤ 1,500 ms'),
    f('idle RSS: Gatehouse', 'MiB', 'idle RSS: bare Bolt + bare botbuilder', '≤ 1×'),
  ].filter((x): x is Figure => x !== undefined);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  console.log(
    `Gatehouse bench${args.quick ? ' (--quick: a smoke run, not a measurement)' : ''}: ${args.runs} run(s) of ${args.durationMs} ms per scenario`,
  );
  const samples: Samples = await storeSamples(args.runs, args.durationMs);
  await runPlatformBench(
    { durationMs: args.durationMs, overloadMs: args.overloadMs, runs: args.runs, rates: args.rates },
    samples,
  );
  const figures = report(samples, args.rates);
  console.log('\nfigure (median of runs, min–max)                          value       | baseline, ratio');
  for (const fig of figures) console.log(formatFigure(fig));

  console.log('\nstore writes per read-only turn (the second such turn; by key family)');
  const writesPerTurn = await measureWritesPerTurn();
  for (const [turn, writes] of Object.entries(writesPerTurn)) {
    const total = Object.values(writes).reduce((a, b) => a + b, 0);
    console.log(`${turn.padEnd(40)} ${String(total).padStart(3)} writes  ${JSON.stringify(writes)}`);
  }

  console.log('\nin-process hot paths');
  await runMicro(args.quick ? 0.02 : 1);

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify({ commit, date: new Date().toISOString(), quick: args.quick, runs: args.runs, durationMs: args.durationMs, figures, writesPerTurn }, null, 2)}\n`,
  );
  console.log(`\nwrote ${args.out}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

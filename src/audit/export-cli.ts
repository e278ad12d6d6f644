import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { loadConfig, readEnv } from '../config/load-config.ts';
import type { AuditEntry } from '../intents/audit-log.ts';
import { createStore } from '../store/create-store.ts';
import type { Store } from '../store/store.ts';
import { entryLine } from './chain-hash.ts';
import { chainTop, readStoredChain } from './store-chain.ts';
import { reasonOf } from './verify-cli.ts';

const USAGE =
  'usage: npm run audit:export -- --since 2026-01-01 [--until 2026-02-01] [--format jsonl|csv] [--out <file>]';

const COLUMNS = [
  'seq',
  'at',
  'platform',
  'user_id',
  'name',
  'email',
  'action',
  'targets',
  'decision',
  'result',
  'detail',
  'prev',
  'hash',
];

const csvRow = (e: AuditEntry) => [
  e.seq,
  e.at,
  e.actor.platform,
  e.actor.userId,
  e.actor.name,
  e.actor.email ?? '',
  e.action,
  e.targets.join(' '),
  e.decision,
  e.result,
  e.detail ?? '',
  e.prev ?? '',
  e.hash ?? '',
];

/** Entries in chain order whose time is in [since, until). */
export async function* entriesBetween(store: Store, since: Date, until?: Date): AsyncGenerator<AuditEntry> {
  const { top } = await chainTop(store);
  for await (const item of readStoredChain(store, 1, top)) {
    if (item.kind !== 'entry') continue;
    const t = Date.parse(item.entry.at);
    if (t >= since.getTime() && (!until || t < until.getTime())) yield item.entry;
  }
}

/**
 * `npm run audit:export`: the stored entries of a period for an investigation, as JSON lines (the exported
 * line format, verifiable with `audit:verify -- --file`) or CSV (for a spreadsheet; not verifiable).
 */
export async function runAuditExport(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<number> {
  let since: Date;
  let until: Date | undefined;
  let format: string;
  let out: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        format: { type: 'string', default: 'jsonl' },
        out: { type: 'string' },
      },
    });
    if (!values.since) throw new Error('--since is required');
    since = new Date(values.since);
    until = values.until ? new Date(values.until) : undefined;
    if (Number.isNaN(since.getTime()) || (until && Number.isNaN(until.getTime())))
      throw new Error('--since and --until must be dates like 2026-01-01 or 2026-01-01T12:00:00Z');
    format = values.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') throw new Error('--format must be jsonl or csv');
    out = values.out;
  } catch (err) {
    print(`${reasonOf(err)}\n${USAGE}`);
    return 2;
  }
  const sink = out ? createWriteStream(out, { mode: 0o600 }) : process.stdout;
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => sink.write(text, (e) => (e ? reject(e) : resolve())));
  let store: Store | undefined;
  try {
    store = createStore(loadConfig(readEnv(env)).storeUrl);
    if (format === 'csv') await write(stringify([COLUMNS]));
    let count = 0;
    for await (const entry of entriesBetween(store, since, until)) {
      await write(format === 'csv' ? stringify([csvRow(entry)]) : `${entryLine(entry)}\n`);
      count++;
    }
    if (out) print(`${count} entries written to ${out}.`);
    return 0;
  } catch (err) {
    print(`Could not export: ${reasonOf(err)}`);
    return 2;
  } finally {
    await store?.close();
    if (out)
      await new Promise<void>((resolve) => (sink as ReturnType<typeof createWriteStream>).end(resolve));
  }
}

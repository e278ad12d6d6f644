import { createHash } from 'node:crypto';
import type { AuditEntry } from '../intents/audit-log.ts';
import { createPoller, type Poller } from '../intents/poller.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { type ChainHead, entryKey } from './audit-keys.ts';
import type { AuditSink } from './sinks/audit-sink.ts';
import { chainTop, firstPresent } from './store-chain.ts';

export interface AuditExporterOptions {
  store: Store;
  sink: AuditSink;
  log: Logger;
  batchSize?: number;
  /** How often a round runs (default 1 s). */
  intervalMs?: number;
  /** Backoff after a failed send: doubling from `retryBaseMs` (1 s) to `retryMaxMs` (5 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a missing entry (its appender died) holds the export back before it is passed over (1 min). */
  gapGraceMs?: number;
  /** This replica's lease owner id (tests give two exporters two ids). */
  owner?: string;
  now?: () => number;
}

export interface AuditExporter extends Poller {
  /** The seq of the last entry the target took. */
  cursor(): Promise<number | undefined>;
}

/**
 * Ships the chain to the export target in order, never dropping: the entries themselves are the persistent
 * queue (they stay in the store for AUDIT_RETENTION_DAYS), and a cursor in the store says how far the target
 * has taken them, moved only after the target took a whole batch. One replica exports at a time under a
 * store lease; another takes over where the cursor stands. Delivery is at least once: a batch sent just
 * before a crash is sent again (same seq and hash; the verification procedure skips such repeats).
 */
export function createAuditExporter(options: AuditExporterOptions): AuditExporter {
  const { store, sink, log } = options;
  const batchSize = options.batchSize ?? 100;
  const baseMs = options.retryBaseMs ?? 1000;
  const maxMs = options.retryMaxMs ?? 300_000;
  const graceMs = options.gapGraceMs ?? 60_000;
  const now = options.now ?? Date.now;
  const id = createHash('sha256').update(sink.name).digest('hex').slice(0, 16);
  const cursorKey = `audit:export:${id}`;
  const missingSince = new Map<number, number>();
  let failures = 0;
  let retryAt = 0;

  /** The next entries after `cursor`; stops at a missing one still within its grace. */
  async function readBatch(cursor: number, head: ChainHead) {
    const last = Math.min(cursor + batchSize, head.seq);
    const seqs = Array.from({ length: last - cursor }, (_, i) => cursor + 1 + i);
    const found = await Promise.all(seqs.map((s) => store.get<AuditEntry>(entryKey(s))));
    const entries: AuditEntry[] = [];
    let upTo = cursor;
    for (const [i, seq] of seqs.entries()) {
      const entry = found[i] ?? (seq === head.seq ? head.entry : undefined);
      if (entry) {
        entries.push(entry);
        missingSince.delete(seq);
      } else {
        const since = missingSince.get(seq) ?? now();
        missingSince.set(seq, since);
        if (now() - since < graceMs) return { entries, upTo, stalled: true };
        missingSince.delete(seq);
        log.error({ seq, target: sink.name }, 'audit entry missing from the store; exported without it');
      }
      upTo = seq;
    }
    return { entries, upTo, stalled: false };
  }

  async function tick() {
    if (now() < retryAt) return;
    const { head } = await chainTop(store);
    if (!head) return;
    let cursor = await store.get<number>(cursorKey);
    if (cursor === undefined) {
      cursor = ((await firstPresent(store, head.seq)) ?? head.seq + 1) - 1;
      await store.set(cursorKey, cursor);
    }
    while (cursor < head.seq) {
      const batch = await readBatch(cursor, head);
      if (batch.entries.length > 0) {
        try {
          await sink.send(batch.entries);
        } catch (err) {
          failures++;
          const wait = Math.min(maxMs, baseMs * 2 ** (failures - 1));
          retryAt = now() + wait;
          log.warn({ err, target: sink.name, retryInMs: wait, failures }, 'audit export failed; will retry');
          return;
        }
        if (failures > 0) log.info({ target: sink.name }, 'audit export resumed');
        failures = 0;
      }
      const upTo = batch.upTo;
      // Never backwards: a replica whose lease lapsed mid-send must not undo a newer holder's progress.
      cursor = (await store.update<number>(cursorKey, (c) => Math.max(c ?? 0, upTo))) ?? upTo;
      if (batch.stalled) return;
    }
  }

  const poller: Poller = createPoller({
    name: `audit-export:${id}`,
    store,
    intervalMs: options.intervalMs ?? 1000,
    log,
    tick,
    ...(options.owner ? { owner: options.owner } : {}),
  });
  return {
    runOnce: poller.runOnce,
    start: poller.start,
    status: poller.status,
    async stop() {
      await poller.stop();
      await sink.close();
    },
    cursor: () => store.get<number>(cursorKey),
  };
}

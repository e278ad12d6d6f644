import type { AuditEntry } from '../intents/audit-log.ts';
import type { Store } from '../store/store.ts';
import { type ChainHead, checkpointKey, entryKey, HEAD_KEY, LEGACY_COUNTER_KEY } from './audit-keys.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { ChainItem } from './verify-chain.ts';

const CHUNK = 200;

/** The newest seq: the head's, or the old counter's when nothing has been chained yet. */
export async function chainTop(store: Store): Promise<{ head?: ChainHead; top: number }> {
  const head = await store.get<ChainHead>(HEAD_KEY);
  return head ? { head, top: head.seq } : { top: await store.increment(LEGACY_COUNTER_KEY, 0) };
}

/** Entries `from`..`to` in order, read a chunk at a time; runs of absent seqs come as one gap. */
export async function* readStoredChain(store: Store, from: number, to: number): AsyncGenerator<ChainItem> {
  let gapFrom: number | undefined;
  for (let start = from; start <= to; start += CHUNK) {
    const seqs = Array.from({ length: Math.min(CHUNK, to - start + 1) }, (_, i) => start + i);
    const entries = await Promise.all(seqs.map((s) => store.get<AuditEntry>(entryKey(s))));
    for (const [i, entry] of entries.entries()) {
      const seq = seqs[i]!;
      if (!entry) {
        gapFrom ??= seq;
        continue;
      }
      if (gapFrom !== undefined) yield { kind: 'gap', from: gapFrom, to: seq - 1 };
      gapFrom = undefined;
      yield { kind: 'entry', at: seq, entry };
    }
  }
  if (gapFrom !== undefined) yield { kind: 'gap', from: gapFrom, to };
}

/** The first seq that has an entry (entries before it expired), or undefined when none has. */
export async function firstPresent(store: Store, to: number): Promise<number | undefined> {
  for await (const item of readStoredChain(store, 1, to)) if (item.kind === 'entry') return item.at;
  return undefined;
}

/**
 * The signed checkpoints from the newest (in the head) back through `prev`, until one is absent: those
 * expired with their entries, unless `missing` says an absent one should still be there.
 */
export async function readCheckpoints(
  store: Store,
  head: ChainHead | undefined,
): Promise<{ checkpoints: Checkpoint[]; missing?: number }> {
  const checkpoints: Checkpoint[] = [];
  let cp = head?.checkpoint;
  while (cp) {
    checkpoints.push(cp);
    if (cp.prev === undefined) return { checkpoints };
    const prev: Checkpoint | undefined = await store.get<Checkpoint>(checkpointKey(cp.prev));
    if (!prev) return { checkpoints, missing: cp.prev };
    cp = prev;
  }
  return { checkpoints };
}

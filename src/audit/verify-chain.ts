import type { AuditEntry } from '../intents/audit-log.ts';
import { GENESIS, hashEntry } from './chain-hash.ts';
import type { Checkpoint } from './checkpoint.ts';

/** What a reader yields in chain order: an entry found where `at` says, or a run of seqs with no entry. */
export type ChainItem =
  | { kind: 'entry'; at: number; entry: AuditEntry }
  | { kind: 'gap'; from: number; to: number };

export interface Problem {
  /** The first entry that was changed, removed or reordered (or whose checkpoint says so). */
  seq: number;
  kind: 'changed' | 'removed' | 'reordered' | 'checkpoint';
  message: string;
}

export interface WalkResult {
  /** Entries whose hash and link were checked. */
  checked: number;
  /** The first and last seq seen. */
  first?: number;
  last?: number;
  /** The first entry present had a predecessor that is not (expired, or before the export began). */
  anchoredAt?: { seq: number; prev: string };
  /** Entries written before the hash chain existed (no hash to check). */
  unchained: number;
  /** Checkpoints whose entry was compared. */
  checkpointsMatched: number;
  problem?: Problem;
}

export interface WalkOptions {
  /** Signed checkpoints whose MAC was verified, by seq. */
  checkpoints?: ReadonlyMap<number, Checkpoint>;
  /** The store's head: the newest entry must be the one it names. */
  head?: { seq: number; hash: string };
}

/**
 * Walk a chain in order and stop at the first break. Each entry must sit at its own seq, hash to its own
 * `hash`, carry its predecessor's hash in `prev`, and match any signed checkpoint for its seq. When an entry
 * does not link to its predecessor, the next one decides which of the two was changed.
 */
export async function walkChain(
  items: AsyncIterable<ChainItem>,
  options: WalkOptions = {},
): Promise<WalkResult> {
  const result: WalkResult = { checked: 0, unchained: 0, checkpointsMatched: 0 };
  let previous: AuditEntry | undefined;
  let suspect: { before: AuditEntry; entry: AuditEntry } | undefined;
  let lastGoodCheckpoint: number | undefined;
  const fail = (seq: number, kind: Problem['kind'], message: string) => {
    result.problem = { seq, kind, message };
  };
  const settleSuspect = (nextPrev: string | undefined) => {
    if (!suspect) return;
    const { before, entry } = suspect;
    if (nextPrev === entry.hash)
      fail(before.seq, 'changed', `#${before.seq} was changed after #${entry.seq} recorded its hash.`);
    else fail(entry.seq, 'changed', `#${entry.seq} was changed or moved: it does not follow #${before.seq}.`);
  };

  for await (const item of items) {
    if (item.kind === 'gap') {
      if (suspect) settleSuspect(undefined);
      else if (previous) {
        const which = item.from === item.to ? `#${item.from}` : `#${item.from}–#${item.to}`;
        const verb = item.from === item.to ? 'was' : 'were';
        fail(
          item.from,
          'removed',
          `${which} ${verb} removed: the chain holds #${previous.seq} and later ones, but not ${which}.`,
        );
      }
      if (result.problem) break;
      continue;
    }
    const { entry, at } = item;
    if (suspect) {
      settleSuspect(entry.prev);
      break;
    }
    if (entry.seq !== at) {
      fail(at, 'reordered', `#${at} was reordered: the entry found there says it is #${entry.seq}.`);
      break;
    }
    result.first ??= entry.seq;
    result.last = entry.seq;
    if (entry.hash === undefined) {
      if (previous?.hash !== undefined) {
        fail(entry.seq, 'changed', `#${entry.seq} was changed: it has no hash, but the chain had begun.`);
        break;
      }
      result.unchained++;
      previous = entry;
      continue;
    }
    if (hashEntry(entry) !== entry.hash) {
      fail(entry.seq, 'changed', `#${entry.seq} was changed: its content does not match its hash.`);
      break;
    }
    if (previous?.hash !== undefined && entry.prev !== previous.hash) {
      suspect = { before: previous, entry };
      continue;
    }
    if (!previous && entry.seq === 1 && entry.prev !== GENESIS) {
      fail(1, 'changed', '#1 was changed: the first entry must follow the genesis hash.');
      break;
    }
    if (!previous && entry.prev !== GENESIS) result.anchoredAt = { seq: entry.seq, prev: entry.prev ?? '' };
    const cp = options.checkpoints?.get(entry.seq);
    if (cp) {
      if (cp.hash !== entry.hash) {
        const since = lastGoodCheckpoint
          ? `after #${lastGoodCheckpoint}, the last signed checkpoint that matches`
          : 'before it';
        fail(
          entry.seq,
          'checkpoint',
          `#${entry.seq} differs from its signed checkpoint (${cp.at}): entries were rewritten ${since}, up to #${entry.seq}.`,
        );
        break;
      }
      lastGoodCheckpoint = entry.seq;
      result.checkpointsMatched++;
    }
    result.checked++;
    previous = entry;
  }
  if (!result.problem && suspect) settleSuspect(options.head?.hash);
  const head = options.head;
  if (!result.problem && head && previous && previous.seq === head.seq && previous.hash !== head.hash)
    fail(head.seq, 'changed', `#${head.seq} was changed: it is not the entry the chain head names.`);
  return result;
}

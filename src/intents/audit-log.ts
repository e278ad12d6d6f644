import {
  type ChainHead,
  checkpointKey,
  entryKey,
  HEAD_KEY,
  LEGACY_COUNTER_KEY,
} from '../audit/audit-keys.ts';
import { GENESIS, hashEntry, wellFormed } from '../audit/chain-hash.ts';
import { type CheckpointSigner, createCheckpointSigner } from '../audit/checkpoint.ts';
import { type VerifyReport, verifyStoredChain } from '../audit/verify-store.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './envelope.ts';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { platform: string; userId: string; name: string; email?: string };
  /** The intent or step: `rport.run`, `rport.confirm`, `access.approve`, … */
  action: string;
  /** What it acted on: client ids, a request id, an alert key. */
  targets: string[];
  /** The policy's or person's decision: requested, allowed, denied, confirmed, cancelled, approved, … */
  decision: string;
  /** What happened: ok, failed, pending, or a short reason. */
  result: string;
  /** One line of detail (the command, the duration); never a secret. */
  detail?: string;
  /** SHA-256 (hex) of the previous entry (`GENESIS` for the first); absent on entries older than the chain. */
  prev?: string;
  /** SHA-256 (hex) of this entry's canonical form (docs/audit-format.md). */
  hash?: string;
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'at' | 'actor' | 'prev' | 'hash'> & { actor: Actor };

export interface AuditLog {
  record(entry: AuditInput): Promise<AuditEntry>;
  /** The newest `n` entries, newest first. */
  last(n: number): Promise<AuditEntry[]>;
  /** Walk the chain and its signed checkpoints; names the first entry changed, removed or reordered. */
  verify(): Promise<VerifyReport>;
}

export interface AuditLogOptions {
  /** GATEHOUSE_SECRET_KEY; without it the chain is still hashed but its head is not signed. */
  secretKey?: Buffer;
  /** Entries and checkpoints expire after this many days (default 400). */
  retentionDays?: number;
  /** Sign the head every this many entries (default 100) … */
  checkpointEvery?: number;
  /** … or at the first entry after this many seconds since the last signature (default 60). */
  checkpointSeconds?: number;
}

const DAY_MS = 86_400_000;

/**
 * Every privileged step goes here: one structured log line and one entry in a hash chain in the store.
 * Appending is one `store.update` on the chain head (locked across replicas), which assigns the seq, links
 * the previous hash and, at intervals, signs the head; the entry itself is then written under `audit:<seq>`.
 */
export function createAuditLog(
  store: Store,
  log: Logger,
  now: () => Date = () => new Date(),
  options: AuditLogOptions = {},
): AuditLog {
  const ttlMs = (options.retentionDays ?? 400) * DAY_MS;
  const every = options.checkpointEvery ?? 100;
  const intervalMs = (options.checkpointSeconds ?? 60) * 1000;
  const signer: CheckpointSigner | undefined = options.secretKey
    ? createCheckpointSigner(options.secretKey)
    : undefined;

  function dueForCheckpoint(head: ChainHead | undefined, seq: number, at: string): boolean {
    if (!signer) return false;
    const last = head?.checkpoint;
    return !last || seq - last.seq >= every || Date.parse(at) - Date.parse(last.at) >= intervalMs;
  }

  function append(current: ChainHead | undefined, input: AuditInput, at: string, base: number): ChainHead {
    const seq = (current?.seq ?? base) + 1;
    const { actor, ...rest } = input;
    const unhashed: AuditEntry = wellFormed({
      seq,
      at,
      actor: { platform: actor.platform, userId: actor.userId, name: actor.name, email: actor.email },
      ...rest,
      prev: current?.hash ?? GENESIS,
    });
    const entry = { ...unhashed, hash: hashEntry(unhashed) };
    const hash = entry.hash;
    const checkpoint = dueForCheckpoint(current, seq, at)
      ? signer?.sign({ seq, hash, at, ...(current?.checkpoint ? { prev: current.checkpoint.seq } : {}) })
      : current?.checkpoint;
    return { seq, hash, entry, start: current?.start ?? base + 1, ...(checkpoint ? { checkpoint } : {}) };
  }

  /** Writes what a head holds for its own seq, unless it is there already (the appender may have died). */
  async function writeOwn(head: ChainHead, onlyIfMissing: boolean) {
    const key = entryKey(head.seq);
    if (!onlyIfMissing || !(await store.get(key))) await store.set(key, head.entry, ttlMs);
    const cp = head.checkpoint;
    if (cp?.seq === head.seq) {
      const cpKey = checkpointKey(cp.seq);
      if (!onlyIfMissing || !(await store.get(cpKey))) await store.set(cpKey, cp, ttlMs);
    }
  }

  return {
    async record(input) {
      const at = now().toISOString();
      let base: number | undefined;
      for (;;) {
        let previous: ChainHead | undefined;
        let needBase = false;
        const head = await store.update<ChainHead>(HEAD_KEY, (current) => {
          previous = current;
          if (!current && base === undefined) {
            needBase = true;
            return undefined;
          }
          return append(current, input, at, base ?? 0);
        });
        if (needBase) {
          // The first chained entry continues the numbering of entries written before the chain existed.
          base = await store.increment(LEGACY_COUNTER_KEY, 0);
          continue;
        }
        if (!head) throw new Error('the audit head was not written');
        if (previous) await writeOwn(previous, true);
        await writeOwn(head, false);
        const entry = head.entry;
        log.info({ audit: entry }, `audit: ${entry.action} ${entry.decision} → ${entry.result}`);
        return entry;
      }
    },
    async last(n) {
      const head = await store.get<ChainHead>(HEAD_KEY);
      const top = head?.seq ?? (await store.increment(LEGACY_COUNTER_KEY, 0));
      const seqs = Array.from({ length: Math.max(0, Math.min(n, top)) }, (_, i) => top - i);
      const entries = await Promise.all(seqs.map((s) => store.get<AuditEntry>(entryKey(s))));
      return entries.filter((e): e is AuditEntry => e !== undefined);
    },
    verify() {
      return verifyStoredChain(store, signer, { ms: ttlMs, now });
    },
  };
}

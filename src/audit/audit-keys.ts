import type { AuditEntry } from '../intents/audit-log.ts';
import type { Checkpoint } from './checkpoint.ts';

/** Store keys of the audit trail. Entries and checkpoints expire after AUDIT_RETENTION_DAYS; the head never. */
export const HEAD_KEY = 'audit:head';
/** The counter entries were numbered by before the hash chain (read once, to continue its numbering). */
export const LEGACY_COUNTER_KEY = 'audit:seq';
export const entryKey = (seq: number) => `audit:${seq}`;
export const checkpointKey = (seq: number) => `audit:checkpoint:${seq}`;

/**
 * The chain's head, changed only inside `store.update` (locked across replicas): the newest entry's seq and
 * hash, the entry itself (so a replica that dies between moving the head and writing the entry loses
 * nothing: the next append writes it), and the newest signed checkpoint.
 */
export interface ChainHead {
  seq: number;
  hash: string;
  entry: AuditEntry;
  /** The first seq of the hash chain (entries below it were written before it and carry no hash). */
  start: number;
  checkpoint?: Checkpoint;
}

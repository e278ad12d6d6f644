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
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'at' | 'actor'> & { actor: Actor };

export interface AuditLog {
  record(entry: AuditInput): Promise<AuditEntry>;
  /** The newest `n` entries, newest first. */
  last(n: number): Promise<AuditEntry[]>;
}

/**
 * Every privileged step goes here: one structured log line (for the SIEM) and one entry in the store (for
 * `audit [n]` in chat). Entries are numbered by an atomic counter, so replicas never overwrite each other.
 */
export function createAuditLog(store: Store, log: Logger, now: () => Date = () => new Date()): AuditLog {
  return {
    async record(input) {
      const seq = await store.increment('audit:seq');
      const { actor, ...rest } = input;
      const entry: AuditEntry = {
        seq,
        at: now().toISOString(),
        actor: {
          platform: actor.platform,
          userId: actor.userId,
          name: actor.name,
          ...(actor.email ? { email: actor.email } : {}),
        },
        ...rest,
      };
      await store.set(`audit:${seq}`, entry);
      log.info({ audit: entry }, `audit: ${entry.action} ${entry.decision} → ${entry.result}`);
      return entry;
    },
    async last(n) {
      const top = await store.increment('audit:seq', 0);
      const seqs = Array.from({ length: Math.min(n, top) }, (_, i) => top - i);
      const entries = await Promise.all(seqs.map((s) => store.get<AuditEntry>(`audit:${s}`)));
      return entries.filter((e): e is AuditEntry => e !== undefined);
    },
  };
}

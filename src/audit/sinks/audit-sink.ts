import type { AuditEntry } from '../../intents/audit-log.ts';

/** Where exported entries go. `send` resolves only when the target took the whole batch; it throws otherwise. */
export interface AuditSink {
  /** For logs: `file:/var/log/…`, `https://siem…` (never a token), `syslog+tls://…`. */
  readonly name: string;
  send(entries: AuditEntry[]): Promise<void>;
  close(): Promise<void>;
}

import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry } from '../../intents/audit-log.ts';
import { entryLine } from '../chain-hash.ts';
import type { AuditSink } from './audit-sink.ts';

/**
 * JSON lines appended to `path` (mode 0600), flushed to disk before a batch counts as sent. When the file
 * reaches `maxBytes` it is renamed to `<path>.<UTC time>` (names sort in time order) and a new one begins;
 * rotated files are never deleted here (the operator's retention does that).
 *
 * Written with node:fs rather than a rotating-stream library because the exporter must know a batch is on
 * disk (fdatasync) before it moves its cursor, which stream libraries do not report.
 */
export function createFileSink(
  path: string,
  maxBytes: number,
  now: () => Date = () => new Date(),
): AuditSink {
  return {
    name: `file:${path}`,
    async send(entries) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const size = await stat(path).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 0 && size >= maxBytes) {
        const stamp = now().toISOString().replace(/:/g, '-');
        await rename(path, `${path}.${stamp}`);
      }
      const file = await open(path, 'a', 0o600);
      try {
        await file.appendFile(entries.map((e: AuditEntry) => `${entryLine(e)}\n`).join(''), 'utf8');
        await file.datasync();
      } finally {
        await file.close();
      }
    },
    async close() {},
  };
}

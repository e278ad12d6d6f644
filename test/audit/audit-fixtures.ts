import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditLog, type AuditLogOptions, createAuditLog } from '../../src/intents/audit-log.ts';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { REDIS_URL } from '../helpers/stores.ts';
import { openRawRedis, openRawSqlite, type RawStore } from './raw-store.ts';

export const KEY = Buffer.alloc(32, 7);

/** A real store of each kind, with the way to open its data behind Gatehouse's back. */
export interface Backend {
  store: Store;
  /** A second store on the same data (another replica; SQLite: the same process). */
  another(): Store;
  raw(): Promise<RawStore>;
}

export const backends: Array<[string, () => Backend]> = [
  [
    'sqlite',
    () => {
      const path = join(mkdtempSync(join(tmpdir(), 'gh-audit-')), 'store.sqlite');
      const store = createStore(`sqlite://${path}`);
      return { store, another: () => store, raw: () => openRawSqlite(path) };
    },
  ],
  [
    'redis',
    () => {
      const namespace = `gh-audit-${randomUUID()}`;
      return {
        store: createStore(REDIS_URL, { namespace }),
        another: () => createStore(REDIS_URL, { namespace }),
        raw: () => openRawRedis(REDIS_URL, namespace),
      };
    },
  ],
];

export function auditLogOn(
  store: Store,
  options: AuditLogOptions = { secretKey: KEY },
  now?: () => Date,
): AuditLog {
  return createAuditLog(store, captureLogs().log, now, options);
}

export const actor = {
  platform: 'console' as const,
  userId: 'alice',
  name: 'Alice',
  email: 'alice@example.com',
};

/** Record `n` entries numbered in their detail. */
export async function recordMany(audit: AuditLog, n: number, from = 1) {
  for (let i = from; i < from + n; i++)
    await audit.record({
      actor,
      action: 'rport.run',
      targets: ['web1'],
      decision: 'allowed',
      result: 'ok',
      detail: `step ${i}`,
    });
}

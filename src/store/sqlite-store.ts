import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { createKeyedMutex, readModifyWrite } from './mutex.ts';
import type { Claim, ClaimResult, Store } from './store.ts';

/**
 * The embedded store: a SQLite file through keyv. Claims, leases, counters and updates are made atomic by an
 * in-process lock, so one SQLite file serves one process; use Redis for several replicas.
 */
export function createSqliteStore(path: string, options: { namespace?: string } = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 });
  const keyv = new Keyv({ store: adapter, namespace: options.namespace ?? 'gatehouse' });
  const withLock = createKeyedMutex();

  const store: Store = {
    backend: 'sqlite',
    async get<T>(key: string) {
      return (await keyv.get(key)) as T | undefined;
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, value, ttlMs);
    },
    async delete(key) {
      return keyv.delete(key);
    },
    claim(key, owner, ttlMs) {
      return withLock(key, async (): Promise<ClaimResult> => {
        const holder = (await keyv.get(key)) as Claim | undefined;
        if (holder) return { won: false, holder };
        await keyv.set(key, { owner, at: new Date().toISOString() } satisfies Claim, ttlMs);
        return { won: true };
      });
    },
    releaseClaim(key, owner) {
      return withLock(key, async () => {
        const holder = (await keyv.get(key)) as Claim | undefined;
        if (holder?.owner === owner) await keyv.delete(key);
      });
    },
    lease(key, owner, ttlMs) {
      return withLock(key, async () => {
        const holder = (await keyv.get(key)) as Claim | undefined;
        if (holder && holder.owner !== owner) return false;
        await keyv.set(key, { owner, at: new Date().toISOString() } satisfies Claim, ttlMs);
        return true;
      });
    },
    releaseLease(key, owner) {
      return withLock(key, async () => {
        const holder = (await keyv.get(key)) as Claim | undefined;
        if (holder?.owner === owner) await keyv.delete(key);
      });
    },
    increment(key, by = 1) {
      return withLock(key, async () => {
        const next = (((await keyv.get(key)) as number | undefined) ?? 0) + by;
        await keyv.set(key, next);
        return next;
      });
    },
    update<T>(key: string, fn: (current: T | undefined) => T | undefined, ttlMs?: number) {
      return withLock(key, () => readModifyWrite(keyv, key, fn, ttlMs));
    },
    async ping() {
      try {
        await keyv.get('__ping__');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await keyv.disconnect();
    },
  };
  return store;
}

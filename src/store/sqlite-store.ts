import { type Checkpointer, startCheckpointer } from './sqlite-checkpointer.ts';
import { openSqliteFile } from './sqlite-file.ts';
import { createSqliteKv } from './sqlite-kv.ts';
import type { Claim, ClaimResult, Store } from './store.ts';

const SWEEP_EVERY_MS = 60_000;

/**
 * The embedded store: one SQLite file through better-sqlite3 (WAL, `synchronous=NORMAL`, checkpoints on a
 * worker thread, writes group-committed once per event-loop turn; see sqlite-kv.ts and sqlite-file.ts).
 *
 * Every read-check-write below (claim, lease, increment, update) reads and queues its write in one
 * synchronous step, so nothing can come between them in this process: that is what makes them atomic. One
 * SQLite file serves one process; use Redis for several replicas.
 */
export function createSqliteStore(
  path: string,
  options: { namespace?: string; onError?: (message: string) => void } = {},
): Store {
  const db = openSqliteFile(path);
  const kv = createSqliteKv(db);
  kv.migrateFromKeyv();
  const checkpointer: Checkpointer | undefined =
    path === ':memory:' ? undefined : startCheckpointer(db.name, { onError: options.onError });
  const sweeper = setInterval(() => {
    try {
      kv.sweep();
    } catch (err) {
      options.onError?.((err as Error).message);
    }
  }, SWEEP_EVERY_MS);
  sweeper.unref();

  const prefix = `${options.namespace ?? 'gatehouse'}:`;
  const k = (key: string) => prefix + key;
  const expiresAt = (ttlMs?: number) => (ttlMs === undefined ? null : Date.now() + ttlMs);
  const read = <T>(key: string): T | undefined => {
    const row = kv.read(k(key));
    return row ? (JSON.parse(row.value) as T) : undefined;
  };
  const write = (key: string, value: unknown, ttlMs?: number) =>
    kv.write(k(key), { value: JSON.stringify(value) ?? 'null', expires: expiresAt(ttlMs) });
  const remove = (key: string) => kv.write(k(key), null);
  const newClaim = (owner: string): Claim => ({ owner, at: new Date().toISOString() });
  let closed: Promise<void> | undefined;

  return {
    backend: 'sqlite',
    async get<T>(key: string) {
      return read<T>(key);
    },
    // The write's own promise, not an async wrapper around it: one promise less per write (issue 13's timer
    // figure is mostly garbage collection).
    set: (key, value, ttlMs) => write(key, value, ttlMs),
    async delete(key) {
      const existed = kv.read(k(key)) !== undefined;
      await remove(key);
      return existed;
    },
    async claim(key, owner, ttlMs): Promise<ClaimResult> {
      const holder = read<Claim>(key);
      if (holder) return { won: false, holder };
      await write(key, newClaim(owner), ttlMs);
      return { won: true };
    },
    async releaseClaim(key, owner) {
      if (read<Claim>(key)?.owner === owner) await remove(key);
    },
    async lease(key, owner, ttlMs) {
      const holder = read<Claim>(key);
      if (holder && holder.owner !== owner) return false;
      await write(key, newClaim(owner), ttlMs);
      return true;
    },
    async releaseLease(key, owner) {
      if (read<Claim>(key)?.owner === owner) await remove(key);
    },
    async increment(key, by = 1) {
      const next = (read<number>(key) ?? 0) + by;
      // by 0 reads the counter (the audit log's tail does): nothing to write.
      if (by === 0) return next;
      await write(key, next);
      return next;
    },
    async update<T>(key: string, fn: (current: T | undefined) => T | undefined, ttlMs?: number) {
      const current = read<T>(key);
      const next = fn(current);
      if (next === undefined) return current;
      await write(key, next, ttlMs);
      return next;
    },
    async ping() {
      try {
        return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close() {
      closed ??= (async () => {
        clearInterval(sweeper);
        kv.flushAll();
        await checkpointer?.close();
        db.close();
      })();
      return closed;
    },
  };
}

import { createClient } from '@keyv/redis';
import Database from 'better-sqlite3';

/**
 * The store's own files and keys, opened behind Gatehouse's back the way an intruder would: rows and keys
 * are found by the suffix of their key (`audit:5`), so the helper does not depend on how a backend wraps values.
 */
export interface RawStore {
  read(suffix: string): Promise<string | undefined>;
  write(suffix: string, text: string): Promise<void>;
  remove(suffix: string): Promise<void>;
  close(): Promise<void>;
}

/** The SQLite file through a second better-sqlite3 connection (the driver the store uses), as an intruder would. */
export async function openRawSqlite(path: string): Promise<RawStore> {
  const db = new Database(path);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{
    name: string;
  }>;
  const table = tables.map((t) => t.name).find((n) => n.includes('kv')) ?? tables[0]!.name;
  const keyOf = (suffix: string) =>
    (
      db.prepare(`SELECT key FROM "${table}" WHERE key LIKE ?`).get(`%:${suffix}`) as
        | { key: string }
        | undefined
    )?.key;
  return {
    async read(suffix) {
      const row = db.prepare(`SELECT value FROM "${table}" WHERE key LIKE ?`).get(`%:${suffix}`) as
        | { value: string }
        | undefined;
      return row?.value;
    },
    async write(suffix, text) {
      const key = keyOf(suffix);
      if (!key) throw new Error(`no row for ${suffix}`);
      db.prepare(`UPDATE "${table}" SET value = ? WHERE key = ?`).run(text, key);
    },
    async remove(suffix) {
      db.prepare(`DELETE FROM "${table}" WHERE key LIKE ?`).run(`%:${suffix}`);
    },
    async close() {
      db.close();
    },
  };
}

/** The real Redis keys under a namespace, through a plain client. */
export async function openRawRedis(url: string, namespace: string): Promise<RawStore> {
  const client = createClient({ url });
  await client.connect();
  const keyOf = async (suffix: string) => {
    const keys = await client.keys(`${namespace}*:${suffix}`);
    return keys.find((k) => k.endsWith(`:${suffix}`));
  };
  return {
    async read(suffix) {
      const key = await keyOf(suffix);
      return key ? ((await client.get(key)) ?? undefined) : undefined;
    },
    async write(suffix, text) {
      const key = await keyOf(suffix);
      if (!key) throw new Error(`no key for ${suffix}`);
      await client.set(key, text, { KEEPTTL: true });
    },
    async remove(suffix) {
      const key = await keyOf(suffix);
      if (key) await client.del(key);
    },
    async close() {
      await client.quit();
    },
  };
}

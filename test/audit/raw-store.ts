import { createClient } from '@keyv/redis';

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

interface SqliteDb {
  all(
    sql: string,
    params: unknown[],
    cb: (err: Error | null, rows: Array<Record<string, string>>) => void,
  ): void;
  run(sql: string, params: unknown[], cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
}

/** The SQLite file through the sqlite3 driver (the one @keyv/sqlite uses), a second connection to it. */
export async function openRawSqlite(path: string): Promise<RawStore> {
  const sqlite3 = (await import('sqlite3')).default as unknown as {
    Database: new (file: string, cb: (err: Error | null) => void) => SqliteDb;
  };
  const db = await new Promise<SqliteDb>((resolve, reject) => {
    const d = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(d)));
  });
  const all = (sql: string, params: unknown[] = []) =>
    new Promise<Array<Record<string, string>>>((res, rej) =>
      db.all(sql, params, (e, r) => (e ? rej(e) : res(r))),
    );
  const run = (sql: string, params: unknown[]) =>
    new Promise<void>((res, rej) => db.run(sql, params, (e) => (e ? rej(e) : res())));
  const tables = await all(`SELECT name FROM sqlite_master WHERE type = 'table'`);
  const table = tables.map((t) => t.name!).find((n) => n.includes('keyv')) ?? tables[0]!.name!;
  const keyOf = async (suffix: string) =>
    (await all(`SELECT key FROM "${table}" WHERE key LIKE ?`, [`%:${suffix}`]))[0]?.key;
  return {
    async read(suffix) {
      return (await all(`SELECT value FROM "${table}" WHERE key LIKE ?`, [`%:${suffix}`]))[0]?.value;
    },
    async write(suffix, text) {
      const key = await keyOf(suffix);
      if (!key) throw new Error(`no row for ${suffix}`);
      await run(`UPDATE "${table}" SET value = ? WHERE key = ?`, [text, key]);
    },
    async remove(suffix) {
      await run(`DELETE FROM "${table}" WHERE key LIKE ?`, [`%:${suffix}`]);
    },
    close: () => new Promise<void>((res, rej) => db.close((e) => (e ? rej(e) : res()))),
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

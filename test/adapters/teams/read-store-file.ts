import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Row {
  table: string;
  values: unknown[];
}

type Sqlite3 = {
  OPEN_READONLY: number;
  Database: new (
    path: string,
    mode: number,
    callback: (err: Error | null) => void,
  ) => {
    all(sql: string, callback: (err: Error | null, rows: Array<Record<string, unknown>>) => void): void;
    close(callback: () => void): void;
  };
};

/**
 * Every row of every table of a SQLite file, opened read-only the way another local user would read it:
 * whatever Gatehouse wrote, whatever its store layer, is in here. better-sqlite3 when installed, else the
 * sqlite3 driver @keyv/sqlite brings.
 */
export async function readStoreFile(path: string): Promise<Row[]> {
  try {
    const Better = require('better-sqlite3') as new (
      p: string,
      o: { readonly: boolean },
    ) => {
      prepare(sql: string): { all(): Array<Record<string, unknown>>; raw(): { all(): unknown[][] } };
      close(): void;
    };
    const db = new Better(path, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      return tables.flatMap(({ name }) =>
        db
          .prepare(`SELECT * FROM "${String(name)}"`)
          .raw()
          .all()
          .map((values) => ({ table: String(name), values })),
      );
    } finally {
      db.close();
    }
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
  }
  const sqlite3 = require('sqlite3') as Sqlite3;
  const db = await new Promise<InstanceType<Sqlite3['Database']>>((resolve, reject) => {
    const opened = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (err) =>
      err ? reject(err) : resolve(opened),
    );
  });
  const all = (sql: string) =>
    new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
      db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows))),
    );
  try {
    const rows: Row[] = [];
    for (const { name } of await all("SELECT name FROM sqlite_master WHERE type = 'table'"))
      for (const row of await all(`SELECT * FROM "${String(name)}"`))
        rows.push({ table: String(name), values: Object.values(row) });
    return rows;
  } finally {
    await new Promise<void>((resolve) => db.close(resolve));
  }
}

/** All rows as one text, keys and values, to search for what must never be there. */
export async function storeFileText(path: string): Promise<string> {
  return (await readStoreFile(path))
    .map((r) => r.values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join('\t'))
    .join('\n');
}

import type Database from 'better-sqlite3';

/** One stored value: JSON text and when it expires (ms since the epoch), or null for never. */
export interface Row {
  value: string;
  expires: number | null;
}

interface Pending {
  /** null: delete. */
  row: Row | null;
  /** Settles when the transaction holding this key's latest write commits; every writer of the key shares it. */
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Writes per transaction: a storm of writes queued in one tick is committed in slices, yielding between. */
const SLICE = 256;
/** Expired rows removed per sweep (one small transaction a minute). */
const SWEEP_ROWS = 500;

/**
 * Key-value rows in one SQLite table, read synchronously and written by group commit: every write made in
 * one turn of the event loop goes into one transaction at the end of that turn (setImmediate), and each
 * writer's promise resolves when its transaction has committed. Reads see writes that are still waiting
 * (read-your-writes), so a read-check-write on one key made without awaiting in between is atomic in this
 * process.
 */
export function createSqliteKv(db: Database.Database, now: () => number = Date.now) {
  db.exec(`CREATE TABLE IF NOT EXISTS gatehouse_kv (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    expires INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS gatehouse_kv_expires ON gatehouse_kv(expires) WHERE expires IS NOT NULL;`);
  const select = db.prepare<[string], Row>('SELECT value, expires FROM gatehouse_kv WHERE key = ?');
  const upsert = db.prepare<[string, string, number | null]>(
    `INSERT INTO gatehouse_kv (key, value, expires) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
  );
  const remove = db.prepare<[string]>('DELETE FROM gatehouse_kv WHERE key = ?');
  const sweep = db.prepare<[number, number]>(
    `DELETE FROM gatehouse_kv WHERE key IN
       (SELECT key FROM gatehouse_kv WHERE expires IS NOT NULL AND expires <= ? LIMIT ?)`,
  );
  const commit = db.transaction((slice: Array<[string, Pending]>) => {
    for (const [key, { row }] of slice) {
      if (row) upsert.run(key, row.value, row.expires);
      else remove.run(key);
    }
  });

  let pending = new Map<string, Pending>();
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (pending.size === 0) return;
    // The usual case takes the whole map and starts a new one. Deleting each key instead made V8 rehash the
    // long-lived map every few turns: its new tables go straight to the old generation, and each replaced
    // table still holds the entries it had, so every write since the last full collection survived the
    // young-generation collections, which grew from under 1 ms to 6-12 ms each (issue 13's timer figure).
    let slice: Array<[string, Pending]>;
    if (pending.size <= SLICE) {
      slice = [...pending];
      pending = new Map();
    } else {
      slice = [];
      for (const entry of pending) {
        slice.push(entry);
        if (slice.length === SLICE) break;
      }
      for (const [key] of slice) pending.delete(key);
      schedule();
    }
    try {
      commit(slice);
      for (const [, p] of slice) p.resolve();
    } catch (err) {
      for (const [, p] of slice) p.reject(err);
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    /** The live row, or undefined when absent or expired (an expired value is never visible). */
    read(key: string): Row | undefined {
      const waiting = pending.get(key);
      const row = waiting ? waiting.row : select.get(key);
      if (!row) return undefined;
      return row.expires !== null && row.expires <= now() ? undefined : row;
    },

    /** Queue a write (null deletes); resolves once it is committed. Visible to `read` at once. */
    write(key: string, row: Row | null): Promise<void> {
      const waiting = pending.get(key);
      if (waiting) {
        // Not yet committed: the newer value replaces it, and goes to the back of the queue.
        waiting.row = row;
        pending.delete(key);
        pending.set(key, waiting);
        return waiting.done;
      }
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending.set(key, { row, done, resolve, reject });
      schedule();
      return done;
    },

    /** Remove up to SWEEP_ROWS expired rows; returns how many went. */
    sweep(): number {
      return sweep.run(now(), SWEEP_ROWS).changes;
    },

    /** Commit whatever is waiting, now (before close). */
    flushAll(): void {
      while (pending.size > 0) flush();
    },

    /** Rows of the table keyv used before (`keyv`), moved into this one once, in one transaction. */
    migrateFromKeyv(): number {
      const old = db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'keyv'",
        )
        .get();
      if (!old) return 0;
      const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM keyv').all();
      let moved = 0;
      db.transaction(() => {
        for (const { key, value } of rows) {
          const parsed = parseKeyvValue(value);
          if (!parsed || (parsed.expires !== null && parsed.expires <= now())) continue;
          upsert.run(key, parsed.value, parsed.expires);
          moved++;
        }
        db.exec('DROP TABLE keyv');
      })();
      pending = new Map();
      return moved;
    },
  };
}

export type SqliteKv = ReturnType<typeof createSqliteKv>;

/** keyv's stored form: `{"value":…,"expires":…}`, strings that began with ':' escaped with one more ':'. */
function parseKeyvValue(text: string): Row | undefined {
  try {
    const data = JSON.parse(text, (_k, v: unknown) =>
      typeof v === 'string' && v.startsWith(':') ? v.slice(1) : v,
    ) as { value?: unknown; expires?: unknown };
    if (data === null || typeof data !== 'object' || data.value === undefined) return undefined;
    const expires = typeof data.expires === 'number' ? data.expires : null;
    return { value: JSON.stringify(data.value), expires };
  } catch {
    return undefined;
  }
}

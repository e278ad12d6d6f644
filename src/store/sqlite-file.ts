import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** Owner-only: the store holds pending actions, claims and vendor access tokens. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Open the store's SQLite file readable by its owner only (issue 10, finding 8): the directory is created (or
 * tightened) to 0700 and the file, with its `-wal` and `-shm` companions, to 0600 — before SQLite writes a byte.
 *
 * Journal: WAL with `synchronous=NORMAL`, so a commit is a write into the log and no fsync; the log is copied
 * back into the database (a checkpoint, the only fsync) by a worker thread, never on the event loop
 * (`wal_autocheckpoint=0` here; see sqlite-checkpointer.ts).
 */
export function openSqliteFile(path: string): Database.Database {
  if (path === ':memory:') return new Database(':memory:');
  const file = resolve(path);
  secureDirectory(dirname(file));
  if (!existsSync(file)) closeSync(openSync(file, 'a', FILE_MODE));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) tighten(name, FILE_MODE);
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  // SQLite gives the -wal and -shm files the database file's mode; tighten them anyway, in case an older
  // version of Gatehouse (or another tool) created them with the umask's.
  for (const name of [`${file}-wal`, `${file}-shm`]) tighten(name, FILE_MODE);
  return db;
}

/**
 * Create the directory 0700, or tighten the one that holds the file. The working directory and shared
 * sticky directories such as /tmp are left as they are: they are not Gatehouse's to change.
 */
function secureDirectory(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    return;
  }
  const mode = statSync(dir).mode;
  const sticky = (mode & 0o1000) !== 0;
  if (sticky || dir === process.cwd()) return;
  try {
    tighten(dir, DIR_MODE);
  } catch {
    // Not ours to change (another owner): the file itself is still 0600.
  }
}

function tighten(name: string, mode: number): void {
  if (!existsSync(name)) return;
  if ((statSync(name).mode & 0o777) !== mode) chmodSync(name, mode);
}

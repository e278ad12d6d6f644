import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const freshDir = () => mkdtempSync(join(tmpdir(), 'gh-sqlite-'));

describe('the SQLite store file', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('is readable by its owner only: directory 0700, database, -wal and -shm 0600', async () => {
    const dir = join(freshDir(), 'nested', 'data');
    const file = join(dir, 'gatehouse.sqlite');
    store = createStore(`sqlite://${file}`);
    await store.set('secret', { token: 'x' });
    expect(mode(dir).toString(8)).toBe('700');
    for (const name of [file, `${file}-wal`, `${file}-shm`]) expect(mode(name).toString(8)).toBe('600');
  });

  it('tightens an existing directory and file that others could read', async () => {
    const dir = join(freshDir(), 'data');
    const file = join(dir, 'gatehouse.sqlite');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    store = createStore(`sqlite://${file}`);
    await store.set('a', 1);
    expect(mode(dir).toString(8)).toBe('700');
    expect(mode(file).toString(8)).toBe('600');
  });

  it('keeps what was committed across a close and a reopen, without what expired', async () => {
    const file = join(freshDir(), 'g.sqlite');
    store = createStore(`sqlite://${file}`);
    await store.set('kept', { n: 1 });
    await store.set('brief', 'x', 30);
    expect((await store.claim('pending:1', 'alice', 60_000)).won).toBe(true);
    await store.close();
    await new Promise((r) => setTimeout(r, 60));
    store = createStore(`sqlite://${file}`);
    expect(await store.get('kept')).toEqual({ n: 1 });
    expect(await store.get('brief')).toBeUndefined();
    const again = await store.claim('pending:1', 'bob', 60_000);
    expect(again).toMatchObject({ won: false, holder: { owner: 'alice' } });
  });

  it('moves a store file written by the keyv-based store into its table, once', async () => {
    const file = join(freshDir(), 'old.sqlite');
    const old = new Database(file);
    // The layout @keyv/sqlite 4 wrote: one `keyv` table, keys `<namespace>:<key>`, values
    // `{"value":…,"expires":…}` with strings that begin with ':' escaped by one more ':'.
    old.exec('CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)');
    const put = old.prepare('INSERT INTO keyv (key, value) VALUES (?, ?)');
    put.run('gatehouse:posted:1', JSON.stringify({ value: { channel: 'C1', ts: '1.2' }, expires: null }));
    put.run('gatehouse:cursor', JSON.stringify({ value: '::colon', expires: Date.now() + 60_000 }));
    put.run('gatehouse:gone', JSON.stringify({ value: 'old', expires: Date.now() - 1 }));
    put.run('gatehouse:seq', JSON.stringify({ value: 41 }));
    old.close();

    store = createStore(`sqlite://${file}`);
    expect(await store.get('posted:1')).toEqual({ channel: 'C1', ts: '1.2' });
    expect(await store.get('cursor')).toBe(':colon');
    expect(await store.get('gone')).toBeUndefined();
    expect(await store.increment('seq')).toBe(42);
    await store.close();
    store = undefined;

    const after = new Database(file, { readonly: true });
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    after.close();
    expect(tables).toEqual([{ name: 'gatehouse_kv' }]);
  });
});

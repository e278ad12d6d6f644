import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { storeBackends } from '../helpers/stores.ts';

describe.each(storeBackends)('store on %s', (_name, make) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('keeps values and forgets them after their ttl', async () => {
    store = make();
    await store.set('a', { x: 1 });
    await store.set('b', 'short', 50);
    expect(await store.get('a')).toEqual({ x: 1 });
    expect(await store.get('b')).toBe('short');
    await sleep(120);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeUndefined();
  });

  it('lets exactly one of 20 concurrent claimers win, and tells the others who holds it', async () => {
    store = make();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.claim('pending:1', `user-${i}`, 60_000)),
    );
    const winners = results.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    const holders = new Set(results.flatMap((r) => (r.won ? [] : [r.holder.owner])));
    expect(holders.size).toBe(1);
    expect([...holders][0]).toMatch(/^user-\d+$/);
  });

  it('releases a claim only for its owner', async () => {
    store = make();
    expect((await store.claim('c', 'a', 60_000)).won).toBe(true);
    await store.releaseClaim('c', 'b');
    expect((await store.claim('c', 'b', 60_000)).won).toBe(false);
    await store.releaseClaim('c', 'a');
    expect((await store.claim('c', 'b', 60_000)).won).toBe(true);
  });

  it('holds a lease for its owner only, and lets another take it after release or expiry', async () => {
    store = make();
    expect(await store.lease('poller', 'r1', 80)).toBe(true);
    expect(await store.lease('poller', 'r2', 80)).toBe(false);
    expect(await store.lease('poller', 'r1', 80)).toBe(true);
    await store.releaseLease('poller', 'r2');
    expect(await store.lease('poller', 'r2', 80)).toBe(false);
    await store.releaseLease('poller', 'r1');
    expect(await store.lease('poller', 'r2', 80)).toBe(true);
    await sleep(150);
    expect(await store.lease('poller', 'r1', 80)).toBe(true);
  });

  it('counts atomically', async () => {
    store = make();
    const values = await Promise.all(Array.from({ length: 25 }, () => store.increment('seq')));
    expect(new Set(values).size).toBe(25);
    expect(Math.max(...values)).toBe(25);
    expect(await store.increment('seq', 0)).toBe(25);
  });

  it('serializes concurrent read-modify-write updates', async () => {
    store = make();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update<string[]>('list', (cur) => [...(cur ?? []), `item-${i}`]),
      ),
    );
    const list = (await store.get<string[]>('list')) ?? [];
    expect(list).toHaveLength(20);
    expect(new Set(list).size).toBe(20);
    expect(await store.update<string[]>('list', () => undefined)).toHaveLength(20);
  });

  it('answers ping', async () => {
    store = make();
    expect(await store.ping()).toBe(true);
  });
});

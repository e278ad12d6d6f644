import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';
import { REDIS_URL } from '../helpers/stores.ts';

describe('STORE_PREFIX', () => {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  const open = (prefix: string) => {
    const store = createStore(REDIS_URL, { namespace: prefix });
    opened.push(store);
    return store;
  };

  it('keeps two deployments on one Redis apart: values, claims, leases and counters', async () => {
    const run = randomUUID();
    const blue = open(`blue-${run}`);
    const green = open(`green-${run}`);
    await blue.set('posted:1', { channel: 'C-blue' });
    expect((await blue.claim('pending:1', 'alice', 60_000)).won).toBe(true);
    expect(await blue.lease('poller', 'replica-blue', 60_000)).toBe(true);
    expect(await blue.increment('seq', 5)).toBe(5);

    expect(await green.get('posted:1')).toBeUndefined();
    expect((await green.claim('pending:1', 'bob', 60_000)).won).toBe(true);
    expect(await green.lease('poller', 'replica-green', 60_000)).toBe(true);
    expect(await green.increment('seq')).toBe(1);

    const same = open(`blue-${run}`);
    expect(await same.get('posted:1')).toEqual({ channel: 'C-blue' });
    expect((await same.claim('pending:1', 'carol', 60_000)).won).toBe(false);
  });

  it('defaults to gatehouse and refuses a prefix that could overlap another one', () => {
    expect(loadConfig({}).storePrefix).toBe('gatehouse');
    expect(loadConfig({ STORE_PREFIX: 'gatehouse-staging' }).storePrefix).toBe('gatehouse-staging');
    expect(() => loadConfig({ STORE_PREFIX: 'a:b' })).toThrow(/^STORE_PREFIX /);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTokenCache } from '../../src/vendors/token-cache.ts';
import { storeBackends } from '../helpers/stores.ts';

describe.each(storeBackends)('token cache on %s', (_name, make) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  function issuer(lifetimeSec = 3600) {
    let n = 0;
    return {
      get count() {
        return n;
      },
      fetchToken: async () => {
        n += 1;
        await sleep(20);
        return { token: `tok-${n}`, expiresInSec: lifetimeSec };
      },
    };
  }

  it('fetches one token for 100 concurrent callers and reuses it', async () => {
    store = make();
    const iss = issuer();
    const cache = createTokenCache({ store, key: 'token:x', fetchToken: iss.fetchToken });
    const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(await cache.get()).toBe('tok-1');
    expect(iss.count).toBe(1);
  });

  it('shares one token between two replicas', async () => {
    store = make();
    const iss = issuer();
    const a = createTokenCache({ store, key: 'token:x', fetchToken: iss.fetchToken });
    const b = createTokenCache({ store, key: 'token:x', fetchToken: iss.fetchToken });
    const tokens = await Promise.all([a.get(), b.get(), a.get(), b.get()]);
    expect(new Set(tokens).size).toBe(1);
    expect(iss.count).toBe(1);
  });

  it('refreshes shortly before expiry and after an invalidation', async () => {
    store = make();
    const iss = issuer(3600);
    let clock = 1_000_000;
    const cache = createTokenCache({ store, key: 'token:x', fetchToken: iss.fetchToken, now: () => clock });
    expect(await cache.get()).toBe('tok-1');
    clock += 3600_000 - 30_000; // inside the 60 s margin
    expect(await cache.get()).toBe('tok-2');
    await cache.invalidate('tok-1'); // stale: already replaced, so nothing happens
    expect(await cache.get()).toBe('tok-2');
    await cache.invalidate('tok-2');
    expect(await cache.get()).toBe('tok-3');
    expect(iss.count).toBe(3);
  });
});

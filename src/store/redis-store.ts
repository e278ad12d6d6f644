import type { Store } from './store.ts';

/**
 * The shared store for several replicas (redis-backend.ts). Its client (@keyv/redis, node-redis) is loaded
 * only when a Redis store is created, so the embedded default starts without it: loading it was a tenth of
 * start-up (issue 13). The store can be used at once; the first call waits for the load.
 */
export function createRedisStore(url: string, options: { namespace?: string } = {}): Store {
  const backend = import('./redis-backend.ts').then((m) => m.connectRedisStore(url, options));
  // A failed load surfaces on the first call that awaits it, not as an unhandled rejection.
  backend.catch(() => undefined);
  return {
    backend: 'redis',
    get: async (key) => (await backend).get(key),
    set: async (key, value, ttlMs) => (await backend).set(key, value, ttlMs),
    delete: async (key) => (await backend).delete(key),
    claim: async (key, owner, ttlMs) => (await backend).claim(key, owner, ttlMs),
    releaseClaim: async (key, owner) => (await backend).releaseClaim(key, owner),
    lease: async (key, owner, ttlMs) => (await backend).lease(key, owner, ttlMs),
    releaseLease: async (key, owner) => (await backend).releaseLease(key, owner),
    increment: async (key, by) => (await backend).increment(key, by),
    update: async (key, fn, ttlMs) => (await backend).update(key, fn, ttlMs),
    ping: async () => (await backend).ping(),
    close: async () => (await backend).close(),
  };
}

import type { Store } from '../../src/store/store.ts';

const WRITES = ['set', 'delete', 'claim', 'releaseClaim', 'lease', 'releaseLease', 'update'] as const;

/**
 * The store, counting writes by key family (`audit:12` → `audit`); increment(…, 0) is a read. `take()`
 * returns the counts since the last take. Used by `npm run bench` (writes per turn) and by the tests that
 * hold a read-only turn to writing nothing.
 */
export function countingStore(inner: Store) {
  const counts = new Map<string, number>();
  const family = (key: string) => key.replace(/[:/][^:/]*$/, '').replace(/:[0-9a-f-]{6,}.*$/i, '');
  const count = (key: string) => counts.set(family(key), (counts.get(family(key)) ?? 0) + 1);
  const store = Object.create(inner) as Store;
  for (const name of WRITES) {
    const original = inner[name].bind(inner) as (key: string, ...rest: unknown[]) => unknown;
    (store as unknown as Record<string, unknown>)[name] = (key: string, ...rest: unknown[]) => {
      count(key);
      return original(key, ...rest);
    };
  }
  store.increment = (key, by = 1) => {
    if (by !== 0) count(key);
    return inner.increment(key, by);
  };
  return {
    store,
    take() {
      const out = Object.fromEntries(counts);
      counts.clear();
      return out;
    },
  };
}

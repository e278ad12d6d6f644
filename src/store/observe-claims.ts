import type { Store } from './store.ts';

/** The kind of a claim key for the metrics: its leading words, without ids (`access:decide:42` → `access:decide`). */
export function claimKind(key: string): string {
  const words = key.split(':');
  const second = words[1];
  return words.length > 2 && second && /^[a-z-]+$/.test(second) ? `${words[0]}:${second}` : words[0]!;
}

/**
 * The store with every lost claim reported (`gatehouse_claim_conflicts_total`), without a change to the
 * parts that claim. Every other method, including ones added to Store later, passes through untouched.
 */
export function observeClaims(store: Store, onConflict: (kind: string) => void): Store {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'claim') {
        return async (k: string, owner: string, ttlMs: number) => {
          const result = await target.claim(k, owner, ttlMs);
          if (!result.won) onConflict(claimKind(k));
          return result;
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../store/store.ts';

interface Entry<T> {
  value: T;
  /** Epoch ms after which the value is stale. */
  until: number;
}

export interface CachedValueOptions<T> {
  store: Store;
  /** Where the value lives, e.g. `rs:cache:get_logged_in_reps`. */
  key: string;
  /** The claim that elects one refresher across replicas, e.g. `rs:cache-refresh:get_logged_in_reps`. */
  claimKey: string;
  ttlMs: number;
  load: () => Promise<T>;
  /** How long to wait for another replica's refresh before loading anyway. Default 20 s. */
  waitMs?: number;
  now?: () => number;
}

export interface CachedValue<T> {
  get(): Promise<T>;
  /** How many times this instance called `load` (for tests and metrics). */
  readonly loads: number;
}

/**
 * A value refreshed at most once per `ttlMs` across every caller and every replica. In one process,
 * concurrent callers share one refresh (single flight). Across replicas, the refresher is whoever takes the
 * store claim; the others poll the store until the new value appears. The winner reads the store again
 * after winning, so a replica that lost the race by a hair does not load a second time.
 */
export function createCachedValue<T>(options: CachedValueOptions<T>): CachedValue<T> {
  const { store, key, claimKey, ttlMs, load } = options;
  const waitMs = options.waitMs ?? 20_000;
  const now = options.now ?? Date.now;
  const me = randomUUID();
  let memory: Entry<T> | undefined;
  let inflight: Promise<T> | undefined;
  let loads = 0;

  const fresh = (e: Entry<T> | undefined): e is Entry<T> => e !== undefined && e.until > now();

  function remember(entry: Entry<T>): T {
    memory = entry;
    return entry.value;
  }

  async function loadAndShare(): Promise<T> {
    loads += 1;
    const entry: Entry<T> = { value: await load(), until: now() + ttlMs };
    await store.set(key, entry, ttlMs);
    return remember(entry);
  }

  async function refresh(): Promise<T> {
    const deadline = now() + waitMs;
    for (;;) {
      const shared = await store.get<Entry<T>>(key);
      if (fresh(shared)) return remember(shared);
      const claim = await store.claim(claimKey, me, waitMs);
      if (claim.won) {
        try {
          const again = await store.get<Entry<T>>(key);
          if (fresh(again)) return remember(again);
          return await loadAndShare();
        } finally {
          await store.releaseClaim(claimKey, me).catch(() => undefined);
        }
      }
      // The other replica may have died mid-refresh; past the deadline, load rather than wait forever.
      if (now() > deadline) return loadAndShare();
      await sleep(25);
    }
  }

  return {
    get loads() {
      return loads;
    },
    async get() {
      if (fresh(memory)) return memory.value;
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../store/store.ts';

export interface IssuedToken {
  token: string;
  /** Lifetime the issuer stated, in seconds. */
  expiresInSec: number;
}

interface StoredToken {
  token: string;
  /** Epoch ms after which the token must not be used (already includes the safety margin). */
  useUntil: number;
}

export interface TokenCacheOptions {
  store: Store;
  /** Store key, one per credential (e.g. `token:pmc:<client id>`). */
  key: string;
  fetchToken: () => Promise<IssuedToken>;
  /** Stop using a token this long before it expires. Default 60 s. */
  refreshMarginMs?: number;
  /** How long a replica waits for another replica's refresh before trying itself. Default 10 s. */
  refreshWaitMs?: number;
  now?: () => number;
}

export interface TokenCache {
  /** A valid token: the cached one, or a fresh one fetched once for every concurrent caller. */
  get(): Promise<string>;
  /** The API refused `token` (401): forget it, unless someone already replaced it. */
  invalidate(token: string): Promise<void>;
  /** How many tokens this instance fetched from the issuer (for tests and metrics). */
  readonly fetches: number;
}

/**
 * OAuth client-credential tokens, shared by every caller and every replica. A token is reused until shortly
 * before it expires; concurrent callers in one process share one refresh (single flight); replicas share
 * tokens through the store, and a claim in the store lets one replica refresh while the others wait for it.
 * This matters beyond speed: Remote Support invalidates the oldest of 30 tokens when a 31st is issued.
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { store, key, fetchToken } = options;
  const margin = options.refreshMarginMs ?? 60_000;
  const waitMs = options.refreshWaitMs ?? 10_000;
  const now = options.now ?? Date.now;
  const me = randomUUID();
  let memory: StoredToken | undefined;
  let inflight: Promise<string> | undefined;
  let fetches = 0;

  const usable = (t: StoredToken | undefined): t is StoredToken => t !== undefined && t.useUntil > now();

  async function refresh(): Promise<string> {
    const deadline = now() + waitMs;
    for (;;) {
      const shared = await store.get<StoredToken>(key);
      if (usable(shared)) return remember(shared);
      const claim = await store.claim(`${key}:refresh`, me, Math.min(waitMs, 10_000));
      if (claim.won) {
        try {
          // Another replica may have stored a token between our read and our claim.
          const fresh = await store.get<StoredToken>(key);
          if (usable(fresh)) return remember(fresh);
          fetches += 1;
          const issued = await fetchToken();
          const lifetimeMs = issued.expiresInSec * 1000;
          const entry: StoredToken = {
            token: issued.token,
            useUntil: now() + Math.max(lifetimeMs - margin, lifetimeMs / 2),
          };
          await store.set(key, entry, lifetimeMs);
          return remember(entry);
        } finally {
          await store.releaseClaim(`${key}:refresh`, me).catch(() => undefined);
        }
      }
      if (now() > deadline) {
        fetches += 1;
        const issued = await fetchToken();
        return remember({ token: issued.token, useUntil: now() + issued.expiresInSec * 1000 - margin });
      }
      await sleep(25);
    }
  }

  function remember(entry: StoredToken): string {
    memory = entry;
    return entry.token;
  }

  return {
    get fetches() {
      return fetches;
    },
    async get() {
      if (usable(memory)) return memory.token;
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    async invalidate(token) {
      if (memory?.token === token) memory = undefined;
      await store.update<StoredToken>(key, (current) =>
        current?.token === token ? { token: current.token, useUntil: 0 } : undefined,
      );
    },
  };
}

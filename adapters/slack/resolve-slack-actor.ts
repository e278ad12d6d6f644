import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Actor } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';

const CACHE_MS = 3_600_000;
/** Each replica also keeps recent users in memory for a minute, so a turn does not read the store for them. */
const NEAR_CACHE = { max: 10_000, ttl: 60_000 };

interface CachedUser {
  name: string;
  email?: string;
}

/**
 * The actor behind a Slack user id, with the email the policy matches on (users.info, which needs the
 * users:read.email scope), cached in the store for an hour so a busy channel does not hit Slack's limits
 * (and for a minute in memory, so a busy channel does not read the store on every turn either).
 */
export function createSlackActorResolver(client: webApi.WebClient, store: Store, adapterLog: Logger) {
  const near = new LRUCache<string, CachedUser>(NEAR_CACHE);
  /** `log` is the turn's logger when there is one, so the lookup's lines carry the event id. */
  return async function resolveActor(
    userId: string,
    fallbackName: string,
    log: Logger = adapterLog,
  ): Promise<Actor> {
    const key = `slack:user:${userId}`;
    let cached = near.get(key) ?? (await store.get<CachedUser>(key));
    if (!cached) {
      try {
        const res = await client.users.info({ user: userId });
        const profile = res.user?.profile;
        cached = {
          name:
            profile?.real_name ||
            profile?.display_name ||
            res.user?.real_name ||
            res.user?.name ||
            fallbackName ||
            userId,
          ...(profile?.email ? { email: profile.email } : {}),
        };
        await store.set(key, cached, CACHE_MS);
      } catch (err) {
        log.warn(
          { err: { message: (err as Error).message }, userId },
          'users.info failed; acting without an email',
        );
        return { platform: 'slack', userId, name: fallbackName || userId };
      }
    }
    near.set(key, cached);
    return { platform: 'slack', userId, ...cached };
  };
}

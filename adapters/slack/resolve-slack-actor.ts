import type { webApi } from '@slack/bolt';
import type { Actor } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';

const CACHE_MS = 3_600_000;

interface CachedUser {
  name: string;
  email?: string;
}

/**
 * The actor behind a Slack user id, with the email the policy matches on (users.info, which needs the
 * users:read.email scope), cached in the store for an hour so a busy channel does not hit Slack's limits.
 */
export function createSlackActorResolver(client: webApi.WebClient, store: Store, adapterLog: Logger) {
  /** `log` is the turn's logger when there is one, so the lookup's lines carry the event id. */
  return async function resolveActor(
    userId: string,
    fallbackName: string,
    log: Logger = adapterLog,
  ): Promise<Actor> {
    const key = `slack:user:${userId}`;
    let cached = await store.get<CachedUser>(key);
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
    return { platform: 'slack', userId, ...cached };
  };
}

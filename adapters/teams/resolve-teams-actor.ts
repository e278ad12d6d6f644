import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import type { Actor } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { type TeamsDirectory, userKey } from './teams-directory.ts';
import type { TeamsPlace, TeamsUser } from './teams-envelope.ts';

const CACHE_MS = 3_600_000;
/** Each replica also keeps recent members in memory for a minute, so a turn does not read the store for them. */
const NEAR_CACHE = { max: 10_000, ttl: 60_000 };

interface CachedMember {
  name: string;
  email?: string;
}

/**
 * The address the policy matches on: the member's userPrincipalName when it is an address — the sign-in
 * name the tenant verifies. Never the `email`/`mail` field: a tenant admin can set that to anyone's address.
 */
export function emailOf(
  member: Pick<TeamsChannelAccount, 'email' | 'userPrincipalName'>,
): string | undefined {
  const upn = member.userPrincipalName?.trim();
  return upn && /^[^@\s]+@[^@\s]+$/.test(upn) ? upn.toLowerCase() : undefined;
}

/**
 * The actor behind a Teams user, with the email the policy matches on (TeamsInfo member lookup, through the
 * team for channel messages), cached in the store for an hour. The person is also kept in the directory so
 * Gatehouse can open a 1:1 chat with them and find them by email later.
 */
export function createTeamsActorResolver(directory: TeamsDirectory, store: Store, log: Logger) {
  const near = new LRUCache<string, CachedMember>(NEAR_CACHE);
  return async function resolveActor(
    context: TurnContext,
    user: TeamsUser,
    place: TeamsPlace,
  ): Promise<Actor> {
    const cacheKey = `teams:actor:${user.id}`;
    let cached = near.get(cacheKey);
    if (!cached) {
      cached = await store.get<CachedMember>(cacheKey);
      if (cached) near.set(cacheKey, cached);
    }
    if (!cached) {
      try {
        const member = place.teamId
          ? await TeamsInfo.getTeamMember(context, place.teamId, user.id)
          : await TeamsInfo.getMember(context, user.id);
        // The lookup must be about the same AAD user the activity came from, else it proves nothing.
        const sameUser = !user.aadObjectId || member.aadObjectId === user.aadObjectId;
        const email = sameUser ? emailOf(member) : undefined;
        cached = { name: member.name || user.name || user.id, ...(email ? { email } : {}) };
        await store.set(cacheKey, cached, CACHE_MS);
        near.set(cacheKey, cached);
      } catch (err) {
        log.warn(
          { err: { message: (err as Error).message }, userId: user.id },
          'Teams member lookup failed; acting without an email',
        );
        cached = { name: user.name || user.id };
      }
      await directory.savePerson({
        id: user.id,
        name: cached.name,
        serviceUrl: place.serviceUrl,
        ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}),
        ...(cached.email ? { email: cached.email } : {}),
        ...(place.tenantId ? { tenantId: place.tenantId } : {}),
      });
    }
    return { platform: 'teams', userId: userKey(user), ...cached };
  };
}

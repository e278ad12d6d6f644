import type { ChannelAccount, ConversationReference } from 'botbuilder';
import type { Store } from '../../src/store/store.ts';
import { baseConversationId, type TeamsPlace, type TeamsUser } from './teams-envelope.ts';
import { createWriteMemo } from './write-memo.ts';

/** A Teams person as Gatehouse last saw them: enough to open a 1:1 chat with them later. */
export interface TeamsPerson {
  /** `29:…` */
  id: string;
  aadObjectId?: string;
  name: string;
  /** Their userPrincipalName when it is an address (verified by the tenant); never the `mail` field. */
  email?: string;
  tenantId?: string;
  serviceUrl: string;
}

/** What every proactive call needs and a conversation update tells once: where Teams is and who the bot is. */
interface ServiceInfo {
  serviceUrl: string;
  tenantId?: string;
  bot: ChannelAccount;
}

const PERSON_TTL_MS = 90 * 86_400_000;
/** A conversation nobody has used for this long is forgotten; any turn there renews it. */
const REFERENCE_TTL_MS = 90 * 86_400_000;
const ROSTER_EVERY_MS = 600_000;

const key = {
  reference: (conversationId: string) => `teams:ref:${conversationId}`,
  service: 'teams:service',
  person: (id: string) => `teams:person:${id}`,
  /** By userPrincipalName (`teams:email:` held `mail` fields, which prove nothing, and is not read). */
  upn: (upn: string) => `teams:upn:${upn.toLowerCase()}`,
  personalChat: (userId: string) => `teams:dm:${userId}`,
  teams: 'teams:teams',
};

/**
 * Conversation references and people, in the store so every replica can post proactively: a reference is
 * kept for each conversation the bot is installed in or hears from (and for a thread's channel), the
 * person behind each message (their 1:1 chat, their email), and the service URL and tenant to reach
 * conversations the bot has not heard from yet, such as channels named in the policy. Only turns that
 * passed the activity gate (teams-http-route) get here. Everything expires, and is written only when it
 * changed (an in-process memo), not on every turn.
 */
export function createTeamsDirectory(store: Store) {
  const memo = createWriteMemo({ ttlMs: REFERENCE_TTL_MS });
  const personMemo = createWriteMemo({ ttlMs: PERSON_TTL_MS });
  const put = (k: string, value: unknown, ttlMs: number, m = memo) =>
    m.write(k, value, () => store.set(k, value, ttlMs));

  async function saveReference(reference: Partial<ConversationReference>, conversationId: string) {
    const conversation = { ...reference.conversation!, id: conversationId };
    const { activityId: _drop, ...rest } = reference;
    await put(key.reference(conversationId), { ...rest, conversation }, REFERENCE_TTL_MS);
  }

  return {
    saveReference: (reference: Partial<ConversationReference>) =>
      saveReference(reference, reference.conversation!.id),

    /** Keep what an inbound activity tells about where it came from. */
    async remember(reference: Partial<ConversationReference>, place: TeamsPlace): Promise<void> {
      if (!reference.conversation || !reference.bot) return;
      // A channel thread is reached through its channel's reference (see reference()): one write per
      // channel, not one per thread.
      const thread = place.channelId && place.channelId !== place.conversation.id;
      if (!thread || baseConversationId(place.conversation.id) !== place.channelId)
        await saveReference(reference, place.conversation.id);
      if (thread) await saveReference(reference, place.channelId!);
      const service: ServiceInfo = {
        serviceUrl: place.serviceUrl,
        bot: reference.bot,
        ...(place.tenantId ? { tenantId: place.tenantId } : {}),
      };
      await put(key.service, service, REFERENCE_TTL_MS);
      const teamId = place.teamId;
      if (teamId)
        await memo.write(`${key.teams}:${teamId}`, true, async () => {
          await store.update<string[]>(
            key.teams,
            (ids) => (ids?.includes(teamId) ? undefined : [...(ids ?? []), teamId]),
            REFERENCE_TTL_MS,
          );
        });
    },

    /** The teams the bot is in (their ids are also their General channels' conversation ids). */
    async teams(): Promise<string[]> {
      return (await store.get<string[]>(key.teams)) ?? [];
    },

    /** The stored reference for a conversation, or one built for a channel never heard from. */
    async reference(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
      const stored = await store.get<Partial<ConversationReference>>(key.reference(conversationId));
      if (stored) return stored;
      const base = baseConversationId(conversationId);
      if (base !== conversationId) {
        const channel = await store.get<Partial<ConversationReference>>(key.reference(base));
        if (channel) return { ...channel, conversation: { ...channel.conversation!, id: conversationId } };
      }
      const service = await store.get<ServiceInfo>(key.service);
      if (!service || !conversationId.startsWith('19:')) return undefined;
      return {
        channelId: 'msteams',
        serviceUrl: service.serviceUrl,
        bot: service.bot,
        conversation: {
          id: conversationId,
          isGroup: true,
          conversationType: 'channel',
          name: '',
          ...(service.tenantId ? { tenantId: service.tenantId } : {}),
        },
      };
    },

    async service(): Promise<ServiceInfo | undefined> {
      return store.get<ServiceInfo>(key.service);
    },

    async savePerson(person: TeamsPerson): Promise<void> {
      await put(key.person(person.id), person, PERSON_TTL_MS, personMemo);
      if (person.aadObjectId) await put(key.person(person.aadObjectId), person, PERSON_TTL_MS, personMemo);
      if (person.email) await put(key.upn(person.email), person.id, PERSON_TTL_MS, personMemo);
    },

    /** By `29:` id or AAD object id. */
    async person(id: string): Promise<TeamsPerson | undefined> {
      return store.get<TeamsPerson>(key.person(id));
    },

    /** The `29:` id of whoever signs in as `upn` (their userPrincipalName), as Teams last told it. */
    async userIdByEmail(upn: string): Promise<string | undefined> {
      return store.get<string>(key.upn(upn));
    },

    /** True at most once per ten minutes per team: the member list is fetched that rarely. */
    async mayFetchRoster(teamId: string): Promise<boolean> {
      return (await store.claim(`teams:roster:${teamId}`, 'roster', ROSTER_EVERY_MS)).won;
    },

    async personalChat(userId: string): Promise<string | undefined> {
      return store.get<string>(key.personalChat(userId));
    },

    async savePersonalChat(userId: string, conversationId: string): Promise<void> {
      await put(key.personalChat(userId), conversationId, PERSON_TTL_MS, personMemo);
    },
  };
}

export type TeamsDirectory = ReturnType<typeof createTeamsDirectory>;

/** A user as the directory keys them: `teams:<aad object id>` for the policy, else the `29:` id. */
export function userKey(user: Pick<TeamsUser, 'id' | 'aadObjectId'>): string {
  return user.aadObjectId ?? user.id;
}

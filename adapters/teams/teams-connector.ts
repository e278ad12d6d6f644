import {
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { GatehouseError } from '../../src/errors.ts';
import type { ServiceUrlCheck } from './service-urls.ts';
import type { TeamsDirectory, TeamsPerson } from './teams-directory.ts';

/** The Bot Framework audience for the public cloud's connector (token scope). */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export interface TeamsConnector {
  /** Post a new activity into a conversation; returns its activity id. */
  send(conversationId: string, activity: Partial<Activity>): Promise<string>;
  /** Replace an activity the bot posted (updateActivity). */
  update(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void>;
  /** The person's 1:1 chat with the bot: the known one, or a new one (createConversation). */
  personalChat(person: TeamsPerson): Promise<string>;
  /** Everyone in a team (the connector's paged member list). */
  members(teamId: string): Promise<TeamsMember[]>;
}

/** A member as the connector lists them (a TeamsChannelAccount). */
export interface TeamsMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/** Pages of the member list fetched at most, so a huge tenant cannot keep a lookup busy. */
const MAX_MEMBER_PAGES = 20;

/**
 * Every outbound Bot Framework call, made the proactive way (continueConversationAsync with the stored
 * conversation reference), so a reply, a later update and a post from a poller take the same path and any
 * replica can make them. botbuilder signs the calls (or not, anonymously) and picks the service URL.
 */
export function createTeamsConnector(options: {
  adapter: CloudAdapter;
  botAppId: string;
  directory: TeamsDirectory;
  /** Only these service URLs are called, whatever a stored reference says. */
  isAllowedServiceUrl: ServiceUrlCheck;
}): TeamsConnector {
  const { adapter, botAppId, directory, isAllowedServiceUrl } = options;

  function ensureAllowed(serviceUrl: string | undefined): void {
    if (!isAllowedServiceUrl(serviceUrl))
      throw new GatehouseError(
        'Gatehouse refuses to call a Teams service URL that is not on its allow list (TEAMS_SERVICE_URLS); message the bot from Teams again so it learns the right one.',
        'not_permitted',
      );
  }

  async function within<T>(
    conversationId: string,
    work: (
      client: ConnectorClient,
      reference: Partial<ConversationReference>,
      context: TurnContext,
    ) => Promise<T>,
  ): Promise<T> {
    const reference = await directory.reference(conversationId);
    if (!reference)
      throw new GatehouseError(
        `Gatehouse has no Teams conversation ${conversationId} on record: add the app to that team or chat first.`,
        'not_found',
      );
    ensureAllowed(reference.serviceUrl);
    let result: { value: T } | undefined;
    await adapter.continueConversationAsync(botAppId, reference, async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      result = { value: await work(client, reference, context) };
    });
    if (!result) throw new GatehouseError('The Teams connector call did not run.', 'internal');
    return result.value;
  }

  const outgoing = (reference: Partial<ConversationReference>, activity: Partial<Activity>) =>
    ({
      type: 'message',
      ...activity,
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: reference.conversation,
      from: reference.bot,
      ...(reference.user ? { recipient: reference.user } : {}),
    }) as Activity;

  return {
    send: (conversationId, activity) =>
      within(conversationId, async (client, reference) => {
        const res = await client.conversations.sendToConversation(
          conversationId,
          outgoing(reference, activity),
        );
        return res.id ?? '';
      }),

    update: (conversationId, activityId, activity) =>
      within(conversationId, async (client, reference) => {
        await client.conversations.updateActivity(conversationId, activityId, {
          ...outgoing(reference, activity),
          id: activityId,
        });
      }),

    members: (teamId) =>
      within(teamId, async (_client, _reference, context) => {
        const members: TeamsMember[] = [];
        let continuationToken: string | undefined;
        for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
          const res = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, continuationToken);
          members.push(...res.members);
          continuationToken = res.continuationToken || undefined;
          if (!continuationToken) break;
        }
        return members;
      }),

    async personalChat(person) {
      const known = await directory.personalChat(person.id);
      if (known && (await directory.reference(known))) return known;
      const service = await directory.service();
      if (!service)
        throw new GatehouseError(
          'Gatehouse has not heard from Teams yet, so it cannot open a chat.',
          'internal',
        );
      ensureAllowed(person.serviceUrl);
      const tenantId = person.tenantId ?? service.tenantId;
      let conversationId: string | undefined;
      await adapter.createConversationAsync(
        botAppId,
        'msteams',
        person.serviceUrl,
        BOT_FRAMEWORK_AUDIENCE,
        {
          isGroup: false,
          bot: service.bot,
          members: [{ id: person.id, name: person.name }],
          ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
        } as Parameters<CloudAdapter['createConversationAsync']>[4],
        async (context) => {
          conversationId = context.activity.conversation.id;
        },
      );
      if (!conversationId) throw new GatehouseError('Teams did not open the chat.', 'internal');
      await directory.saveReference({
        channelId: 'msteams',
        serviceUrl: person.serviceUrl,
        bot: service.bot,
        user: { id: person.id, name: person.name },
        conversation: {
          id: conversationId,
          isGroup: false,
          conversationType: 'personal',
          name: '',
          ...(tenantId ? { tenantId } : {}),
        },
      });
      await directory.savePersonalChat(person.id, conversationId);
      return conversationId;
    },
  };
}

import { ActivityTypes, TurnContext } from 'botbuilder';
import type { Dispatcher } from '../../src/intents/dispatcher.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import type { Route } from '../http/routes.ts';
import { createBotAuthentication, type TeamsSettings } from './create-bot-authentication.ts';
import { createCardActionHandler } from './handle-card-action.ts';
import { createCommandHandler } from './handle-command.ts';
import { messageResponse } from './invoke-responses.ts';
import { createTeamsActorResolver } from './resolve-teams-actor.ts';
import { createTaskSet } from './task-set.ts';
import { createTeamsCardTracker } from './teams-card-tracker.ts';
import { createTeamsConnector } from './teams-connector.ts';
import { createTeamsDirectory } from './teams-directory.ts';
import { toTeamsRequest } from './teams-envelope.ts';
import { GatehouseCloudAdapter, teamsRoute } from './teams-http-route.ts';
import { createTeamsMessenger, type TeamsMessenger } from './teams-messenger.ts';

export type { TeamsSettings } from './create-bot-authentication.ts';

export interface TeamsAdapter {
  /** POST /api/messages */
  route: Route;
  messenger: TeamsMessenger;
  /** True without an app password: inbound requests are not verified (local testing only). */
  anonymous: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the work started after answering Teams (replies, follow-ups) has finished. */
  idle(): Promise<void>;
}

/** A Teams retry of the same activity within this window is dropped. */
const DEDUP_MS = 3_600_000;
/** How long stop() waits for work in flight. */
const STOP_GRACE_MS = 2000;

/**
 * Microsoft Teams through botbuilder's CloudAdapter: messages and card clicks → the intent layer, replies
 * as Adaptive Cards. Every botbuilder import lives in adapters/teams (botbuilder is archived upstream; a
 * move to the Microsoft 365 Agents SDK happens here and nowhere else). Nothing here decides anything.
 */
export function createTeamsAdapter(options: {
  settings: TeamsSettings;
  dispatcher: Dispatcher;
  store: Store;
  log: Logger;
}): TeamsAdapter {
  const { settings, dispatcher, store } = options;
  const log = options.log.child({ platform: 'teams' });
  const { auth, botAppId, anonymous, isAllowedServiceUrl, gate } = createBotAuthentication(settings);
  const adapter = new GatehouseCloudAdapter(auth);
  const directory = createTeamsDirectory(store);
  const cards = createTeamsCardTracker(store);
  const connector = createTeamsConnector({ adapter, botAppId, directory, isAllowedServiceUrl });
  const messenger = createTeamsMessenger({ connector, directory, cards, log });
  const resolveActor = createTeamsActorResolver(directory, store, log);
  const tasks = createTaskSet(log);
  const handleCommand = createCommandHandler({ dispatcher, messenger, log });
  const handleCardAction = createCardActionHandler({ dispatcher, messenger, cards, tasks, log });

  async function onTurn(context: TurnContext): Promise<void> {
    const request = toTeamsRequest(context.activity);
    if (request.kind === 'ignored') {
      log.debug({ why: request.why }, 'ignored a Teams activity');
      return;
    }
    await directory.remember(TurnContext.getConversationReference(context.activity), request.place);
    // A personal conversation is that person's 1:1 chat with the bot: private answers go there.
    if (request.place.type === 'personal' && request.user)
      await directory.savePersonalChat(request.user.id, request.place.conversation.id);
    if (request.kind === 'installed') {
      log.info({ conversation: request.place.conversation.id, type: request.place.type }, 'added to Teams');
      return;
    }
    if (request.kind === 'message') {
      if (request.activityId) {
        const first = await store.claim(`teams:activity:${request.activityId}`, 'teams', DEDUP_MS);
        if (!first.won) return; // Teams resent an activity we already have
      }
      const actor = await resolveActor(context, request.user, request.place);
      // Answer Teams now; the command runs after, replying through the stored conversation reference.
      tasks.run('Teams command', () => handleCommand(request, actor));
      return;
    }
    let body: Awaited<ReturnType<typeof handleCardAction>>;
    try {
      // A refresh only shows the card as it is: no need to know who is looking.
      const actor = () => resolveActor(context, request.user, request.place);
      body = await handleCardAction(request, actor);
    } catch (err) {
      log.error({ err, verb: request.verb }, 'a Teams card action failed');
      body = messageResponse('Gatehouse could not handle that click; the error is in its log. Try again.');
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }

  return {
    route: teamsRoute(adapter, onTurn, log, gate),
    messenger,
    anonymous,
    async start() {
      if (anonymous)
        log.warn(
          'TEAMS_ALLOW_UNAUTHENTICATED=true: Teams runs without TEAMS_APP_PASSWORD and requests to /api/messages are NOT verified. Use this for local testing only.',
        );
    },
    async stop() {
      await Promise.race([
        tasks.idle(),
        new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref()),
      ]);
    },
    idle: () => tasks.idle(),
  };
}

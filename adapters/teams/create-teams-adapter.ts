import { randomUUID } from 'node:crypto';
import { ActivityTypes, TurnContext } from 'botbuilder';
import { REFRESH_VERB } from '../../cards/adaptive-card.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import type { TurnRunner } from '../../src/intents/run-turn.ts';
import { type Logger, withEventId } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import type { Route } from '../http/routes.ts';
import { answerTurn } from './answer-turn.ts';
import { createBotAuthentication, type TeamsSettings } from './create-bot-authentication.ts';
import { createCardActionHandler } from './handle-card-action.ts';
import { replyInTurn } from './reply-in-turn.ts';
import { createTeamsActorResolver } from './resolve-teams-actor.ts';
import { createTaskSet } from './task-set.ts';
import { createTeamsCardTracker } from './teams-card-tracker.ts';
import { createTeamsConnector } from './teams-connector.ts';
import { createTeamsDirectory, userKey } from './teams-directory.ts';
import { type TeamsPlace, type TeamsUser, toTeamsEnvelope, toTeamsRequest } from './teams-envelope.ts';
import { GatehouseCloudAdapter, teamsRoute } from './teams-http-route.ts';
import { createTeamsMessageSink } from './teams-message-sink.ts';
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

/** What the turn runner resolves a Teams person from: the member lookup started inside the turn. */
interface TeamsWho {
  actor: Promise<Actor>;
  resolved?: Actor;
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
  turns: TurnRunner;
  store: Store;
  log: Logger;
}): TeamsAdapter {
  const { settings, turns, store } = options;
  const log = options.log.child({ platform: 'teams' });
  const { auth, botAppId, anonymous, isAllowedServiceUrl, gate } = createBotAuthentication(settings);
  const adapter = new GatehouseCloudAdapter(auth);
  const directory = createTeamsDirectory(store);
  const cards = createTeamsCardTracker(store);
  const connector = createTeamsConnector({ adapter, botAppId, directory, isAllowedServiceUrl });
  const messenger = createTeamsMessenger({ connector, directory, cards, log });
  const resolveActor = createTeamsActorResolver(directory, store, log);
  const tasks = createTaskSet(log);
  const runTurn = turns.forPlatform<TeamsWho>((who) => who.actor);
  const messageSink = createTeamsMessageSink(messenger, log);
  const cardActions = createCardActionHandler({ messenger, cards, store, tasks, runTurn, log });

  /**
   * The person behind the activity. botbuilder revokes the turn's context when the turn ends, so the member
   * lookup starts (and is awaited) inside the turn; the turn runner takes the result as its actor.
   */
  function whoIs(context: TurnContext, user: TeamsUser, place: TeamsPlace) {
    const who: TeamsWho = {
      actor: resolveActor(context, user, place).then((actor) => {
        who.resolved = actor;
        return actor;
      }),
    };
    const actorOf = () => who.resolved ?? { name: user.name, userId: userKey(user) };
    return { who, actorOf };
  }

  function onTurn(context: TurnContext): Promise<void> {
    const eventId = context.activity.id || randomUUID();
    return withEventId(eventId, () => handleTurn(context, eventId));
  }

  async function handleTurn(context: TurnContext, eventId: string): Promise<void> {
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
    if (request.kind === 'action' && request.verb === REFRESH_VERB) {
      // A refresh only shows the card as it is: no need to know who is looking.
      const body = await cardActions.refresh(request.subject);
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
      return;
    }
    const { who, actorOf } = whoIs(context, request.user, request.place);
    if (request.kind === 'message') {
      if (request.activityId) {
        const first = await store.claim(`teams:activity:${request.activityId}`, 'teams', DEDUP_MS);
        if (!first.won) return; // Teams resent an activity we already have
      }
      await who.actor.catch(() => undefined);
      // A reply ready within the budget goes back in this turn, as bare botbuilder replies; anything else is
      // answered to Teams at once and delivered after, through the stored conversation reference.
      const envelope = toTeamsEnvelope(request, who, eventId);
      const sink = messageSink(request.place, actorOf);
      await answerTurn({
        tasks,
        what: 'Teams command',
        run: (ack) => runTurn(envelope, sink, ack),
        answer: async (ready) => ({
          value: undefined,
          shown: await replyInTurn({ context, place: request.place, messenger, result: ready, log }),
        }),
        otherwise: undefined,
      });
      return;
    }
    await who.actor.catch(() => undefined);
    const body = await cardActions.click(request, who, actorOf, eventId);
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

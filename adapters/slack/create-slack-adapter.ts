import { App, type RespondArguments, type webApi } from '@slack/bolt';
import { renderSlackModal } from '../../cards/slack-modal.ts';
import { ConfigError } from '../../src/errors.ts';
import type { IntentResult } from '../../src/intents/intent.ts';
import type { TurnRunner } from '../../src/intents/run-turn.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { noticeView } from '../../src/views/view.ts';
import type { Route } from '../http/routes.ts';
import { createPromptOrigins } from './prompt-origins.ts';
import { createSlackActorResolver } from './resolve-slack-actor.ts';
import { createSdkLogger } from './sdk-logger.ts';
import {
  type ActionRequest,
  type ClickSource,
  MODAL_CALLBACK_ID,
  MODAL_INPUT_PREFIX,
  toActionEnvelope,
  toModalEnvelope,
} from './slack-click-envelope.ts';
import { type Obj, type SlackUser, toCommandEnvelope, toMessageEnvelope } from './slack-envelope.ts';
import { SlackHttpReceiver } from './slack-http-receiver.ts';
import {
  createSlackMessenger,
  responseBody,
  type SlackMessenger,
  slackErrorCode,
} from './slack-messenger.ts';
import { createSlackSinks } from './slack-sinks.ts';

/**
 * How long a slash command waits for an instant answer to put in its ack. Slack allows 3 s in all; instant
 * answers take milliseconds, and under a flood the request may already have queued a while before the turn.
 */
const INSTANT_ANSWER_MS = 1000;
/** A Slack retry of the same event within this window is dropped. */
const DEDUP_MS = 3_600_000;

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  command: string;
}

export interface SlackAdapter {
  /** POST /slack/events in HTTP mode; absent in Socket Mode. */
  route?: Route;
  messenger: SlackMessenger;
  /** Checks the bot token (auth.test) and, in Socket Mode, connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack through Bolt: slash command, buttons, modals, mentions and DMs → the intent layer. It acks first
 * and does the work after; nothing here decides anything.
 */
export function createSlackAdapter(options: {
  settings: SlackSettings;
  turns: TurnRunner;
  store: Store;
  log: Logger;
  now?: () => number;
}): SlackAdapter {
  const { settings, turns, store } = options;
  const log = options.log.child({ platform: 'slack' });
  const receiver = settings.appToken
    ? undefined
    : new SlackHttpReceiver({
        signingSecret: settings.signingSecret ?? '',
        log,
        ...(options.now ? { now: options.now } : {}),
      });
  const app = new App({
    token: settings.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: settings.appToken }),
    ...(settings.apiUrl ? { clientOptions: { slackApiUrl: ensureSlash(settings.apiUrl) } } : {}),
    deferInitialization: true,
    // Gatehouse keeps no state in Bolt's conversation store; skipping it saves a lookup on every event.
    convoStore: false,
    logger: createSdkLogger(log),
  });
  const client: webApi.WebClient = app.client;
  const messenger = createSlackMessenger(client, log);
  const resolveActor = createSlackActorResolver(client, store, log);
  const runTurn = turns.forPlatform<SlackUser>(
    (user, turnLog) => resolveActor(user.id, user.name, turnLog),
    (err) => {
      const code = slackErrorCode(err);
      return code ? `Gatehouse could not answer in Slack (${code}); the details are in its log.` : undefined;
    },
  );
  const prefix = `${settings.command} `;
  const sinks = createSlackSinks(messenger);
  const { conversationSink } = sinks;
  const origins = createPromptOrigins(store, messenger);
  /** Where a click's reply goes; a press on a private prompt answers on the card the prompt was for. */
  async function clickTurn(envelope: Parameters<typeof runTurn>[0], source: ClickSource, ref: string) {
    const { click, fromPrompt } = await origins.resolve(source, ref);
    await runTurn(envelope, origins.wrap(sinks.clickSink(click), click, fromPrompt));
  }

  // A slash command waits a moment for its answer: an instant private one (help, a refusal, a bad argument)
  // goes back in the ack itself instead of a second request to response_url.
  async function onCommand(body: Obj, ack: (response?: unknown) => Promise<void>) {
    const { envelope, replyTo } = toCommandEnvelope(body, prefix);
    await runTurn(envelope, conversationSink(replyTo), {
      budgetMs: INSTANT_ANSWER_MS,
      async ack(ready) {
        if (!ready || !answersInAck(ready)) {
          await ack();
          return false;
        }
        await ack(responseBody(ready.view, 'ephemeral'));
        return true;
      },
    });
  }
  // Over HTTP the receiver hands commands straight to onCommand; in Socket Mode they come through Bolt.
  if (receiver) receiver.onCommand(settings.command, onCommand);
  else
    app.command(settings.command, ({ ack, body }) =>
      onCommand(body as unknown as Obj, (response) => ack(response as RespondArguments)),
    );

  app.action(/^gh\|/, async ({ ack, body }) => {
    await ack();
    const click = toActionEnvelope(body as unknown as Obj, prefix);
    if (!click) return;
    if (click.modal) await openModal(click.modal, click.click);
    else await clickTurn(click.envelope, click.click, actionRef(click.envelope));
  });

  /** The button needs text first: show the modal the card defined; its submission runs the turn. */
  async function openModal(modal: NonNullable<ActionRequest['modal']>, source: ClickSource) {
    const view = renderSlackModal({
      ...modal.form,
      callbackId: MODAL_CALLBACK_ID,
      inputPrefix: MODAL_INPUT_PREFIX,
      privateMetadata: JSON.stringify(modal.metadata),
    });
    try {
      await client.views.open({
        trigger_id: modal.triggerId,
        view: view as unknown as webApi.ViewsOpenArguments['view'],
      });
    } catch (err) {
      log.error({ err, eventId: modal.triggerId }, 'could not open the modal');
      const sentence = `Gatehouse could not open the form in Slack (${slackErrorCode(err) ?? 'an internal error'}). Try again.`;
      await sinks
        .clickSink(source)
        .show({ view: noticeView('Something went wrong', sentence, 'error'), visibility: 'private' })
        .catch(() => undefined);
    }
  }

  // Choosing a value in a select only changes the message's state; the button that follows reads it.
  app.action(/^ghin\|/, async ({ ack }) => {
    await ack();
  });

  app.view(MODAL_CALLBACK_ID, async ({ ack, body }) => {
    await ack();
    const submission = toModalEnvelope(body as unknown as Obj, prefix);
    if (submission) await clickTurn(submission.envelope, submission.click, actionRef(submission.envelope));
  });

  /** A mention or a DM (Bolt has acked the event already); a Slack retry of the same event is dropped. */
  async function onMessage(body: unknown) {
    const message = toMessageEnvelope(body as Obj);
    if (!message) return;
    const { envelope, replyTo } = message;
    if (!(await store.claim(`slack:event:${envelope.eventId}`, 'slack', DEDUP_MS)).won) return;
    await runTurn(envelope, conversationSink(replyTo));
  }
  app.event('app_mention', async ({ body }) => onMessage(body));
  app.message(async ({ body }) => onMessage(body));

  app.error(async (err) => {
    log.error({ err }, 'Slack listener error');
  });

  return {
    ...(receiver ? { route: receiver.route() } : {}),
    messenger,
    async start() {
      try {
        await app.init();
      } catch (err) {
        throw new ConfigError(
          `Slack refused the bot token (SLACK_BOT_TOKEN): ${slackErrorCode(err) ?? (err as Error).message}.`,
          { cause: err },
        );
      }
      if (!settings.appToken) return;
      try {
        await app.start();
      } catch (err) {
        throw new ConfigError(
          `Slack Socket Mode could not connect with SLACK_APP_TOKEN: ${slackErrorCode(err) ?? (err as Error).message}.`,
          { cause: err },
        );
      }
    },
    async stop() {
      if (settings.appToken) await app.stop();
    },
  };
}

/** The pending action a click names (its button's reference). */
const actionRef = (envelope: { input: { kind: string; ref?: string } }) =>
  envelope.input.kind === 'action' ? (envelope.input.ref ?? '') : '';

const ensureSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** A reply that fits in a slash command's ack: private, one message, nothing to post or run after it. */
const answersInAck = (r: IntentResult) =>
  r.visibility === 'private' &&
  !r.followUp &&
  !r.channelNotice &&
  !(r.view.attachments?.length ?? 0) &&
  !r.view.image;

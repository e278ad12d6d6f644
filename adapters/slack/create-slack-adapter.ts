import { App, type webApi } from '@slack/bolt';
import { renderSlackModal } from '../../cards/slack-modal.ts';
import { ConfigError } from '../../src/errors.ts';
import { deliver } from '../../src/intents/deliver.ts';
import type { Dispatcher } from '../../src/intents/dispatcher.ts';
import type { Conversation, MessageRef } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { noticeView } from '../../src/views/view.ts';
import type { Route } from '../http/routes.ts';
import { createSlackActorResolver } from './resolve-slack-actor.ts';
import { createSdkLogger } from './sdk-logger.ts';
import {
  MODAL_CALLBACK_ID,
  MODAL_INPUT_PREFIX,
  type ModalMetadata,
  toActionRequest,
  toCommandRequest,
  toModalSubmission,
  unescapeSlackText,
} from './slack-envelope.ts';
import { SlackHttpReceiver } from './slack-http-receiver.ts';
import { createSlackMessenger, type SlackMessenger, slackErrorCode } from './slack-messenger.ts';
import { type ClickSource, createSlackSinks } from './slack-sinks.ts';

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
  dispatcher: Dispatcher;
  store: Store;
  log: Logger;
  now?: () => number;
}): SlackAdapter {
  const { settings, dispatcher, store } = options;
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
    logger: createSdkLogger(log),
  });
  const client: webApi.WebClient = app.client;
  const messenger = createSlackMessenger(client, log);
  const resolveActor = createSlackActorResolver(client, store, log);
  const prefix = `${settings.command} `;

  const { conversationSink, clickSink } = createSlackSinks(messenger);

  const conversation = (channelId: string, responseUrl?: string): Conversation => ({
    platform: 'slack',
    id: channelId,
    ...(responseUrl ? { replyHandle: responseUrl } : {}),
    direct: channelId.startsWith('D'),
  });

  /** Work after the ack: a failure is logged and, where Slack gave a response_url, told to the person. */
  const guard = (what: string, work: () => Promise<void>, responseUrl?: string) =>
    work().catch(async (err: unknown) => {
      log.error({ err }, `${what} failed after the ack`);
      if (!responseUrl) return;
      const sentence = `Gatehouse could not answer in Slack (${slackErrorCode(err) ?? 'an internal error'}); the details are in its log.`;
      await messenger
        .respond(responseUrl, noticeView('Something went wrong', sentence, 'error'), 'ephemeral')
        .catch(() => undefined);
    });

  /** A button click (or the modal that completed one) → its intent, replied to on the clicked card. */
  async function runClick(
    click: ClickSource & { verb: string; ref: string; values: Record<string, string>; userName: string },
  ) {
    const actor = await resolveActor(click.userId, click.userName);
    const source: MessageRef | undefined =
      click.channelId && click.messageTs
        ? { platform: 'slack', channel: click.channelId, id: click.messageTs }
        : undefined;
    const result = await dispatcher.dispatch(
      click.verb,
      { ref: click.ref, ...click.values },
      {
        actor,
        conversation: conversation(click.channelId ?? '', click.responseUrl),
        ...(source ? { source } : {}),
        prefix,
      },
    );
    await deliver(result, clickSink(click), log);
  }

  app.command(settings.command, async ({ ack, body }) => {
    await ack();
    const cmd = toCommandRequest(body as unknown as Record<string, unknown>);
    await guard(
      'slash command',
      async () => {
        const actor = await resolveActor(cmd.userId, cmd.userName);
        const result = await dispatcher.handleText(cmd.text, {
          actor,
          conversation: conversation(cmd.channelId, cmd.responseUrl),
          prefix,
        });
        await deliver(result, conversationSink(cmd.channelId, cmd.userId, cmd.responseUrl), log);
      },
      cmd.responseUrl,
    );
  });

  app.action(/^gh\|/, async ({ ack, body }) => {
    await ack();
    const click = toActionRequest(body as unknown as Record<string, unknown>);
    if (!click) return;
    await guard(
      'button',
      async () => {
        if (click.textInputs.length > 0 && click.triggerId) {
          const meta: ModalMetadata = {
            verb: click.verb,
            ref: click.ref,
            values: click.values,
            isEphemeral: click.isEphemeral,
            ...(click.channelId ? { channelId: click.channelId } : {}),
            ...(click.messageTs ? { messageTs: click.messageTs } : {}),
            ...(click.responseUrl ? { responseUrl: click.responseUrl } : {}),
          };
          await client.views.open({
            trigger_id: click.triggerId,
            view: renderSlackModal({
              callbackId: MODAL_CALLBACK_ID,
              title: titleFor(click.verb),
              submitLabel: 'Submit',
              privateMetadata: JSON.stringify(meta),
              inputs: click.textInputs.map((id) => ({
                actionId: `${MODAL_INPUT_PREFIX}${id}`,
                label: capitalize(id),
              })),
            }) as unknown as webApi.ViewsOpenArguments['view'],
          });
          return;
        }
        await runClick(click);
      },
      click.responseUrl,
    );
  });

  // Choosing a value in a select only changes the message's state; the button that follows reads it.
  app.action(/^ghin\|/, async ({ ack }) => {
    await ack();
  });

  app.view(MODAL_CALLBACK_ID, async ({ ack, body }) => {
    await ack();
    const submission = toModalSubmission(body as unknown as Record<string, unknown>);
    if (!submission) return;
    await guard(
      'modal',
      async () => {
        await runClick(submission);
      },
      submission.responseUrl,
    );
  });

  app.event('app_mention', async ({ event, body }) => {
    const eventId = String((body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`);
    if (!(await store.claim(`slack:event:${eventId}`, 'slack', 3_600_000)).won) return; // a Slack retry
    await guard('mention', async () => {
      const text = unescapeSlackText(event.text.replace(/<@[A-Z0-9]+>/g, '').trim());
      const actor = await resolveActor(event.user ?? '', '');
      const result = await dispatcher.handleText(text, {
        actor,
        conversation: conversation(event.channel),
        prefix: '@Gatehouse ',
      });
      await deliver(result, conversationSink(event.channel, event.user ?? ''), log);
    });
  });

  app.message(async ({ message, body }) => {
    const m = message as {
      channel_type?: string;
      bot_id?: string;
      subtype?: string;
      text?: string;
      user?: string;
      channel: string;
      ts: string;
    };
    if (m.channel_type !== 'im' || m.bot_id || m.subtype || !m.user || !m.text) return;
    const eventId = String((body as { event_id?: string }).event_id ?? `${m.channel}:${m.ts}`);
    if (!(await store.claim(`slack:event:${eventId}`, 'slack', 3_600_000)).won) return;
    await guard('direct message', async () => {
      const actor = await resolveActor(m.user!, '');
      const result = await dispatcher.handleText(unescapeSlackText(m.text!), {
        actor,
        conversation: conversation(m.channel),
        prefix: '',
      });
      await deliver(result, conversationSink(m.channel, m.user!), log);
    });
  });

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

const ensureSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const titleFor = (verb: string) => capitalize(verb.split('.').pop() ?? 'Confirm');

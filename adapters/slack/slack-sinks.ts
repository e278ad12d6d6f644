import type { ReplySink } from '../../src/intents/deliver.ts';
import type { MessageRef } from '../../src/intents/envelope.ts';
import { noticeView } from '../../src/views/view.ts';
import type { ClickSource } from './slack-click-envelope.ts';
import type { SlackReplyTo } from './slack-envelope.ts';
import { type SlackMessenger, slackErrorCode } from './slack-messenger.ts';

/** Where replies go on Slack: for a command or mention, and for a button click or modal. */
export function createSlackSinks(messenger: SlackMessenger) {
  /** Where a slash command's or mention's reply goes. */
  function conversationSink({ channelId, userId, responseUrl }: SlackReplyTo): ReplySink {
    return {
      async show(result) {
        if (result.visibility === 'private') {
          if (responseUrl) await messenger.respond(responseUrl, result.view, 'ephemeral');
          else await messenger.postEphemeral(channelId, userId, result.view);
          if (result.view.image) await messenger.sendPrivateImage(userId, result.view.image);
          if (result.channelNotice) {
            await messenger.post(channelId, {
              title: result.view.title,
              state: 'info',
              summary: result.channelNotice,
              blocks: [{ type: 'text', text: result.channelNotice }],
            });
          }
          return undefined;
        }
        try {
          return await messenger.post(channelId, result.view);
        } catch (err) {
          // A private channel the bot is not in: say how to fix it rather than dropping the card.
          const code = slackErrorCode(err);
          if (code !== 'not_in_channel' && code !== 'channel_not_found') throw err;
          const sentence =
            'Gatehouse cannot post in this channel: invite it with /invite @Gatehouse and try again. Nothing was done.';
          const view = noticeView('Not in this channel', sentence, 'warning');
          if (responseUrl) await messenger.respond(responseUrl, view, 'ephemeral');
          else await messenger.postEphemeral(channelId, userId, view);
          return undefined;
        }
      },
      update: (ref, view) => messenger.update(ref, view),
    };
  }

  /** Where a button click's reply goes: refusals privately, new states onto the clicked card. */
  function clickSink(source: ClickSource): ReplySink {
    const ref: MessageRef | undefined =
      source.channelId && source.messageTs && !source.isEphemeral
        ? { platform: 'slack', channel: source.channelId, id: source.messageTs }
        : undefined;
    return {
      async show(result) {
        if (result.visibility === 'private') {
          if (source.responseUrl) await messenger.respond(source.responseUrl, result.view, 'ephemeral');
          else if (source.channelId)
            await messenger.postEphemeral(source.channelId, source.userId, result.view);
          return undefined;
        }
        if (ref) {
          await messenger.update(ref, result.view);
          return ref;
        }
        if (source.responseUrl) await messenger.respond(source.responseUrl, result.view, 'replace');
        return undefined;
      },
      update: (r, view) => messenger.update(r, view),
    };
  }

  return { conversationSink, clickSink };
}

import type { webApi } from '@slack/bolt';
import { request } from 'undici';
import { renderBlockKit } from '../../cards/block-kit.ts';
import type { MessageRef, Messenger } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { View, ViewAttachment } from '../../src/views/view.ts';

type WebClient = webApi.WebClient;

/** The Web API's error code (`not_in_channel`, `ratelimited`, …) of a failed call. */
export const slackErrorCode = (err: unknown): string | undefined =>
  (err as { data?: { error?: string } }).data?.error;

/** A reply as a response_url (or slash-command ack) body: ephemeral, in the channel, or replacing the card. */
export function responseBody(view: View, mode: 'ephemeral' | 'in_channel' | 'replace') {
  const message = renderBlockKit(view);
  return mode === 'replace'
    ? { ...message, replace_original: true }
    : { ...message, response_type: mode, replace_original: false };
}

export interface SlackMessenger extends Messenger {
  postEphemeral(channel: string, user: string, view: View): Promise<void>;
  /** Answer through an interaction's response_url (ephemeral, or replacing the original message). */
  respond(responseUrl: string, view: View, mode: 'ephemeral' | 'in_channel' | 'replace'): Promise<void>;
  upload(channel: string, threadTs: string | undefined, attachment: ViewAttachment): Promise<void>;
  /** An image made here (a QR code) into the person's direct messages with the bot, as a file. */
  sendPrivateImage(user: string, image: NonNullable<View['image']>): Promise<void>;
}

/** Slack delivery over the Web API: post, update, ephemeral, DM, file upload; all rendered from views. */
export function createSlackMessenger(client: WebClient, log: Logger): SlackMessenger {
  async function postOnce(channel: string, view: View) {
    const res = await client.chat.postMessage({ channel, ...renderBlockKit(view) });
    return { platform: 'slack' as const, channel: String(res.channel ?? channel), id: String(res.ts) };
  }

  const messenger: SlackMessenger = {
    platform: 'slack',
    async post(channel, view) {
      let ref: MessageRef;
      try {
        ref = await postOnce(channel, view);
      } catch (err) {
        if (slackErrorCode(err) !== 'not_in_channel') throw err;
        // A public channel the bot was never invited to: join it (channels:join) and try once more. A
        // private channel cannot be joined; the caller gets the original not_in_channel.
        const joined = await client.conversations.join({ channel }).then(
          () => true,
          () => false,
        );
        if (!joined) throw err;
        ref = await postOnce(channel, view);
      }
      for (const attachment of view.attachments ?? [])
        await messenger.upload(ref.channel, ref.id, attachment);
      return ref;
    },
    async update(ref, view) {
      await client.chat.update({ channel: ref.channel, ts: ref.id, ...renderBlockKit(view) });
      for (const attachment of view.attachments ?? [])
        await messenger.upload(ref.channel, ref.id, attachment);
    },
    async sendDirect(user, view) {
      const opened = await client.conversations.open({ users: user });
      const channel = opened.channel?.id;
      if (!channel) return undefined;
      return postOnce(channel, view);
    },
    async lookupUserByEmail(email) {
      try {
        const res = await client.users.lookupByEmail({ email });
        return res.user?.id;
      } catch (err) {
        if (slackErrorCode(err) === 'users_not_found') return undefined;
        throw err;
      }
    },
    async postEphemeral(channel, user, view) {
      await client.chat.postEphemeral({ channel, user, ...renderBlockKit(view) });
    },
    async respond(responseUrl, view, mode) {
      const body = responseBody(view, mode);
      const res = await request(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.body.text();
      if (res.statusCode >= 400) log.warn({ status: res.statusCode }, 'Slack response_url refused the reply');
    },
    async sendPrivateImage(user, image) {
      // Block Kit shows images only from a URL; an image made here goes as a file into the person's own
      // chat with the bot instead, where nobody else can see or fetch it.
      const opened = await client.conversations.open({ users: user });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('Slack did not open a direct message for the image');
      const png = Buffer.from(image.dataUri.slice(image.dataUri.indexOf(',') + 1), 'base64');
      await client.filesUploadV2({
        channel_id: channel,
        file: png,
        filename: 'gatehouse.png',
        title: image.alt,
      });
    },
    async upload(channel, threadTs, attachment) {
      const file = {
        file: Buffer.from(attachment.content, 'utf8'),
        filename: attachment.filename,
        title: attachment.title,
      };
      await client.filesUploadV2(
        threadTs ? { ...file, channel_id: channel, thread_ts: threadTs } : { ...file, channel_id: channel },
      );
    },
  };
  return messenger;
}

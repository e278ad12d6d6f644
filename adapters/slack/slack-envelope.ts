import { randomUUID } from 'node:crypto';
import type { Conversation, Envelope } from '../../src/intents/envelope.ts';

/** Pure translations of Slack payloads into envelopes for the turn runner (fixture-tested, no I/O). */

/** What the Slack actor resolver needs: the user id, and a name to fall back on when users.info fails. */
export interface SlackUser {
  id: string;
  name: string;
}

export type SlackEnvelope = Envelope<SlackUser>;

/** Where a Slack reply can go besides the channel: the interaction's response_url. */
export interface SlackReplyTo {
  channelId: string;
  userId: string;
  responseUrl?: string;
}

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Slack escapes &, < and > in slash-command text; links and mentions arrive as <…|…>. */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<(?:mailto:)?([^<>|]+)\|([^<>]+)>/g, '$2')
    .replace(/<([^<>@#!][^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function slackConversation(channelId: string, responseUrl?: string): Conversation {
  return {
    platform: 'slack',
    id: channelId,
    ...(responseUrl ? { replyHandle: responseUrl } : {}),
    direct: channelId.startsWith('D'),
  };
}

/** The user of an interaction payload (block_actions, view_submission). */
export function interactionUser(body: Obj): SlackUser {
  const user = obj(body.user);
  return { id: String(user.id ?? ''), name: String(user.name ?? user.username ?? '') };
}

/** A slash command's form fields → its envelope, and where its reply goes. */
export function toCommandEnvelope(
  body: Obj,
  prefix: string,
): { envelope: SlackEnvelope; replyTo: SlackReplyTo } {
  const channelId = String(body.channel_id ?? '');
  const userId = String(body.user_id ?? '');
  const responseUrl = str(body.response_url);
  return {
    envelope: {
      platform: 'slack',
      // A slash command has no event id of its own; its trigger id is unique per invocation.
      eventId: str(body.trigger_id) ?? randomUUID(),
      user: { id: userId, name: String(body.user_name ?? '') },
      conversation: slackConversation(channelId, responseUrl),
      input: { kind: 'text', text: unescapeSlackText(String(body.text ?? '')) },
      prefix,
    },
    replyTo: { channelId, userId, ...(responseUrl ? { responseUrl } : {}) },
  };
}

/**
 * An Events API callback (`app_mention`, or a `message` in the bot's DM) → its envelope; undefined for the
 * messages that are not someone talking to Gatehouse (channels, bots, edits, joins). The mention is removed.
 */
export function toMessageEnvelope(body: Obj): { envelope: SlackEnvelope; replyTo: SlackReplyTo } | undefined {
  const event = obj(body.event);
  const channelId = str(event.channel);
  const userId = str(event.user);
  const text = str(event.text);
  if (!channelId || !userId || !text || event.bot_id || event.subtype) return undefined;
  const mention = event.type === 'app_mention';
  if (!mention && !(event.type === 'message' && event.channel_type === 'im')) return undefined;
  return {
    envelope: {
      platform: 'slack',
      eventId: str(body.event_id) ?? `${channelId}:${String(event.ts ?? '')}`,
      user: { id: userId, name: '' },
      conversation: slackConversation(channelId),
      input: {
        kind: 'text',
        text: unescapeSlackText(mention ? text.replace(/<@[A-Z0-9]+>/g, '').trim() : text),
      },
      prefix: mention ? '@Gatehouse ' : '',
    },
    replyTo: { channelId, userId },
  };
}

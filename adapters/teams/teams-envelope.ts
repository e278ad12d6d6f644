import { readAdaptiveInputs } from '../../cards/adaptive-elements.ts';
import type { Conversation, Envelope, MessageRef } from '../../src/intents/envelope.ts';

/** Pure translations of Bot Framework activities from Teams into what the intent layer needs (no I/O). */

export type TeamsConversationType = 'personal' | 'groupChat' | 'channel';

/** The person behind an activity, with both of Teams' ids. */
export interface TeamsUser {
  /** Bot Framework id (`29:…`): what the connector's member and conversation calls take. */
  id: string;
  /** Azure AD object id: how the policy names Teams people (`teams:<aad object id>`). */
  aadObjectId?: string;
  name: string;
}

export interface TeamsPlace {
  conversation: Conversation;
  type: TeamsConversationType;
  tenantId?: string;
  /** The team's id for channel conversations (member lookups go through the team). */
  teamId?: string;
  /** The channel's own conversation id, without the `;messageid=` of a thread. */
  channelId?: string;
  serviceUrl: string;
}

export type TeamsRequest =
  | { kind: 'message'; user: TeamsUser; place: TeamsPlace; text: string; activityId: string }
  | {
      kind: 'action';
      user: TeamsUser;
      place: TeamsPlace;
      verb: string;
      /** The button's data (the pending action's `ref`) merged with the card's input values. */
      data: Record<string, unknown>;
      /** The tracked card's subject, when the card carries one. */
      subject?: string;
      /** The activity id of the message holding the card. */
      cardActivityId?: string;
    }
  | { kind: 'installed'; place: TeamsPlace; user?: TeamsUser }
  | { kind: 'ignored'; why: string };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};

/**
 * The command in a message: the bot's @mention removed (the `<at>` text its mention entity names, or any
 * `<at>…</at>` when there are no entities), other people's mentions kept as their names, HTML entities
 * decoded, and an optional leading `pam` dropped.
 */
export function commandText(text: string, entities: unknown, botId: string | undefined): string {
  let out = text;
  const mentions = Array.isArray(entities) ? entities.map(obj).filter((e) => e.type === 'mention') : [];
  const botMentions = mentions.filter((m) => !botId || obj(m.mentioned).id === botId);
  for (const m of botMentions) {
    const shown = str(m.text);
    if (shown) out = out.split(shown).join(' ');
  }
  if (botMentions.length === 0 && mentions.length === 0) out = out.replace(/^\s*<at>[^<]*<\/at>/i, ' ');
  out = out.replace(/<at>([^<]*)<\/at>/gi, '$1');
  out = out.replace(/<br\s*\/?>/gi, ' ').replace(/<\/?[a-z][^>]*>/gi, '');
  out = out.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (e) => ENTITIES[e] ?? e);
  out = out.replace(/\u00a0/g, ' ').trim();
  return out.replace(/^pam\b\s*/i, '').trim();
}

/** `19:abc@thread.tacv2;messageid=1700` → `19:abc@thread.tacv2`. */
export function baseConversationId(id: string): string {
  const at = id.indexOf(';messageid=');
  return at < 0 ? id : id.slice(0, at);
}

export function toPlace(activity: Obj): TeamsPlace | undefined {
  const conv = obj(activity.conversation);
  const id = str(conv.id);
  const serviceUrl = str(activity.serviceUrl);
  if (!id || !serviceUrl) return undefined;
  const channelData = obj(activity.channelData);
  const rawType = str(conv.conversationType);
  const type: TeamsConversationType =
    rawType === 'channel' || rawType === 'groupChat' || rawType === 'personal'
      ? rawType
      : conv.isGroup === true
        ? 'groupChat'
        : 'personal';
  const tenantId = str(conv.tenantId) ?? str(obj(channelData.tenant).id);
  const teamId = str(obj(channelData.team).id);
  const channelId =
    type === 'channel' ? (str(obj(channelData.channel).id) ?? baseConversationId(id)) : undefined;
  return {
    conversation: { platform: 'teams', id, replyHandle: serviceUrl, direct: type === 'personal' },
    type,
    serviceUrl,
    ...(tenantId ? { tenantId } : {}),
    ...(teamId ? { teamId } : {}),
    ...(channelId ? { channelId } : {}),
  };
}

function toUser(from: unknown): TeamsUser | undefined {
  const f = obj(from);
  const id = str(f.id);
  if (!id) return undefined;
  const aadObjectId = str(f.aadObjectId);
  return { id, name: str(f.name) ?? '', ...(aadObjectId ? { aadObjectId } : {}) };
}

/** The bot joined (installed in a team, chat or personal scope): a reference to keep for proactive posts. */
function isInstall(activity: Obj): boolean {
  if (activity.type === 'installationUpdate') return str(activity.action)?.startsWith('add') ?? false;
  if (activity.type !== 'conversationUpdate') return false;
  const botId = str(obj(activity.recipient).id);
  const added = Array.isArray(activity.membersAdded) ? activity.membersAdded.map(obj) : [];
  return added.some((m) => m.id === botId);
}

export function toTeamsRequest(raw: unknown): TeamsRequest {
  const activity = obj(raw);
  const place = toPlace(activity);
  if (!place) return { kind: 'ignored', why: 'no conversation or service URL' };
  const user = toUser(activity.from);
  if (isInstall(activity)) return user ? { kind: 'installed', place, user } : { kind: 'installed', place };
  if (!user) return { kind: 'ignored', why: 'no sender' };
  if (activity.type === 'message') {
    // A card's old-style Action.Submit arrives as a message with a value and no text: not ours.
    if (!str(activity.text)) return { kind: 'ignored', why: 'message without text' };
    const botId = str(obj(activity.recipient).id);
    const text = commandText(str(activity.text) ?? '', activity.entities, botId);
    return { kind: 'message', user, place, text, activityId: str(activity.id) ?? '' };
  }
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = obj(obj(activity.value).action);
    const verb = str(action.verb);
    if (action.type !== 'Action.Execute' || !verb) return { kind: 'ignored', why: 'not an Action.Execute' };
    const data = obj(action.data);
    const subject = str(data.subject);
    const cardActivityId = str(activity.replyToId);
    const card = { ...(subject ? { subject } : {}), ...(cardActivityId ? { cardActivityId } : {}) };
    return { kind: 'action', user, place, verb, data, ...card };
  }
  return {
    kind: 'ignored',
    why: `activity ${String(activity.type)}${activity.name ? ` ${activity.name}` : ''}`,
  };
}

/**
 * A message or a card click → the envelope the turn runner takes. `who` is what the Teams actor resolver
 * needs (the turn and the sender); the event id is the Bot Framework activity id.
 */
export function toTeamsEnvelope<W>(
  request: Extract<TeamsRequest, { kind: 'message' | 'action' }>,
  who: W,
  eventId: string,
): Envelope<W> {
  const { place } = request;
  const base = {
    platform: 'teams' as const,
    eventId,
    user: who,
    conversation: place.conversation,
    prefix: place.type === 'personal' ? '' : '@Gatehouse ',
  };
  if (request.kind === 'message') return { ...base, input: { kind: 'text', text: request.text } };
  const { subject: _subject, ref, ...values } = readAdaptiveInputs(request.data);
  const source: MessageRef | undefined = request.cardActivityId
    ? { platform: 'teams', channel: place.conversation.id, id: request.cardActivityId }
    : undefined;
  return {
    ...base,
    input: { kind: 'action', verb: request.verb, ref: typeof ref === 'string' ? ref : '', values },
    ...(source ? { source } : {}),
  };
}

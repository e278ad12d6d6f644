import { decodeActionId, SELECT_PREFIX } from '../../cards/block-kit.ts';

/** Pure translations of Slack payloads into what the intent layer needs (fixture-tested, no I/O). */

export interface SlackCommandRequest {
  userId: string;
  userName: string;
  channelId: string;
  text: string;
  responseUrl?: string;
  triggerId?: string;
}

export interface SlackActionRequest {
  userId: string;
  userName: string;
  verb: string;
  ref: string;
  /** Text inputs the button needs: a modal collects them first. */
  textInputs: string[];
  /** Values of the message's select inputs, by input id. */
  values: Record<string, string>;
  channelId?: string;
  messageTs?: string;
  isEphemeral: boolean;
  responseUrl?: string;
  triggerId?: string;
}

/** Slack escapes &, < and > in slash-command text; links and mentions arrive as <…|…>. */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<(?:mailto:)?([^<>|]+)\|([^<>]+)>/g, '$2')
    .replace(/<([^<>@#!][^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function toCommandRequest(body: Record<string, unknown>): SlackCommandRequest {
  return {
    userId: String(body.user_id ?? ''),
    userName: String(body.user_name ?? ''),
    channelId: String(body.channel_id ?? ''),
    text: unescapeSlackText(String(body.text ?? '')),
    ...(typeof body.response_url === 'string' ? { responseUrl: body.response_url } : {}),
    ...(typeof body.trigger_id === 'string' ? { triggerId: body.trigger_id } : {}),
  };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** The values of select inputs in a block_actions or view_submission `state`, by Gatehouse input id. */
export function readStateValues(state: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of Object.values(obj(obj(state).values))) {
    for (const [actionId, element] of Object.entries(obj(block))) {
      if (!actionId.startsWith(SELECT_PREFIX)) continue;
      const e = obj(element);
      const value = obj(e.selected_option).value ?? e.value;
      if (typeof value === 'string') values[actionId.slice(SELECT_PREFIX.length)] = value;
    }
  }
  return values;
}

/** A block_actions payload for one of our buttons → request; undefined for anything else (selects, links). */
export function toActionRequest(body: Obj): SlackActionRequest | undefined {
  const action = obj((body.actions as unknown[] | undefined)?.[0]);
  const decoded = typeof action.action_id === 'string' ? decodeActionId(action.action_id) : undefined;
  if (!decoded || typeof action.value !== 'string') return undefined;
  const user = obj(body.user);
  const container = obj(body.container);
  const channelId = obj(body.channel).id ?? container.channel_id;
  const messageTs = container.message_ts ?? obj(body.message).ts;
  return {
    userId: String(user.id ?? ''),
    userName: String(user.name ?? user.username ?? ''),
    verb: decoded.verb,
    ref: action.value,
    textInputs: decoded.textInputs,
    values: readStateValues(body.state),
    ...(typeof channelId === 'string' ? { channelId } : {}),
    ...(typeof messageTs === 'string' ? { messageTs } : {}),
    isEphemeral: container.is_ephemeral === true,
    ...(typeof body.response_url === 'string' ? { responseUrl: body.response_url } : {}),
    ...(typeof body.trigger_id === 'string' ? { triggerId: body.trigger_id } : {}),
  };
}

/** What a modal carries between the click and the submission (Slack limits private_metadata to 3000 chars). */
export interface ModalMetadata {
  verb: string;
  ref: string;
  values: Record<string, string>;
  channelId?: string;
  messageTs?: string;
  isEphemeral: boolean;
  responseUrl?: string;
}

export const MODAL_CALLBACK_ID = 'gh-modal';
export const MODAL_INPUT_PREFIX = 'ghtext|';

/** A view_submission of our modal → the action request it completes, with the typed texts. */
export function toModalSubmission(
  body: Obj,
): (ModalMetadata & { userId: string; userName: string }) | undefined {
  const view = obj(body.view);
  if (view.callback_id !== MODAL_CALLBACK_ID || typeof view.private_metadata !== 'string') return undefined;
  let meta: ModalMetadata;
  try {
    meta = JSON.parse(view.private_metadata) as ModalMetadata;
  } catch {
    return undefined;
  }
  if (typeof meta.verb !== 'string' || typeof meta.ref !== 'string') return undefined;
  const texts: Record<string, string> = {};
  for (const block of Object.values(obj(obj(view.state).values))) {
    for (const [actionId, element] of Object.entries(obj(block))) {
      const value = obj(element).value;
      if (actionId.startsWith(MODAL_INPUT_PREFIX) && typeof value === 'string')
        texts[actionId.slice(MODAL_INPUT_PREFIX.length)] = value;
    }
  }
  const user = obj(body.user);
  return {
    ...meta,
    values: { ...meta.values, ...texts },
    userId: String(user.id ?? ''),
    userName: String(user.name ?? user.username ?? ''),
  };
}

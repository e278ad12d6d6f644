import { randomUUID } from 'node:crypto';
import { decodeActionId, SELECT_PREFIX } from '../../cards/block-kit.ts';
import { decodeButtonValue, type ModalForm } from '../../cards/slack-modal.ts';
import type { MessageRef } from '../../src/intents/envelope.ts';
import {
  interactionUser,
  type Obj,
  obj,
  type SlackEnvelope,
  slackConversation,
  str,
} from './slack-envelope.ts';

/** Pure translations of Slack interactions (button clicks, modal submissions) into envelopes (no I/O). */

/** Where a click's reply goes: the clicked message, or the interaction's response_url. */
export interface ClickSource {
  channelId?: string;
  messageTs?: string;
  isEphemeral: boolean;
  responseUrl?: string;
  userId: string;
}

/** What a modal carries between the click and the submission (within Slack's private_metadata limit). */
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

/** The values of select inputs in a block_actions or view_submission `state`, by Gatehouse input id. */
export function readStateValues(state: unknown, prefix = SELECT_PREFIX): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of Object.values(obj(obj(state).values))) {
    for (const [actionId, element] of Object.entries(obj(block))) {
      if (!actionId.startsWith(prefix)) continue;
      const e = obj(element);
      const value = obj(e.selected_option).value ?? e.value;
      if (typeof value === 'string') values[actionId.slice(prefix.length)] = value;
    }
  }
  return values;
}

function clickEnvelope(meta: ModalMetadata, body: Obj, eventId: string, prefix: string) {
  const source: MessageRef | undefined =
    meta.channelId && meta.messageTs
      ? { platform: 'slack', channel: meta.channelId, id: meta.messageTs }
      : undefined;
  const envelope: SlackEnvelope = {
    platform: 'slack',
    eventId,
    user: interactionUser(body),
    conversation: slackConversation(meta.channelId ?? '', meta.responseUrl),
    input: { kind: 'action', verb: meta.verb, ref: meta.ref, values: meta.values },
    prefix,
    ...(source ? { source } : {}),
  };
  const { verb: _v, ref: _r, values: _values, ...where } = meta;
  const click: ClickSource = { ...where, userId: envelope.user.id };
  return { envelope, click };
}

export type ActionRequest = ReturnType<typeof clickEnvelope> & {
  /** Set when the button needs text first: Slack shows this modal, and its submission runs the turn. */
  modal?: { triggerId: string; form: ModalForm; metadata: ModalMetadata };
};

/** A block_actions payload for one of our buttons → its envelope; undefined for anything else (selects, links). */
export function toActionEnvelope(body: Obj, prefix: string): ActionRequest | undefined {
  const action = obj((body.actions as unknown[] | undefined)?.[0]);
  const decoded = typeof action.action_id === 'string' ? decodeActionId(action.action_id) : undefined;
  if (!decoded || typeof action.value !== 'string') return undefined;
  const { ref, form } = decodeButtonValue(action.value);
  const container = obj(body.container);
  const channelId = str(obj(body.channel).id) ?? str(container.channel_id);
  const messageTs = str(container.message_ts) ?? str(obj(body.message).ts);
  const responseUrl = str(body.response_url);
  const meta: ModalMetadata = {
    verb: decoded.verb,
    ref,
    values: readStateValues(body.state),
    isEphemeral: container.is_ephemeral === true,
    ...(channelId ? { channelId } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(responseUrl ? { responseUrl } : {}),
  };
  const triggerId = str(body.trigger_id);
  const request = clickEnvelope(meta, body, triggerId ?? randomUUID(), prefix);
  // The button's own form names the inputs; an older card without one still gets its inputs asked for.
  const needs = form ?? (decoded.textInputs.length > 0 ? fallbackForm(decoded.textInputs) : undefined);
  return needs && triggerId ? { ...request, modal: { triggerId, form: needs, metadata: meta } } : request;
}

const fallbackForm = (ids: string[]): ModalForm => ({
  title: 'Gatehouse',
  inputs: ids.map((id) => ({ type: 'text', id, label: id, required: true })),
});

/** A view_submission of our modal → the click it completes, with the typed texts. */
export function toModalEnvelope(body: Obj, prefix: string): ActionRequest | undefined {
  const view = obj(body.view);
  if (view.callback_id !== MODAL_CALLBACK_ID || typeof view.private_metadata !== 'string') return undefined;
  let meta: ModalMetadata;
  try {
    meta = JSON.parse(view.private_metadata) as ModalMetadata;
  } catch {
    return undefined;
  }
  if (typeof meta.verb !== 'string' || typeof meta.ref !== 'string') return undefined;
  const texts = readStateValues(view.state, MODAL_INPUT_PREFIX);
  const eventId = str(body.trigger_id) ?? str(view.id) ?? randomUUID();
  return clickEnvelope({ ...meta, values: { ...meta.values, ...texts } }, body, eventId, prefix);
}

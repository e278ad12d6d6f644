import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** Sign a body the way Slack does: v0=HMAC-SHA256(secret, "v0:<ts>:<body>"). */
export function slackHeaders(
  body: string,
  options: { secret?: string; timestamp?: number } = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    command: '/pam',
    ...fields,
  }).toString();
}

export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload as Slack sends it when `user` presses `button` on `message`. */
export function blockActionsPayload(options: {
  user: { id: string; name: string };
  message: { channel: string; ts: string; blocks: unknown[] };
  button: { action_id: string; value?: string };
  responseUrl: string;
  /** The message's select values: `{ [action_id]: { type: 'static_select', selected_option: { value } } }`. */
  stateValues?: Record<string, Record<string, unknown>>;
}): Record<string, unknown> {
  const { user, message, button } = options;
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T1' },
    team: { id: 'T1' },
    api_app_id: 'A1',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    channel: { id: message.channel, name: 'ops' },
    message: { ts: message.ts, blocks: message.blocks },
    trigger_id: 'trig-click',
    response_url: options.responseUrl,
    actions: [
      { type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' },
    ],
    state: { values: { b: options.stateValues ?? {} } },
  };
}

/** A view_submission of Gatehouse's modal as Slack sends it when `user` submits the texts typed into it. */
export function viewSubmissionPayload(options: {
  user: { id: string; name: string };
  callbackId: string;
  privateMetadata: string;
  inputPrefix: string;
  texts: Record<string, string>;
}): Record<string, unknown> {
  const { user, texts, inputPrefix } = options;
  return {
    type: 'view_submission',
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T1' },
    team: { id: 'T1' },
    api_app_id: 'A1',
    view: {
      id: 'V1',
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata,
      state: {
        values: Object.fromEntries(
          Object.entries(texts).map(([id, value]) => [
            `block-${id}`,
            { [`${inputPrefix}${id}`]: { type: 'plain_text_input', value } },
          ]),
        ),
      },
    },
  };
}

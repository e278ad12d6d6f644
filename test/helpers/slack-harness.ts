import { request } from 'undici';
import type { Gatehouse } from '../../adapters/server.ts';
import type { Store } from '../../src/store/store.ts';
import { type FakeRport, startFakeRport } from '../fakes/rport-server.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/slack-api-server.ts';
import type { captureLogs } from './log-capture.ts';
import {
  blockActionsPayload,
  interactionBody,
  SIGNING_SECRET,
  slackHeaders,
  slashCommandBody,
} from './slack-signing.ts';
import { startTestGatehouse } from './test-gatehouse.ts';

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const RPORT_USER = 'gatehouse';
export const RPORT_TOKEN = 'abcd1234_0b9e2f55-4a1c-4c55-9d4e-1f0e0c9a7b31';
export const CHANNEL = 'C0OPS';

export const USERS = {
  alice: { id: 'U0ALICE', name: 'alice', real_name: 'Alice Admin', email: 'alice@example.com' },
  bob: { id: 'U0BOB', name: 'bob', real_name: 'Bob Builder', email: 'bob@example.com' },
  carol: { id: 'U0CAROL', name: 'carol', real_name: 'Carol Approver', email: 'carol@example.com' },
  eve: { id: 'U0EVE', name: 'eve', real_name: 'Eve Outsider', email: 'eve@example.com' },
} as const;

export interface SlackHarness {
  gatehouse: Gatehouse;
  url: string;
  slack: FakeSlackApi;
  rport: FakeRport;
  logs: ReturnType<typeof captureLogs>;
  /** POST a signed slash command; resolves with the HTTP status and body of the ack. */
  slash(text: string, user?: keyof typeof USERS): Promise<{ status: number; body: string }>;
  /** POST a signed block_actions click on a button of a posted message. */
  click(
    message: { channel: string; ts: string; blocks: unknown[] },
    label: string,
    user?: keyof typeof USERS,
  ): Promise<{ status: number }>;
  post(
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * Gatehouse over real HTTP with the fake Slack Web API and the fake rport behind it, the example policy,
 * and logs captured in memory. `store` lets two harnesses share one backend (replicas).
 */
export async function startSlackHarness(
  options: {
    store?: Store;
    env?: Record<string, string>;
    omitEnv?: string[];
    policyText?: string;
    slack?: FakeSlackApi;
    rport?: FakeRport;
  } = {},
): Promise<SlackHarness> {
  const slack =
    options.slack ?? (await startFakeSlackApi({ botToken: BOT_TOKEN, users: Object.values(USERS) }));
  const rport =
    options.rport ?? (await startFakeRport({ user: RPORT_USER, token: RPORT_TOKEN, jobDurationMs: 100 }));
  const { gatehouse, url, logs } = await startTestGatehouse({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      RPORT_URL: rport.url,
      RPORT_USER,
      RPORT_TOKEN,
      ...options.env,
    },
    ...(options.omitEnv ? { omitEnv: options.omitEnv } : {}),
    ...(options.policyText ? { policyText: options.policyText } : {}),
    ...(options.store ? { store: options.store } : {}),
  });

  async function post(path: string, body: string, headers: Record<string, string>) {
    const res = await request(`${url}${path}`, { method: 'POST', body, headers });
    return { status: res.statusCode, body: await res.body.text() };
  }

  return {
    gatehouse,
    url,
    slack,
    rport,
    logs,
    post,
    async slash(text, user = 'alice') {
      const u = USERS[user];
      const body = slashCommandBody({
        text,
        user_id: u.id,
        user_name: u.name,
        channel_id: CHANNEL,
        response_url: slack.responseUrl(),
        trigger_id: 'trig-1',
      });
      return post('/slack/events', body, {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackHeaders(body),
      });
    },
    async click(message, label, user = 'alice') {
      const u = USERS[user];
      const actions = (
        message.blocks as Array<{
          type: string;
          elements?: Array<{ type: string; text?: { text: string }; action_id: string; value?: string }>;
        }>
      )
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements ?? []);
      const button = actions.find((e) => e.type === 'button' && e.text?.text === label);
      if (!button) throw new Error(`no button "${label}" on the message`);
      const payload = blockActionsPayload({ user: u, message, button, responseUrl: slack.responseUrl() });
      const body = interactionBody(payload);
      return post('/slack/events', body, {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackHeaders(body),
      });
    },
    async close() {
      await gatehouse.close();
      if (!options.slack) await slack.close();
      if (!options.rport) await rport.close();
    },
  };
}

/** The message a chat.postMessage call created: channel, ts (from the fake's numbering) and blocks. */
export function postedMessage(
  slack: FakeSlackApi,
  index: number,
): { channel: string; ts: string; blocks: unknown[] } {
  const call = slack.callsTo('chat.postMessage')[index];
  if (!call) throw new Error(`no chat.postMessage #${index}`);
  const ts = slack.postedTs[index];
  return { channel: String(call.args.channel), ts: ts!, blocks: call.args.blocks as unknown[] };
}

import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Gatehouse } from '../../adapters/server.ts';
import { cardOf, findAction, hasAction, TEAMS_APP_ID } from '../adapters/teams/teams-harness.ts';
import { contractPolicy, startWorld, type World } from '../contract/contract-world.ts';
import { type FakeBotConnector, startFakeBotConnector } from '../fakes/bot-connector-server.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/slack-api-server.ts';
import {
  CHANNEL_ID,
  installActivity,
  invokeActivity,
  TENANT_ID,
  type TeamsUserFixture,
} from '../fixtures/teams/activities.ts';
import { BOT_TOKEN, CHANNEL, RPORT_TOKEN, RPORT_USER, USERS } from '../helpers/slack-harness.ts';
import {
  blockActionsPayload,
  interactionBody,
  SIGNING_SECRET,
  slackHeaders,
  slashCommandBody,
} from '../helpers/slack-signing.ts';
import { startTestGatehouse } from '../helpers/test-gatehouse.ts';

/**
 * Issue 10, finding 4, over the real endpoints of ONE Gatehouse with Slack and Teams both on: a person who
 * has an account on each platform still votes once on an access request and cannot be their own second
 * approver. Carol's and Alice's Teams accounts carry no UPN; the policy's `people` entries tie them to them.
 */
const T = {
  carol: { id: '29:carol', aadObjectId: 'aad-carol', name: 'Carol', email: '' },
  alice: { id: '29:alice', aadObjectId: 'aad-alice', name: 'Alice', email: '' },
  erin: { id: '29:erin', aadObjectId: 'aad-erin', name: 'Erin', email: 'erin@example.com' },
} satisfies Record<string, TeamsUserFixture>;

function policyText(): string {
  const p = parse(contractPolicy()) as Record<string, Record<string, unknown>>;
  p.people = {
    carol: { email: 'carol@example.com', slack: USERS.carol.id, teams: T.carol.aadObjectId },
    alice: { email: 'alice@example.com', slack: USERS.alice.id, teams: T.alice.aadObjectId },
  };
  // Alice is an approver too, so only "same person" can stop her from being her own second approver.
  (p.roles!.approver as { members: string[] }).members.push('person:alice', 'erin@example.com');
  p.access!.required_approvals = 2;
  return stringify(p);
}

type Button = { type: string; text?: { text: string }; action_id: string; value?: string };
type Msg = { channel: string; ts: string; blocks: Array<{ type: string; elements?: Button[] }> };

let world: World;
let slack: FakeSlackApi;
let connector: FakeBotConnector;
let gatehouse: Gatehouse;
let url: string;

beforeEach(async () => {
  world = await startWorld();
  slack = await startFakeSlackApi({ botToken: BOT_TOKEN, users: Object.values(USERS) });
  connector = await startFakeBotConnector({
    members: [{ ...T.carol }, { ...T.alice }, { ...T.erin, userPrincipalName: T.erin.email }],
  });
  ({ gatehouse, url } = await startTestGatehouse({
    env: {
      ...world.env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      TEAMS_APP_ID,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      TEAMS_SERVICE_URLS: connector.serviceUrl,
      TEAMS_ALLOWED_TENANTS: TENANT_ID,
      RPORT_URL: world.rport.url,
      RPORT_USER,
      RPORT_TOKEN,
    },
    policyText: policyText(),
  }));
  // The bot is in the team, so it can post the access card to the Teams channel too.
  expect((await send('/api/messages', installActivity(connector.serviceUrl, 'channel', T.erin))).status).toBe(
    200,
  );
});

afterEach(async () => {
  await gatehouse.teams?.idle();
  await gatehouse.close();
  await connector.close();
  await slack.close();
  await world.close();
});

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await request(`${url}${path}`, { method: 'POST', body, headers });
  return { status: res.statusCode, body: await res.body.text() };
}
const send = (path: string, activity: Record<string, unknown>) =>
  post(path, JSON.stringify(activity), { 'content-type': 'application/json' });
const form = (body: string) => ({
  'content-type': 'application/x-www-form-urlencoded',
  ...slackHeaders(body),
});

/** The newest version of the Slack channel message with a `label` button, and that button. */
function slackButton(label: string): { message: Msg; button: Button } {
  let posted = 0;
  const messages = slack.calls.flatMap((c): Msg[] => {
    const blocks = (c.args.blocks ?? []) as Msg['blocks'];
    if (c.method === 'chat.postMessage')
      return [{ channel: String(c.args.channel), ts: slack.postedTs[posted++]!, blocks }];
    if (c.method === 'chat.update')
      return [{ channel: String(c.args.channel), ts: String(c.args.ts), blocks }];
    return [];
  });
  for (const message of messages.reverse()) {
    if (message.channel !== CHANNEL) continue;
    const buttons = message.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    const button = buttons.find((e) => e.type === 'button' && e.text?.text === label);
    if (button) return { message, button };
  }
  throw new Error(`no Slack message with a "${label}" button`);
}

async function slackPress(who: keyof typeof USERS, label: string): Promise<void> {
  const { message, button } = slackButton(label);
  const u = USERS[who];
  const payload = blockActionsPayload({ user: u, message, button, responseUrl: slack.responseUrl() });
  const body = interactionBody(payload);
  expect((await post('/slack/events', body, form(body))).status).toBe(200);
}

/** An Action.Execute on the Teams card's `label` button; resolves with the invoke's answer. */
async function teamsPress(user: TeamsUserFixture, label: string, card?: { verb: string; ref: string }) {
  const version = [...connector.activities]
    .reverse()
    .find((a) => !a.conversationId.startsWith('a:') && (card || hasAction(cardOf(a), label)));
  const action = card ? { verb: card.verb, data: { ref: card.ref } } : findAction(cardOf(version!), label);
  const where = {
    conversationId: version?.conversationId ?? CHANNEL_ID,
    activityId: version?.activityId ?? '1',
  };
  const res = await send(
    '/api/messages',
    invokeActivity(connector.serviceUrl, user, where, { verb: action.verb!, data: action.data ?? {} }),
  );
  expect(res.status).toBe(200);
  await gatehouse.teams!.idle();
  return JSON.stringify((JSON.parse(res.body) as { value: unknown }).value);
}

/** Every access card text both platforms were shown (posts and updates). */
const cardTexts = () => [
  ...slack.calls.filter((c) => c.method.startsWith('chat.')).map((c) => JSON.stringify(c.args)),
  ...connector.activities.map((a) => JSON.stringify(a.activity)),
];

describe('one person, one vote, across Slack and Teams on one Gatehouse', () => {
  it('counts Carol once when she approves on Slack and again on Teams; Erin makes the second vote', async () => {
    await gatehouse.pollers['pmc-access']!.runOnce();
    await expect.poll(() => connector.activities.length).toBeGreaterThan(0);
    await slackPress('carol', 'Approve');
    await expect.poll(() => cardTexts().some((t) => t.includes('1 of 2'))).toBe(true);

    const again = await teamsPress(T.carol, 'Approve');
    expect(again).toMatch(/^"You have already approved this request; it needs 1 more approval/);
    expect(world.pmc.decisions).toHaveLength(0);
    expect(cardTexts().join('\n')).not.toMatch(/Approved by Carol[^"\\]* and Carol/);

    await teamsPress(T.erin, 'Approve');
    await expect.poll(() => world.pmc.decisions.length).toBe(1);
    expect(world.vendorCalls()).toEqual([
      'pmc Approved 3600 by erin@example.com Approved in Gatehouse by Carol Approver and Erin for 1 h',
    ]);
    await expect.poll(() => cardTexts().some((t) => /Approved by Carol[^"\\]* and Erin/.test(t))).toBe(true);
    expect(cardTexts().join('\n')).not.toMatch(/and Carol/);
    expect(world.pmc.decisions).toHaveLength(1);
  });

  it('refuses Alice confirming her own second-approver command from her Teams account', async () => {
    const body = slashCommandBody({
      text: 'rport run web-01 --sudo -- systemctl restart nginx',
      user_id: USERS.alice.id,
      user_name: USERS.alice.name,
      channel_id: CHANNEL,
      response_url: slack.responseUrl(),
      trigger_id: 'trig-1',
    });
    expect((await post('/slack/events', body, form(body))).status).toBe(200);
    await slack.waitFor('chat.postMessage');
    const { button } = slackButton('Run');
    // Alice sees the button on Slack; from Teams she sends the same action, as a Teams client would.
    const verb = button.action_id.split('|')[1]!;
    const refused = await teamsPress(T.alice, 'Run', { verb, ref: String(button.value) });
    expect(refused).toBe(
      '"This command needs a second person: someone else with the approver role must confirm it."',
    );
    expect(world.rport.commandCalls()).toHaveLength(0);

    await slackPress('carol', 'Run');
    await expect.poll(() => world.rport.commandCalls().length).toBe(1);
    expect(world.rport.commandCalls()[0]!.body).toMatchObject({ command: 'systemctl restart nginx' });
  });
});

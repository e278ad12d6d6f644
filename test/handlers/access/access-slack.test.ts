import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import { makeWireAdminAccessRequest } from '../../fakes/pmcloud/seed.ts';
import { type FakePmCloud, startFakePmCloud } from '../../fakes/pmcloud-server.ts';
import { startFakeRport } from '../../fakes/rport-server.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/slack-api-server.ts';
import {
  BOT_TOKEN,
  postedMessage,
  RPORT_TOKEN,
  RPORT_USER,
  type SlackHarness,
  startSlackHarness,
  USERS,
} from '../../helpers/slack-harness.ts';
import { REDIS_URL } from '../../helpers/stores.ts';
import { PMC_ID, PMC_SECRET } from './access-harness.ts';

/** The example policy posts access requests to this channel; Carol is its approver. */
const APPROVALS = 'C0APPROVALS';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** Eve asks for admin rights on her laptop; her UPN is her Slack email, so she can be told the outcome. */
async function startPmCloud(): Promise<FakePmCloud> {
  const fake = await startFakePmCloud({
    clientId: PMC_ID,
    clientSecret: PMC_SECRET,
    seed: [
      makeWireAdminAccessRequest({
        computerName: 'MKT-LT-0210',
        userName: 'CORP\\eve',
        userPrincipalName: USERS.eve.email,
        reason: 'Install the new font pack',
      }),
    ],
  });
  open.push(fake);
  return fake;
}

const pmcEnv = (fake: FakePmCloud) => ({
  PMC_URL: fake.url,
  PMC_CLIENT_ID: PMC_ID,
  PMC_CLIENT_SECRET: PMC_SECRET,
});

const updatesSaying = (slack: FakeSlackApi, text: string) =>
  slack.callsTo('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes(text));

describe('access requests end to end over Slack', () => {
  it('the poller posts the card; 20 approve clicks make one decision; the card and the requester hear it', async () => {
    const fake = await startPmCloud();
    const h: SlackHarness = await startSlackHarness({ env: pmcEnv(fake) });
    open.push(h);
    expect(await h.gatehouse.pollers['pmc-access']!.runOnce()).toBe(true);
    const [post] = await h.slack.waitFor('chat.postMessage');
    expect(post!.args.channel).toBe(APPROVALS);
    const card = JSON.stringify(post!.args.blocks);
    expect(card).toContain('MKT-LT-0210');
    expect(card).toContain('Install the new font pack');
    const message = postedMessage(h.slack, 0);

    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => h.click(message, 'Approve', 'carol')),
    );
    expect(statuses.every((s) => s.status === 200)).toBe(true);
    await h.slack.waitForResponses(19);
    // The winning click updates the card twice: every posted copy, then the clicked one.
    await h.slack.waitFor('chat.update', 2);
    expect(fake.decisions).toEqual([
      expect.objectContaining({
        decision: 'Approved',
        duration: '3600',
        decisionPerformedByUser: USERS.carol.email,
      }),
    ]);
    const final = updatesSaying(h.slack, 'Approved by Carol Approver for 1 h at');
    expect(final.length).toBeGreaterThan(0);
    expect(final.every((c) => c.args.channel === APPROVALS && c.args.ts === message.ts)).toBe(true);
    const dm = await h.slack.waitFor('conversations.open');
    expect(dm[0]!.args.users).toBe(USERS.eve.id);
  });

  it('Deny opens a modal for the reason instead of deciding', async () => {
    const fake = await startPmCloud();
    const h = await startSlackHarness({ env: pmcEnv(fake) });
    open.push(h);
    await h.gatehouse.pollers['pmc-access']!.runOnce();
    await h.slack.waitFor('chat.postMessage');
    await h.click(postedMessage(h.slack, 0), 'Deny', 'carol');
    const [modal] = await h.slack.waitFor('views.open');
    expect(JSON.stringify(modal!.args.view)).toContain('ghtext|reason');
    expect(fake.decisions).toHaveLength(0);
  });

  it('two instances sharing Redis: one round at a time, and the second never posts the first one’s cards', async () => {
    const fake = await startPmCloud();
    const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, users: Object.values(USERS) });
    const rport = await startFakeRport({ user: RPORT_USER, token: RPORT_TOKEN });
    const namespace = `gh-access-e2e-${randomUUID()}`;
    const storeA = createStore(REDIS_URL, { namespace });
    const storeB = createStore(REDIS_URL, { namespace });
    open.push(slack, rport, storeA, storeB);
    const a = await startSlackHarness({ slack, rport, store: storeA, env: pmcEnv(fake) });
    open.push(a);
    const b = await startSlackHarness({ slack, rport, store: storeB, env: pmcEnv(fake) });
    open.push(b);

    expect(await a.gatehouse.pollers['pmc-access']!.runOnce()).toBe(true);
    expect(await b.gatehouse.pollers['pmc-access']!.runOnce()).toBe(false); // A holds the lease
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    // A stops (a restart or a crash): B takes the lease over and posts nothing A already posted.
    await a.gatehouse.pollers['pmc-access']!.stop();
    expect(await b.gatehouse.pollers['pmc-access']!.runOnce()).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    fake.addRequest({ computerName: 'OPS-JUMP-01', userName: 'CORP\\s.varga' });
    await b.gatehouse.pollers['pmc-access']!.runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);

    // A click on A's card, handled by B, updates it.
    await b.click(postedMessage(slack, 0), 'Approve', 'carol');
    await slack.waitFor('chat.update');
    expect(fake.decisions).toHaveLength(1);
  });
});

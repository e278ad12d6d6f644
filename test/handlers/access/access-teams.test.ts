import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cardOf, cardTitle, startTeamsHarness, TEAMS_USERS } from '../../adapters/teams/teams-harness.ts';
import { makeWireAdminAccessRequest } from '../../fakes/pmcloud/seed.ts';
import { startFakePmCloud } from '../../fakes/pmcloud-server.ts';
import { startFakeSlackApi } from '../../fakes/slack-api-server.ts';
import { CHANNEL_ID } from '../../fixtures/teams/activities.ts';
import { BOT_TOKEN, USERS } from '../../helpers/slack-harness.ts';
import { SIGNING_SECRET } from '../../helpers/slack-signing.ts';
import { PMC_ID, PMC_SECRET } from './access-harness.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** The example policy, with the approvals channel on Teams as well as on Slack. */
const policyText = readFileSync('policy.example.yaml', 'utf8').replace(
  /(access:[\s\S]*?\n {4}teams: )\[\]/,
  `$1['${CHANNEL_ID}']`,
);

describe('access requests on Slack and Teams together', () => {
  it('posts to both, refuses a reasonless denial on Teams, and a Teams approval makes both copies final', async () => {
    expect(policyText).toContain(`teams: ['${CHANNEL_ID}']`);
    const fake = await startFakePmCloud({
      clientId: PMC_ID,
      clientSecret: PMC_SECRET,
      seed: [
        makeWireAdminAccessRequest({
          computerName: 'MKT-LT-0210',
          userName: 'CORP\\eve',
          userPrincipalName: TEAMS_USERS.eve.email,
        }),
      ],
    });
    const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, users: Object.values(USERS) });
    open.push(fake, slack);
    const h = await startTeamsHarness({
      policyText,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PMC_URL: fake.url,
        PMC_CLIENT_ID: PMC_ID,
        PMC_CLIENT_SECRET: PMC_SECRET,
      },
    });
    open.push(h);
    await h.install('channel');

    await h.gatehouse.pollers['pmc-access']!.runOnce();
    const [teamsCard] = h.connector.posts(CHANNEL_ID);
    expect(cardTitle(cardOf(teamsCard!))).toBe('⏳ Admin access request');
    expect(slack.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['C0APPROVALS']);

    const refused = await h.click(teamsCard!, 'Deny', 'carol', { reason: '' });
    expect(refused.body.value).toBe(
      'A denial needs a reason, so the requester knows why; nothing was changed.',
    );
    expect(fake.decisions).toHaveLength(0);

    const approved = await h.click(teamsCard!, 'Approve', 'carol', { duration: '14400' });
    await h.idle();
    expect(fake.decisions).toEqual([
      expect.objectContaining({
        decision: 'Approved',
        duration: '14400',
        decisionPerformedByUser: 'carol@example.com',
      }),
    ]);
    expect(cardTitle(approved.body.value as Record<string, unknown>)).toBe('✅ Admin access approved');
    const slackFinal = slack
      .callsTo('chat.update')
      .filter((c) => JSON.stringify(c.args.blocks).includes('Approved by Carol Approver for 4 h at'));
    expect(slackFinal).toHaveLength(1);
  });
});

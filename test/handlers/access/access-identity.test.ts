import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/intents/envelope.ts';
import { makeWireAdminAccessRequest } from '../../fakes/pmcloud/seed.ts';
import { storeBackends } from '../../helpers/stores.ts';
import {
  accessPolicy,
  buttonRef,
  CAROL,
  DAN,
  ERIN,
  postedCard,
  startAccessHarness,
} from './access-harness.ts';
import { finCopies, posted, sentence } from './access-posted.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const [, makeStore] = storeBackends[0]!;

/** Carol on Slack, known by her verified email. */
const slackCarol: Actor = { platform: 'slack', userId: 'U0CAROL', name: 'Carol', email: 'carol@example.com' };
/** Carol again, on Teams, known only by her AAD object id (no UPN), which the policy lists as an approver. */
const teamsCarol: Actor = { platform: 'teams', userId: 'aad-carol', name: 'Carol' };

const withTeamsCarol = (o: { people?: string } = {}) =>
  accessPolicy({ requiredApprovals: 2 })
    .replace('members: [carol@example.com,', 'members: [teams:aad-carol, carol@example.com,')
    .replace('people:\n', `people:\n${o.people ?? ''}`);

describe.each(storeBackends)('one person, one vote (%s)', (_name, makeStore) => {
  it('refuses Carol voting a second time from a Teams account it cannot tie to a person', async () => {
    const { h, ref } = await posted(open, makeStore, { policyText: withTeamsCarol() });
    expect(sentence((await h.click('access.approve', ref, slackCarol)).view)).toMatch(/recorded: 1 of 2/);
    const again = await h.click('access.approve', ref, teamsCarol);
    expect(again.visibility).toBe('private');
    expect(sentence(again.view)).toBe(
      "Gatehouse cannot tell which person Teams user aad-carol is: Teams gave no user principal name for them, and no entry in the policy's people lists teams: aad-carol.",
    );
    expect(h.fake.decisions).toHaveLength(0);
    for (const view of finCopies(h)) expect(JSON.stringify(view)).toContain('1 of 2 approvals (Carol)');
    expect((await h.audit.last(5)).map((e) => e.decision)).toContain('refused');
  });

  it('counts Carol once when the policy says the Teams account is hers', async () => {
    const people = '  carol: { email: carol@example.com, teams: aad-carol }\n';
    const { h, ref } = await posted(open, makeStore, { policyText: withTeamsCarol({ people }) });
    await h.click('access.approve', ref, slackCarol);
    const again = await h.click('access.approve', ref, teamsCarol);
    expect(sentence(again.view)).toMatch(/^You have already approved this request; it needs 1 more approval/);
    expect(h.fake.decisions).toHaveLength(0);
    const erin = await h.click('access.approve', ref, ERIN);
    expect(erin.visibility).toBe('channel');
    for (const view of finCopies(h)) expect(JSON.stringify(view)).toMatch(/Approved by Carol and Erin/);
  });
});

describe('self-approval when PM Cloud gives no UPN', () => {
  /** Dan Reyes asks as CORP\dreyes; his chat email is dan.reyes@example.com. */
  const dreyes = () => [
    makeWireAdminAccessRequest({
      computerName: 'ENG-WS-3001',
      userName: 'CORP\\dreyes',
      userPrincipalName: null,
    }),
  ];

  it('refuses every approver while nothing maps CORP\\dreyes to a person, and says what is missing', async () => {
    const h = await startAccessHarness(makeStore, { seed: dreyes() });
    open.push(h);
    await h.poll();
    const card = postedCard(h, 'ENG-WS-3001');
    const own = await h.click('access.approve', buttonRef(card, 'Approve'), DAN);
    expect(sentence(own.view)).toBe(
      "Gatehouse cannot prove you are not the requester: PM Cloud names the requester only as CORP\\dreyes (no user principal name), and no entry in the policy's people lists that Windows account under windows; list CORP\\dreyes under windows of their entry in the policy's people, or decide it in PM Cloud.",
    );
    await h.click('access.deny', buttonRef(card, 'Deny'), CAROL, { reason: 'no' });
    expect(h.fake.decisions).toHaveLength(0);
  });

  it('refuses Dan and lets Carol decide once the policy maps the Windows account', async () => {
    const policyText = accessPolicy().replace("windows: ['CORP\\dan.reyes']", "windows: ['CORP\\dreyes']");
    const h = await startAccessHarness(makeStore, { seed: dreyes(), policyText });
    open.push(h);
    await h.poll();
    const card = postedCard(h, 'ENG-WS-3001');
    const own = await h.click('access.approve', buttonRef(card, 'Approve'), DAN);
    expect(sentence(own.view)).toMatch(
      /^You cannot decide your own admin access request \(CORP\\dreyes on ENG-WS-3001\)/,
    );
    expect(h.fake.decisions).toHaveLength(0);
    expect((await h.click('access.approve', buttonRef(card, 'Approve'), CAROL)).visibility).toBe('channel');
    expect(h.fake.decisions).toEqual([expect.objectContaining({ decision: 'Approved' })]);
  });
});

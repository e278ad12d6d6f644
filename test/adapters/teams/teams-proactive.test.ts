import { afterEach, describe, expect, it } from 'vitest';
import { createPostedCards } from '../../../src/intents/posted-cards.ts';
import type { View } from '../../../src/views/view.ts';
import { startFakeSlackApi } from '../../fakes/slack-api-server.ts';
import { CHANNEL_ID, personalChatId, TEAM_ID, TENANT_ID } from '../../fixtures/teams/activities.ts';
import { BOT_TOKEN, USERS } from '../../helpers/slack-harness.ts';
import { SIGNING_SECRET } from '../../helpers/slack-signing.ts';
import { cardOf, cardTitle, startTeamsHarness, TEAMS_USERS, type TeamsHarness } from './teams-harness.ts';

const pending: View = {
  title: 'Admin access for bob on WS-042?',
  state: 'pending',
  summary: 'bob asks for admin access',
  fields: [{ label: 'Requested by', value: 'bob@example.com' }],
  actions: [{ label: 'Approve', verb: 'access.approve', ref: 'pa-1', style: 'primary' }],
};
const approved: View = { ...pending, title: 'Approved', state: 'success', actions: [] };

describe('Teams messenger (proactive)', () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('posts into a channel of a team it was added to, and updates that card in place', async () => {
    h = await startTeamsHarness();
    expect((await h.install('channel')).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0); // installing only stores the reference

    const messenger = h.gatehouse.messengers.teams!;
    // A channel of that team the bot never heard from: reached through the team's service URL and tenant.
    const ref = await messenger.post(CHANNEL_ID, pending);
    expect(ref).toMatchObject({ platform: 'teams', channel: CHANNEL_ID });
    const [post] = h.connector.posts(CHANNEL_ID);
    expect(post!.activityId).toBe(ref.id);
    expect(post!.activity).toMatchObject({
      type: 'message',
      conversation: { id: CHANNEL_ID, tenantId: TENANT_ID },
      from: { id: '28:gatehouse-app-id' },
    });
    expect(cardTitle(cardOf(post!))).toBe('⏳ Admin access for bob on WS-042?');

    await messenger.update(ref, approved);
    const [put] = h.connector.updates(ref.id);
    expect(put!.conversationId).toBe(CHANNEL_ID);
    expect(cardTitle(cardOf(put!))).toBe('✅ Approved');
    // The card keeps its subject, and a refresh answers with the decided state.
    const subject = (cardOf(post!).refresh as { action: { data: { subject: string } } }).action.data.subject;
    expect((cardOf(put!).refresh as { action: { data: { subject: string } } }).action.data.subject).toBe(
      subject,
    );

    await messenger.post(TEAM_ID, pending);
    expect(h.connector.posts(TEAM_ID)).toHaveLength(1);
  });

  it('says clearly when it cannot reach a conversation it never saw', async () => {
    h = await startTeamsHarness();
    await expect(h.gatehouse.messengers.teams!.post('19:unknown@thread.tacv2', pending)).rejects.toThrow(
      /no Teams conversation .* on record/,
    );
  });

  it('messages a person directly, opening the 1:1 chat once, and finds people by email', async () => {
    h = await startTeamsHarness();
    const messenger = h.gatehouse.messengers.teams!;
    expect(await messenger.lookupUserByEmail!('bob@example.com')).toBeUndefined();
    await h.message('help', 'bob', 'channel'); // Bob is now known, with his email from the member lookup
    await h.idle();
    const bob = await messenger.lookupUserByEmail!('BOB@example.com');
    expect(bob).toBe(TEAMS_USERS.bob.id);

    const first = await messenger.sendDirect(TEAMS_USERS.bob.aadObjectId, approved);
    const second = await messenger.sendDirect(bob!, approved);
    expect(first?.channel).toBe(`a:dm-${TEAMS_USERS.bob.id}`);
    expect(second?.channel).toBe(first?.channel);
    expect(h.connector.created).toHaveLength(1); // help already opened it; nothing opened twice
    expect(h.connector.posts(first!.channel).length).toBeGreaterThanOrEqual(3);
  });

  it('uses the personal chat a person already has with the bot for direct messages', async () => {
    h = await startTeamsHarness();
    await h.message('help', 'alice', 'personal');
    await h.idle();
    const ref = await h.gatehouse.messengers.teams!.sendDirect(TEAMS_USERS.alice.aadObjectId, approved);
    expect(ref?.channel).toBe(personalChatId(TEAMS_USERS.alice));
    expect(h.connector.created).toHaveLength(0);
  });

  it('finds a person it never heard from in the rosters of its teams, fetching each roster rarely', async () => {
    h = await startTeamsHarness();
    for (let i = 0; i < 600; i++)
      h.connector.members.set(`29:m${i}`, {
        id: `29:m${i}`,
        aadObjectId: `aad-m${i}`,
        name: `M ${i}`,
        // Found by the verified userPrincipalName; the `email` field alone would not do.
        userPrincipalName: `m${i}@example.com`,
      });
    const messenger = h.gatehouse.messengers.teams!;
    expect(await messenger.lookupUserByEmail!('carol@example.com')).toBeUndefined(); // no team yet
    await h.install('channel');
    expect(await messenger.lookupUserByEmail!('carol@example.com')).toBe(TEAMS_USERS.carol.id);
    expect(await messenger.lookupUserByEmail!('m599@example.com')).toBe('29:m599');
    const pages = () => h.connector.requests.filter((r) => r.path.endsWith('/pagedmembers'));
    expect(pages()).toHaveLength(2); // 604 members, 500 a page
    expect(await messenger.lookupUserByEmail!('nobody@example.com')).toBeUndefined();
    expect(pages()).toHaveLength(2); // not fetched again within ten minutes
    // Carol can now be messaged directly, in the team's tenant.
    await messenger.sendDirect(TEAMS_USERS.carol.id, approved);
    expect(h.connector.created.at(-1)).toMatchObject({
      members: [{ id: TEAMS_USERS.carol.id }],
      tenantId: TENANT_ID,
    });
  });

  it('keeps copies on Slack and Teams true together when a decision happens on either', async () => {
    const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, users: Object.values(USERS) });
    try {
      h = await startTeamsHarness({
        env: {
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
        },
      });
      await h.install('channel');
      const g = h.gatehouse;
      const posted = createPostedCards(g.store, g.messengers, h.logs.log);
      const refs = await posted.post(
        'access:4711',
        [
          { platform: 'slack', channel: 'C0APPROVALS' },
          { platform: 'teams', channel: CHANNEL_ID },
        ],
        pending,
      );
      expect(refs.map((r) => r.platform)).toEqual(['slack', 'teams']);
      expect(await posted.updateAll('access:4711', approved)).toBe(2);
      expect(slack.callsTo('chat.update')).toHaveLength(1);
      expect(cardTitle(cardOf(h.connector.updates(refs[1]!.id)[0]!))).toBe('✅ Approved');
    } finally {
      await slack.close();
    }
  });
});

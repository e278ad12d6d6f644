import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { adaptiveCardProblems } from '../../cards/adaptive-parse.ts';
import { CHANNEL_ID, personalChatId, TENANT_ID } from '../../fixtures/teams/activities.ts';
import { cardOf, cardTitle, startTeamsHarness, TEAMS_USERS, type TeamsHarness } from './teams-harness.ts';

const alice = TEAMS_USERS.alice;

describe('POST /api/messages (anonymous, against the fake connector)', () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('answers a personal message with a card in the same chat, using the member lookup for the policy', async () => {
    // Anonymous mode asks Microsoft for no token and no signing keys (these would answer if it did).
    const tokens = nock('https://login.microsoftonline.com').post(/.*/).reply(200, {}).persist();
    const keys = nock('https://login.botframework.com').get(/.*/).reply(200, {}).persist();
    h = await startTeamsHarness();
    const res = await h.message('rport clients');
    expect(res.status).toBe(200);
    await h.idle();
    const lookups = h.connector.requests.filter((r) => r.method === 'GET');
    expect(lookups.map((r) => r.path)).toEqual([
      `/v3/conversations/${encodeURIComponent(personalChatId(alice))}/members/${encodeURIComponent(alice.id)}`,
    ]);
    const [post] = h.connector.posts(personalChatId(alice));
    expect(post).toBeDefined();
    expect(cardTitle(cardOf(post!))).toContain('rport clients');
    expect(JSON.stringify(cardOf(post!))).toContain('fra-web-01');
    expect(h.connector.requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(tokens.isDone()).toBe(false);
    expect(keys.isDone()).toBe(false);
    nock.cleanAll();
    expect(h.logs.text()).toContain('NOT verified');
  });

  it('runs a channel command through the card: Running answer, PUT updates to the result, one command only', async () => {
    h = await startTeamsHarness();
    await h.message('rport run web-01 -- df -h /var', 'alice', 'channel');
    await h.idle();
    const [card] = h.connector.posts();
    expect(card!.conversationId).toMatch(new RegExp(`^${CHANNEL_ID};messageid=`));
    const confirm = cardOf(card!);
    expect(cardTitle(confirm)).toBe('⏳ Run on 1 client?');
    expect(adaptiveCardProblems(confirm)).toEqual([]);
    // Buttons carry the pending action's id and the card's subject, never the command.
    const buttons = JSON.stringify(confirm.actions);
    expect(buttons).not.toContain('df -h');
    expect(h.rport.commandCalls()).toHaveLength(0);

    const answer = await h.click(card!, 'Run');
    expect(answer.status).toBe(200);
    expect(answer.body.statusCode).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTitle(answer.body.value as never)).toBe('🔄 Running');
    await h.idle();
    const updates = h.connector.updates(card!.activityId);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.every((u) => u.conversationId === card!.conversationId)).toBe(true);
    const final = cardOf(updates.at(-1)!);
    expect(cardTitle(final)).toBe('✅ Finished: 1 of 1 successful');
    expect(JSON.stringify(final)).toContain('Confirmed by Alice Admin');
    expect(h.rport.commandCalls()).toHaveLength(1);
    expect(h.rport.commandCalls()[0]!.body).toEqual({
      command: 'df -h /var',
      is_sudo: false,
      timeout_sec: 60,
    });

    // Whoever opens the card later gets its current state from the refresh action.
    const refresh = cardOf(updates.at(-1)!).refresh as { action: { verb: string; data: object } };
    const refreshed = await h.send({
      ...invokeFor(h, card!, refresh.action.verb, refresh.action.data, 'bob'),
    });
    const body = JSON.parse(refreshed.body) as { type: string; value: never };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTitle(body.value)).toBe('✅ Finished: 1 of 1 successful');
    // A refresh needs no member lookup: it only shows the card as it is.
    expect(h.connector.requests.some((r) => r.path.includes(encodeURIComponent(TEAMS_USERS.bob.id)))).toBe(
      false,
    );

    // A second click runs nothing: the person hears who handled it, and the card stays as it is.
    const putsBefore = h.connector.updates().length;
    const again = await h.click(card!, 'Run');
    expect(again.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(again.body.value)).toContain('Already handled by Alice Admin');
    await h.idle();
    expect(h.connector.updates()).toHaveLength(putsBefore);
    expect(h.rport.commandCalls()).toHaveLength(1);
  });

  it('keeps the four-eyes rule: refusals go to the clicker alone, the approver runs it', async () => {
    h = await startTeamsHarness();
    await h.message('rport run web-01 --sudo -- systemctl restart nginx', 'alice', 'channel');
    await h.idle();
    const [card] = h.connector.posts();
    const self = await h.click(card!, 'Run', 'alice');
    expect(self.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(self.body.value)).toContain('needs a second person');
    const outsider = await h.click(card!, 'Run', 'eve');
    expect(String(outsider.body.value)).toContain('Only people with the approver role');
    await h.idle();
    expect(h.connector.updates()).toHaveLength(0);
    expect(h.rport.commandCalls()).toHaveLength(0);

    const approved = await h.click(card!, 'Run', 'carol');
    expect(cardTitle(approved.body.value as never)).toBe('🔄 Running');
    await h.idle();
    expect(h.rport.commandCalls()[0]!.body).toMatchObject({
      command: 'systemctl restart nginx',
      is_sudo: true,
    });
  });

  it('sends a private answer to the 1:1 chat (opening it) and tells the channel only that it did', async () => {
    h = await startTeamsHarness();
    await h.message('help', 'alice', 'channel');
    await h.idle();
    expect(h.connector.created).toHaveLength(1);
    expect(h.connector.created[0]).toMatchObject({
      isGroup: false,
      members: [{ id: alice.id }],
      tenantId: TENANT_ID,
    });
    const direct = h.connector.posts(`a:dm-${alice.id}`);
    expect(direct).toHaveLength(1);
    expect(cardTitle(cardOf(direct[0]!))).toBe('ℹ️ Gatehouse commands');
    const inChannel = h.connector.posts().filter((p) => p.conversationId.startsWith(CHANNEL_ID));
    expect(inChannel).toHaveLength(1);
    const notice = JSON.stringify(cardOf(inChannel[0]!));
    expect(notice).toContain('sent to you privately');
    expect(notice).not.toContain('rport run');

    // The chat is opened once and reused.
    await h.message('rport run web-01 -- shutdown -h now', 'alice', 'channel');
    await h.idle();
    expect(h.connector.created).toHaveLength(1);
    const refusal = h.connector.posts(`a:dm-${alice.id}`).at(-1)!;
    expect(JSON.stringify(cardOf(refusal))).toContain('the policy denies commands matching');
  });

  it('answers bad input and a refused command with one sentence, never a card in the channel', async () => {
    h = await startTeamsHarness();
    await h.message('rprot clients');
    await h.idle();
    expect(JSON.stringify(cardOf(h.connector.posts().at(-1)!))).toContain('Did you mean `rport`?');
    await h.message('rport run web-01 -- uptime', 'eve', 'channel');
    await h.idle();
    const notices = h.connector.posts().filter((p) => p.conversationId.startsWith(CHANNEL_ID));
    expect(notices).toHaveLength(1);
    expect(cardTitle(cardOf(h.connector.posts(`a:dm-${TEAMS_USERS.eve.id}`)[0]!))).toBe('🚫 Not permitted');
  });

  it('drops a resent activity and refuses what is not an activity', async () => {
    h = await startTeamsHarness();
    const { messageActivity } = await import('../../fixtures/teams/activities.ts');
    const activity = messageActivity(h.connector.serviceUrl, alice, 'help');
    expect((await h.send(activity)).status).toBe(200);
    expect((await h.send(activity)).status).toBe(200);
    await h.idle();
    expect(h.connector.posts()).toHaveLength(1);
    expect((await h.post('not json')).status).toBe(400);
    expect((await h.post('{"text":"no type"}')).status).toBe(400);
  });

  it('answers a click that fails inside with a message, not an error page or a stack trace', async () => {
    h = await startTeamsHarness();
    await h.message('rport run web-01 -- uptime');
    await h.idle();
    const [card] = h.connector.posts();
    h.gatehouse.dispatcher.dispatch = async () => {
      throw new Error('database on fire at /srv/app.js:12');
    };
    const answer = await h.click(card!, 'Run');
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.body.value)).toContain('could not handle that click');
    expect(JSON.stringify(answer.body)).not.toContain('/srv/app.js');
  });

  it('answers an unknown card with an error body Teams understands', async () => {
    h = await startTeamsHarness();
    await h.message('help');
    await h.idle();
    const [card] = h.connector.posts();
    const res = await h.send(invokeFor(h, card!, 'card.refresh', { subject: 'never-posted' }, 'alice'));
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 404,
      type: 'application/vnd.microsoft.error',
      value: { code: 'NotFound', message: 'Gatehouse no longer keeps this card.' },
    });
  });
});

describe('POST /api/messages with an app password', () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('refuses requests without a valid Bot Framework token before doing anything', async () => {
    h = await startTeamsHarness({ env: { TEAMS_APP_PASSWORD: 'app-secret-value' } });
    expect((await h.message('help')).status).toBe(401);
    const { messageActivity } = await import('../../fixtures/teams/activities.ts');
    const bogus = await h.send(messageActivity(h.connector.serviceUrl, alice, 'help'), {
      authorization: 'Bearer not.a.token',
    });
    expect(bogus.status).toBe(401);
    expect(h.connector.requests).toHaveLength(0);
    expect(h.logs.text()).not.toContain('app-secret-value');
    expect(h.logs.text()).not.toContain('NOT verified');
  });
});

describe('outbound calls with an app password', () => {
  it('carry a Bot Framework token from the Microsoft identity platform', async () => {
    const tokens = nock('https://login.microsoftonline.com')
      .post(/\/oauth2\/v2\.0\/token/)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'bf-token' });
    const h = await startTeamsHarness({ env: { TEAMS_APP_PASSWORD: 'app-secret-value' } });
    try {
      // A conversation the bot was added to (installs are verified, so this one is put in the store directly).
      await h.gatehouse.store.set(`teams:ref:${CHANNEL_ID}`, {
        channelId: 'msteams',
        serviceUrl: h.connector.serviceUrl,
        bot: { id: '28:gatehouse-app-id', name: 'Gatehouse' },
        conversation: { id: CHANNEL_ID, isGroup: true, conversationType: 'channel', name: '' },
      });
      await h.gatehouse.messengers.teams!.post(CHANNEL_ID, { title: 'Hello', state: 'info', summary: 'hi' });
      expect(tokens.isDone()).toBe(true);
      expect(h.connector.requests.map((r) => r.authorization)).toEqual(['Bearer bf-token']);
    } finally {
      nock.cleanAll();
      await h.close();
    }
  });
});

function invokeFor(
  h: TeamsHarness,
  card: { conversationId: string; activityId: string },
  verb: string,
  data: object,
  user: keyof typeof TEAMS_USERS,
): Record<string, unknown> {
  const u = TEAMS_USERS[user];
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${verb}:${Math.random()}`,
    serviceUrl: h.connector.serviceUrl,
    channelId: 'msteams',
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    conversation: { id: card.conversationId, tenantId: TENANT_ID },
    recipient: { id: '28:gatehouse-app-id', name: 'Gatehouse' },
    replyToId: card.activityId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'automatic' },
  };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaimsIdentity } from 'botframework-connector';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createBotAuthentication } from '../../../adapters/teams/create-bot-authentication.ts';
import { noticeView } from '../../../src/views/view.ts';
import { type FakeBotConnector, startFakeBotConnector } from '../../fakes/bot-connector-server.ts';
import {
  installActivity,
  invokeActivity,
  messageActivity,
  personalChatId,
  TENANT_ID,
} from '../../fixtures/teams/activities.ts';
import { startTestGatehouse } from '../../helpers/test-gatehouse.ts';
import { storeFileText } from './read-store-file.ts';
import { startTeamsHarness, TEAMS_APP_ID, TEAMS_USERS, type TeamsHarness } from './teams-harness.ts';

const { alice, eve } = TEAMS_USERS;
const storeFile = () => join(mkdtempSync(join(tmpdir(), 'gh-teams-trust-')), 'store.sqlite');

describe('Teams refuses to run unverified by accident', () => {
  it.each([
    [{ TEAMS_APP_ID, TEAMS_ALLOWED_TENANTS: TENANT_ID }, /^TEAMS_APP_PASSWORD is missing/],
    [{ TEAMS_APP_ID, TEAMS_APP_PASSWORD: '', TEAMS_ALLOWED_TENANTS: TENANT_ID }, /^TEAMS_APP_PASSWORD/],
    [{ TEAMS_APP_ID, TEAMS_APP_PASSWORD: 'secret-value' }, /^TEAMS_ALLOWED_TENANTS is missing/],
  ])('does not start with %j', async (env, message) => {
    await expect(startTestGatehouse({ env })).rejects.toThrow(message);
  });

  it('refuses in the adapter too, whatever the caller passes', () => {
    const settings = { appId: TEAMS_APP_ID, appType: 'MultiTenant' as const, allowedTenants: [TENANT_ID] };
    expect(() => createBotAuthentication({ ...settings, allowUnauthenticated: false })).toThrow(
      /TEAMS_APP_PASSWORD/,
    );
    expect(() =>
      createBotAuthentication({ ...settings, allowedTenants: [], allowUnauthenticated: true }),
    ).toThrow(/TEAMS_ALLOWED_TENANTS/);
  });

  it('with credentials, hands out Bot Framework clients only for allowed service URLs', async () => {
    const { auth } = createBotAuthentication({
      appId: TEAMS_APP_ID,
      appPassword: 'a-client-secret',
      appType: 'MultiTenant',
      allowedTenants: [TENANT_ID],
      allowUnauthenticated: false,
    });
    const factory = auth.createConnectorFactory(
      new ClaimsIdentity([{ type: 'aud', value: TEAMS_APP_ID }], true),
    );
    await expect(factory.create('https://evil.example/', 'https://api.botframework.com')).rejects.toThrow(
      /not on the allow list/,
    );
    await expect(
      factory.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com'),
    ).resolves.toBeDefined();
  });
});

describe('POST /api/messages: the activity gate', () => {
  let h: TeamsHarness | undefined;
  let attacker: FakeBotConnector | undefined;
  let path = '';
  afterEach(async () => {
    await h?.close();
    await attacker?.close();
    h = undefined;
    attacker = undefined;
  });

  async function start() {
    path = storeFile();
    h = await startTeamsHarness({ env: { STORE_URL: `sqlite://${path}` } });
    // The attacker's own "connector": it would vouch that Eve is Carol, the approver.
    attacker = await startFakeBotConnector({
      members: [{ ...eve, email: 'carol@example.com', userPrincipalName: 'carol@example.com' }],
    });
    return { h, attacker };
  }

  it('says it is unverified at every start and in /healthz', async () => {
    const { h } = await start();
    expect(
      h.logs.lines.some((l) => l.includes('"level":40') && l.includes('TEAMS_ALLOW_UNAUTHENTICATED')),
    ).toBe(true);
    const health = await request(`${h.url}/healthz`);
    expect(await health.body.json()).toEqual({ status: 'ok', warnings: ['teams unauthenticated'] });
  });

  it('answers 403 to an activity naming another service URL: no call there, nothing stored', async () => {
    const { h, attacker } = await start();
    const forged = [
      messageActivity(attacker.serviceUrl, eve, 'rport clients'),
      messageActivity(attacker.serviceUrl, eve, 'rport run web-01 -- uptime', 'channel'),
      installActivity(attacker.serviceUrl, 'channel', eve),
      invokeActivity(
        attacker.serviceUrl,
        eve,
        { conversationId: personalChatId(eve), activityId: 'act-1' },
        { verb: 'rport.confirm', data: { ref: 'x' } },
      ),
    ];
    for (const activity of forged) expect((await h.send(activity)).status).toBe(403);
    await h.idle();
    expect(attacker.requests).toEqual([]);
    expect(h.connector.requests).toEqual([]);
    expect(h.rport.commandCalls()).toHaveLength(0);
    const stored = await storeFileText(path);
    expect(stored).not.toContain(new URL(attacker.serviceUrl).host);
    expect(stored).not.toContain(personalChatId(eve));
    expect(stored).not.toContain('teams:ref:');
  });

  it('answers 403 to another tenant, a tenant-less activity and another channel, and changes nothing', async () => {
    const { h } = await start();
    const base = messageActivity(h.connector.serviceUrl, alice, 'rport clients');
    const conversation = base.conversation as Record<string, unknown>;
    const refused: Array<Record<string, unknown>> = [
      {
        ...base,
        channelData: { tenant: { id: 'evil-tenant' } },
        conversation: { ...conversation, tenantId: 'evil-tenant' },
      },
      { ...base, channelData: { tenant: { id: 'evil-tenant' } } },
      { ...base, conversation: { ...conversation, tenantId: 'evil-tenant' } },
      { ...base, channelData: {}, conversation: { ...conversation, tenantId: undefined } },
      { ...base, channelId: 'webchat' },
      { ...base, channelId: 'directline' },
    ];
    for (const activity of refused) expect((await h.send(activity)).status).toBe(403);
    await h.idle();
    expect(h.connector.requests).toEqual([]);
    expect(await storeFileText(path)).not.toContain('teams:');
    // The same message from the served tenant is answered.
    expect((await h.send(base)).status).toBe(200);
    await h.idle();
    expect(h.connector.posts(personalChatId(alice))).toHaveLength(1);
  });

  it('refuses outbound calls for a stored reference that names another service URL', async () => {
    const { h, attacker } = await start();
    const store = h.gatehouse.store;
    const conversationId = '19:poisoned@thread.tacv2';
    await store.set(`teams:ref:${conversationId}`, {
      channelId: 'msteams',
      serviceUrl: attacker.serviceUrl,
      bot: { id: '28:gatehouse-app-id', name: 'Gatehouse' },
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', tenantId: TENANT_ID },
    });
    const messenger = h.gatehouse.messengers.teams!;
    await expect(messenger.post(conversationId, noticeView('Alert', 'disk full'))).rejects.toThrow(
      /allow list/,
    );
    await store.set('teams:person:aad-victim', {
      id: '29:victim',
      aadObjectId: 'aad-victim',
      name: 'Victim',
      serviceUrl: attacker.serviceUrl,
    });
    await store.set('teams:service', {
      serviceUrl: h.connector.serviceUrl,
      bot: { id: '28:gatehouse-app-id', name: 'Gatehouse' },
      tenantId: TENANT_ID,
    });
    await expect(messenger.sendDirect('aad-victim', noticeView('Key', 'secret'))).rejects.toThrow(
      /allow list/,
    );
    expect(attacker.requests).toEqual([]);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitedError, VendorError } from '../../../src/errors.ts';
import { hasFullCommandAccess, RemoteSupportError } from '../../../src/vendors/remote-support/index.ts';
import { type RemoteSupportRig, rejectionOf, setupRemoteSupport } from './setup-remote-support.ts';

let rig: RemoteSupportRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const NAMESPACES = [
  ['bomgar.com', 'http://www.bomgar.com/namespaces/API/command'],
  ['beyondtrust.com', 'https://www.beyondtrust.com/namespaces/API/command'],
  ['the site’s own host', 'https://support.example.com/namespaces/API/command'],
];

describe.each(NAMESPACES)('answers in the %s namespace', (_name, namespace) => {
  it('parse into the same records', async () => {
    rig = await setupRemoteSupport({ namespace });
    const { client, fake } = rig;
    const reps = await client.getLoggedInReps();
    const teams = await client.getSupportTeams();
    const health = await client.checkHealth();
    const info = await client.getApiInfo();
    expect(reps.map((r) => r.id)).toEqual(fake.seed.reps.map((r) => r.id));
    expect(teams.map((t) => t.name)).toEqual(fake.seed.teams.map((t) => t.name));
    expect(health.map((a) => a.hostname)).toEqual([fake.seed.appliances[0]!.hostname]);
    expect(info.companyName).toBe(fake.seed.apiInfo.companyName);
  });
});

describe('Remote Support client reads', () => {
  it('maps logged-in reps, keeping unknown elements in extra', async () => {
    rig = await setupRemoteSupport();
    const reps = await rig.client.getLoggedInReps();
    const seeded = rig.fake.seed.reps;
    expect(reps).toHaveLength(seeded.length);
    for (const [i, rep] of reps.entries()) {
      const s = seeded[i]!;
      expect(rep).toMatchObject({
        id: s.id,
        publicDisplayName: s.publicDisplayName,
        privateDisplayName: s.privateDisplayName,
        type: s.type,
        loggedInSince: new Date(s.loggedInSince * 1000).toISOString(),
        supportSessionCount: s.supportSessionCount,
        showingOnRepList: s.showingOnRepList,
      });
      expect(rep.extra.direct_link).toMatch(new RegExp(`^<a href="https://[^"]+id=${s.id}&name=`));
    }
  });

  it('maps support teams with their issues, and members when asked', async () => {
    rig = await setupRemoteSupport();
    const teams = await rig.client.getSupportTeams();
    const security = teams.find((t) => t.codeName === 'security');
    const seeded = rig.fake.seed.teams.find((t) => t.codeName === 'security')!;
    expect(security?.issues).toEqual(
      seeded.issues.map((i) => ({ id: i.id, codeName: i.codeName, name: i.description, extra: {} })),
    );
    expect(teams.find((t) => t.codeName === 'helpdesk')?.issues?.map((i) => i.name)).toContain(
      'Printer & scanner problems',
    );
    expect(security?.members).toBeUndefined();
    const withMembers = await rig.client.getSupportTeams({ showMembers: true });
    expect(rig.fake.commandCalls.at(-1)?.params).toEqual({ showmembers: '1' });
    expect(withMembers.find((t) => t.codeName === 'security')?.members?.map((m) => m.id)).toEqual(
      seeded.memberIds,
    );
  });

  it('reads the real check_health layout: the hostname in <appliance>, the rest beside it', async () => {
    rig = await setupRemoteSupport();
    const [primary] = rig.fake.seed.appliances;
    const health = await rig.client.checkHealth();
    expect(health).toEqual([
      {
        id: primary!.id,
        hostname: 'rs-a.example.com',
        version: primary!.version,
        success: true,
        failoverRole: 'primary',
        enabledSharedIps: primary!.enabledSharedIps,
        lastDataSyncTime: new Date(primary!.lastDataSyncTime! * 1000).toISOString(),
        lastDataSyncStatus: 'Success',
        extra: {},
      },
    ]);
    rig.fake.setHealth([{ ...primary!, success: false, errorMessage: 'Data sync failed: peer unreachable' }]);
    const after = await rig.client.checkHealth();
    expect(after[0]).toMatchObject({ success: false, errorMessage: 'Data sync failed: peer unreachable' });
  });

  it('leaves a missing version, failover role or sync field unknown instead of failing', async () => {
    rig = await setupRemoteSupport();
    const { id, hostname } = rig.fake.seed.appliances[0]!;
    rig.fake.setHealth([{ id, hostname, success: true, enabledSharedIps: [] }]);
    const [a] = await rig.client.checkHealth();
    expect(a).toEqual({ id, hostname, success: true, enabledSharedIps: [], extra: {} });
  });

  it('still reads the nested layout, one record per <appliance>', async () => {
    rig = await setupRemoteSupport({ healthLayout: 'nested' });
    const health = await rig.client.checkHealth();
    expect(health.map((a) => [a.hostname, a.failoverRole, a.success])).toEqual([
      ['rs-a.example.com', 'primary', true],
      ['rs-b.example.com', 'backup', true],
    ]);
    expect(health[1]?.enabledSharedIps).toEqual([]);
  });

  it('reads API info and tells whether the account has full command access', async () => {
    rig = await setupRemoteSupport();
    const info = await rig.client.getApiInfo();
    expect(info.apiVersion).toBe(rig.fake.seed.apiInfo.apiVersion);
    expect(info.permissions).toEqual(rig.fake.seed.apiInfo.permissions);
    expect(Math.abs(Date.parse(info.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(hasFullCommandAccess(info)).toBe(true);
    rig.fake.setPermissions({ perm_command: 'read_only' });
    expect(hasFullCommandAccess(await rig.client.getApiInfo())).toBe(false);
  });
});

describe('errors from the appliance', () => {
  it.each(['inside', 'top'] as const)(
    'an <error> placed %s becomes a RemoteSupportError with its text',
    async (placement) => {
      rig = await setupRemoteSupport();
      rig.fake.setErrorPlacement(placement);
      rig.fake.failNext({
        action: 'get_logged_in_reps',
        error: 'The representative list is temporarily unavailable.',
      });
      const err = await rejectionOf(rig.client.getLoggedInReps());
      expect(err).toBeInstanceOf(RemoteSupportError);
      expect(err.message).toContain('The representative list is temporarily unavailable.');
      expect((err as RemoteSupportError).applianceMessage).toBe(
        'The representative list is temporarily unavailable.',
      );
    },
  );

  it('says the API account needs full command access when the appliance refuses a command', async () => {
    rig = await setupRemoteSupport();
    rig.fake.setPermissions({ perm_command: 'read_only' });
    const err = await rejectionOf(rig.client.generateSessionKey({ queue: 'general' }));
    expect(err.message).toMatch(/needs full access to the command API/);
    expect((err as RemoteSupportError).code).toBe('not_permitted');
    expect(rig.fake.keysIssued).toHaveLength(0);
  });

  it('says the same on HTTP 403', async () => {
    rig = await setupRemoteSupport();
    rig.fake.failNext({ status: 403, body: '' });
    const err = await rejectionOf(rig.client.getSupportTeams());
    expect(err.message).toMatch(/\(403\): the API account needs full access to the command API/);
    expect((err as RemoteSupportError).status).toBe(403);
  });

  it('refuses a DOCTYPE and a billion-laughs answer from the appliance', async () => {
    rig = await setupRemoteSupport();
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
      '',
    );
    rig.fake.failNext({
      body: `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">${lol}]><logged_in_reps>&lol9;</logged_in_reps>`,
    });
    rig.fake.failNext({ body: '<!DOCTYPE api_info SYSTEM "http://evil.example/x.dtd"><api_info/>' });
    expect((await rejectionOf(rig.client.getLoggedInReps())).message).toContain('DOCTYPE or entities');
    expect((await rejectionOf(rig.client.getApiInfo())).message).toContain('DOCTYPE or entities');
  });

  it('names a missing required element', async () => {
    rig = await setupRemoteSupport();
    rig.fake.failNext({
      body: '<logged_in_reps xmlns="urn:x"><rep id="9"><public_display_name>Zed</public_display_name></rep></logged_in_reps>',
    });
    expect((await rejectionOf(rig.client.getLoggedInReps())).message).toContain(
      '<type> of <rep id="9"> is missing',
    );
  });

  it('maps 5xx and 429', async () => {
    rig = await setupRemoteSupport();
    rig.fake.failNext({ status: 503, body: '<html>down</html>' });
    const down = await rejectionOf(rig.client.checkHealth());
    expect(down.message).toMatch(/^Remote Support could not report the appliances’ health \(HTTP 503\)/);
    rig.fake.failNext({ status: 429, body: '', headers: { 'retry-after': '7' } });
    const slow = await rejectionOf(rig.client.checkHealth());
    expect(slow).toBeInstanceOf(RateLimitedError);
    expect((slow as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('says when the appliance cannot be reached', async () => {
    rig = await setupRemoteSupport();
    const url = rig.fake.url;
    await rig.fake.close();
    const other = await setupRemoteSupport({}, { baseUrl: url });
    const err = await rejectionOf(other.client.getApiInfo());
    await other.close();
    expect(err).toBeInstanceOf(VendorError);
    expect(err.message).toMatch(/^Could not reach Remote Support at 127\.0\.0\.1/);
  });
});

describe('OAuth', () => {
  it('uses one token for 100 calls', async () => {
    rig = await setupRemoteSupport();
    await Promise.all(Array.from({ length: 50 }, () => rig!.client.getApiInfo()));
    for (let i = 0; i < 50; i += 1) await rig.client.checkHealth();
    expect(rig.fake.commandCalls.filter((c) => c.authorized)).toHaveLength(100);
    expect(rig.fake.tokenRequests).toHaveLength(1);
    expect(rig.client.tokenFetches).toBe(1);
  });

  it('fetches a new token once when the appliance rejects the cached one', async () => {
    rig = await setupRemoteSupport();
    await rig.client.getApiInfo();
    rig.fake.revokeTokens();
    await rig.client.getApiInfo();
    expect(rig.fake.tokenRequests.map((t) => t.ok)).toEqual([true, true]);
  });

  it('gives up after a second 401', async () => {
    rig = await setupRemoteSupport();
    rig.fake.failNext({ status: 401, error: 'Invalid token.' });
    rig.fake.failNext({ status: 401, error: 'Invalid token.' });
    const err = await rejectionOf(rig.client.getApiInfo());
    expect(err.message).toMatch(/refused a freshly issued API token \(401\)/);
    expect(rig.fake.tokenRequests).toHaveLength(2);
  });

  it('says which settings to check when the credentials are wrong', async () => {
    rig = await setupRemoteSupport({}, { clientSecret: 'wrong' });
    const err = await rejectionOf(rig.client.getLoggedInReps());
    expect(err.message).toBe(
      'Remote Support refused the API credentials: check RS_CLIENT_ID and RS_CLIENT_SECRET.',
    );
    expect(err.message).not.toContain('wrong');
    expect(rig.fake.commandCalls).toHaveLength(0);
    rig.fake.failNextToken(400, { error: 'invalid_request', message: 'Bad request.' });
    expect((await rejectionOf(rig.client.getApiInfo())).message).toMatch(
      /^Remote Support refused the API credentials/,
    );
  });
});

describe('one connection per call', () => {
  it('sends Connection: close on every call, and each connection carries one call', async () => {
    rig = await setupRemoteSupport();
    const { client, fake } = rig;
    await client.getLoggedInReps();
    await client.getSupportTeams();
    await client.checkHealth();
    await client.getApiInfo();
    await client.generateSessionKey({ queue: 'general' });
    await Promise.all([client.getApiInfo(), client.checkHealth(), client.getLoggedInReps()]);
    expect(fake.commandCalls).toHaveLength(8);
    expect(fake.commandCalls.every((c) => c.connection === 'close' && c.authorized)).toBe(true);
    expect(fake.tokenRequests.map((t) => t.connection)).toEqual(['close']);
    expect(fake.connections.opened).toBe(fake.commandCalls.length + fake.tokenRequests.length);
    for (let i = 0; fake.connections.open > 0 && i < 100; i += 1) await sleep(10);
    expect(fake.connections.open).toBe(0);
  });

  it('the fake refuses a call that would keep its connection open', async () => {
    rig = await setupRemoteSupport();
    const token = await rig.client
      .getApiInfo()
      .then(() => rig!.store.get<{ token: string }>('token:rs:gatehouse-api'));
    const res = await request(`${rig.fake.url}/api/command?action=get_api_info`, {
      headers: { authorization: `Bearer ${token?.token}` },
    });
    const body = await res.body.text();
    expect(res.statusCode).toBe(400);
    expect(res.headers.connection).toBe('close');
    expect(body).toContain('<error>Close the connection after each API call');
    expect(rig.fake.commandCalls.at(-1)).toMatchObject({ connection: 'keep-alive', authorized: false });
  });
});

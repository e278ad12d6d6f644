import { afterEach, describe, expect, it } from 'vitest';
import { checkPasswordSafe } from '../../handlers/doctor/check-password-safe.ts';
import { checkPmCloud } from '../../handlers/doctor/check-pmcloud.ts';
import { checkRemoteSupport } from '../../handlers/doctor/check-remote-support.ts';
import { checkRport } from '../../handlers/doctor/check-rport.ts';
import { formatDoctorLine } from '../../handlers/doctor/doctor-line.ts';
import type { Store } from '../../src/store/store.ts';
import { createPasswordSafeClient } from '../../src/vendors/password-safe/index.ts';
import { createPmCloudClient } from '../../src/vendors/pmcloud/index.ts';
import { createRemoteSupportClient } from '../../src/vendors/remote-support/index.ts';
import { createRportClient } from '../../src/vendors/rport/index.ts';
import { startFakePasswordSafe } from '../fakes/password-safe-server.ts';
import { startFakePmCloud } from '../fakes/pmcloud-server.ts';
import { startFakeRemoteSupport } from '../fakes/remote-support-server.ts';
import { startFakeRport } from '../fakes/rport-server.ts';
import { storeBackends } from '../helpers/stores.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
function store(): Store {
  const s = storeBackends[0]![1]();
  closers.push(() => s.close());
  return s;
}
const text = (lines: Parameters<typeof formatDoctorLine>[0][]) => lines.map(formatDoctorLine);

describe('doctor: PM Cloud', () => {
  async function pmc(secret = 'pmc-secret', fakeOptions = {}, decisionPath?: string) {
    const fake = await startFakePmCloud({ clientId: 'pmc-id', clientSecret: 'pmc-secret', ...fakeOptions });
    closers.push(() => fake.close());
    return {
      fake,
      client: createPmCloudClient({
        baseUrl: fake.url,
        clientId: 'pmc-id',
        clientSecret: secret,
        store: store(),
        ...(decisionPath ? { decisionPath } : {}),
      }),
    };
  }

  it('passes token, list, read back and decision path, deciding nothing', async () => {
    const { fake, client } = await pmc();
    const lines = text(await checkPmCloud(client));
    expect(lines).toEqual([
      '✓ PM Cloud · token: issued for PMC_CLIENT_ID',
      expect.stringMatching(/^✓ PM Cloud · list: \d+ admin access requests read, page by page$/),
      expect.stringMatching(/^✓ PM Cloud · read back: request [0-9a-f-]{36} read by id$/),
      '✓ PM Cloud · decision path: POST /management-api/v3/AdminAccessRequest/decision exists (nothing was decided)',
    ]);
    expect(fake.decisions).toEqual([]);
    expect(fake.calls.some((c) => c.method === 'POST' && c.path.includes('AdminAccessRequest'))).toBe(false);
  });

  it('a wrong secret stops at the token, saying which variables to check', async () => {
    const { client } = await pmc('wrong');
    expect(text(await checkPmCloud(client))).toEqual([
      '✗ PM Cloud · token: PM Cloud refused the API credentials: check PMC_CLIENT_ID and PMC_CLIENT_SECRET.',
    ]);
  });

  it('a decision path the tenant does not have (404) says to set PMC_DECISION_PATH', async () => {
    const { client } = await pmc('pmc-secret', {}, '/AdminAccessRequest/Decisions/Update');
    const lines = text(await checkPmCloud(client));
    expect(lines[3]).toBe(
      "✗ PM Cloud · decision path: POST /management-api/v3/AdminAccessRequest/Decisions/Update does not exist (404): set PMC_DECISION_PATH to the POST that updates an admin access request decision in the tenant's API definition (https://<tenant>-services…/management-api/swagger).",
    );
  });

  it('a path that exists but takes no POST is a failure too', async () => {
    const { client } = await pmc('pmc-secret', {}, '/AdminAccessRequest/{requestId}');
    expect(text(await checkPmCloud(client))[3]).toMatch(
      /^✗ PM Cloud · decision path: \/management-api\/v3\/AdminAccessRequest\/0{8}-.* takes GET, not POST: set PMC_DECISION_PATH/,
    );
  });
});

describe('doctor: Remote Support', () => {
  async function rs(secret = 'rs-secret') {
    const fake = await startFakeRemoteSupport({ clientId: 'rs-id', clientSecret: 'rs-secret' });
    closers.push(() => fake.close());
    const client = createRemoteSupportClient({
      baseUrl: fake.url,
      clientId: 'rs-id',
      clientSecret: secret,
      store: store(),
    });
    return { fake, client };
  }

  it('passes token, full command access, check_health and token use', async () => {
    const { client } = await rs();
    expect(text(await checkRemoteSupport(client))).toEqual([
      '✓ Remote Support · token and API info: token issued; API 1.24.1 for Example Corp',
      '✓ Remote Support · command access: perm_command is full_access (session keys can be generated)',
      '✓ Remote Support · check_health: parses: rs-a.example.com healthy, version 24.3.1 (build 41725), role primary',
      expect.stringMatching(
        /^✓ Remote Support · tokens: 1 token fetched for these checks; .* far from the 30/,
      ),
    ]);
  });

  it('a read-only API account is a failure naming the setting', async () => {
    const { fake, client } = await rs();
    fake.setPermissions({ perm_command: 'read_only' });
    expect(text(await checkRemoteSupport(client))[1]).toBe(
      '✗ Remote Support · command access: the API account is not full_access (perm_command): session keys need it; in /login → Management → API Configuration set the account’s Command API to Full Access.',
    );
  });

  it('a wrong secret stops at the token', async () => {
    const { client } = await rs('nope');
    const lines = text(await checkRemoteSupport(client));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ Remote Support · token and API info: .*RS_CLIENT_SECRET/);
  });
});

describe('doctor: Password Safe', () => {
  async function ps(apiKey: string) {
    const fake = await startFakePasswordSafe({
      apiKey: 'ps-key-0123456789',
      runAs: 'gatehouse-api',
      seed: true,
    });
    closers.push(() => fake.close());
    return { fake, client: createPasswordSafeClient({ baseUrl: fake.url, apiKey, runAs: 'gatehouse-api' }) };
  }

  it('signs in, reads Sessions and UserGroups, signs out', async () => {
    const { fake, client } = await ps('ps-key-0123456789');
    expect(text(await checkPasswordSafe(client))).toEqual([
      '✓ Password Safe · sign in and read Sessions: signed in as PS_RUNAS; 2 sessions in progress',
      '✓ Password Safe · read UserGroups: the run-as user can read user groups',
      '✓ Password Safe · sign out: signed out',
    ]);
    expect(fake.signOuts).toBe(1);
    expect(fake.liveSessions).toBe(0);
  });

  it('a wrong key fails at sign-in with what to check', async () => {
    const { client } = await ps('wrong-key');
    const lines = text(await checkPasswordSafe(client));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ Password Safe · sign in and read Sessions: .*PS_API_KEY/);
  });
});

describe('doctor: rport', () => {
  async function rport(o: { scope?: 'read' | 'read+write'; plus?: boolean; token?: string } = {}) {
    const token = 'k3Xa9QzT_6f0c2d4e-8b1a-4c7d-9e2f-3a5b7c9d1e0f';
    const fake = await startFakeRport({
      user: 'gatehouse',
      token,
      ...(o.scope ? { scope: o.scope } : {}),
      ...(o.plus === false ? { plus: false } : {}),
    });
    closers.push(() => fake.close());
    return createRportClient({ baseUrl: fake.url, user: 'gatehouse', token: o.token ?? token });
  }

  it('passes token, clients, commands and alerting', async () => {
    expect(text(await checkRport(await rport()))).toEqual([
      '✓ rport · token: authenticates as gatehouse (Administrators)',
      expect.stringMatching(/^✓ rport · clients: \d+ visible, paged with page\[limit\]\/page\[offset\]$/),
      '✓ rport · commands: the token’s scope is read+write: commands are allowed',
      '✓ rport · alerting: Rport Plus alerting answers: rport problems become alerts',
    ]);
  });

  it('a read-only token is a failure saying which token to create', async () => {
    expect(text(await checkRport(await rport({ scope: 'read' })))[2]).toBe(
      '✗ rport · commands: RPORT_TOKEN has scope read, so rport refuses every command: create a token with scope read+write (POST /api/v1/me/tokens) and set RPORT_TOKEN.',
    );
  });

  it('no Rport Plus is a failure with the one clear line', async () => {
    expect(text(await checkRport(await rport({ plus: false })))[3]).toBe(
      '✗ rport · alerting: rport alerting needs Rport Plus; rport problems will not become alerts: enable the Plus plug-in in rportd, or ignore this if you want no rport alerts.',
    );
  });

  it('a wrong token stops at the first check', async () => {
    const lines = text(await checkRport(await rport({ token: 'k3Xa9QzT_wrong' })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ rport · token: .*RPORT_/);
  });
});

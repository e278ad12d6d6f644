import { afterEach, describe, expect, it } from 'vitest';
import { composeHandlerDeps } from '../../adapters/compose-handlers.ts';
import { probeVendors } from '../../handlers/health/probe-vendors.ts';
import { createIntents } from '../../handlers/index.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createDispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import type { Store } from '../../src/store/store.ts';
import { createVendors } from '../../src/vendors/create-vendors.ts';
import { type FakePasswordSafe, startFakePasswordSafe } from '../fakes/password-safe-server.ts';
import { type FakePmCloud, startFakePmCloud } from '../fakes/pmcloud-server.ts';
import { type FakeRemoteSupport, startFakeRemoteSupport } from '../fakes/remote-support-server.ts';
import { type FakeRport, startFakeRport } from '../fakes/rport-server.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { storeBackends } from '../helpers/stores.ts';
import { examplePolicy } from './remote-support/rs-dispatch.ts';

const CAROL: Actor = { platform: 'console', userId: 'carol', name: 'Carol' };
const DAVE: Actor = { platform: 'console', userId: 'dave', name: 'Dave' };
const OK_LINE = (system: string) => new RegExp(`^✅ ${system}: ok \\(\\d+ ms\\)`);

interface Fakes {
  rport: FakeRport;
  pmc: FakePmCloud;
  ps: FakePasswordSafe;
  rs: FakeRemoteSupport;
}

let fakes: Fakes;
let stores: Store[] = [];

afterEach(async () => {
  await Promise.all([fakes.rport.close(), fakes.pmc.close(), fakes.ps.close(), fakes.rs.close()]);
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

async function startFakes(): Promise<Fakes> {
  fakes = {
    rport: await startFakeRport({
      user: 'gatehouse',
      token: 'abcd1234_0b9e2f55-4a1c-4c55-9d4e-1f0e0c9a7b31',
    }),
    pmc: await startFakePmCloud({ clientId: 'pmc-id', clientSecret: 'pmc-secret' }),
    ps: await startFakePasswordSafe({ apiKey: 'ps-key-0123456789', runAs: 'gatehouse-api', seed: true }),
    rs: await startFakeRemoteSupport({ clientId: 'rs-id', clientSecret: 'rs-secret' }),
  };
  return fakes;
}

/** The environment that configures the given vendors against the fakes. */
function envFor(f: Fakes, systems: Array<'rport' | 'pmc' | 'ps' | 'rs'>): Record<string, string> {
  const all: Record<(typeof systems)[number], Record<string, string>> = {
    rport: {
      RPORT_URL: f.rport.url,
      RPORT_USER: 'gatehouse',
      RPORT_TOKEN: 'abcd1234_0b9e2f55-4a1c-4c55-9d4e-1f0e0c9a7b31',
    },
    pmc: { PMC_URL: f.pmc.url, PMC_CLIENT_ID: 'pmc-id', PMC_CLIENT_SECRET: 'pmc-secret' },
    ps: { PS_URL: f.ps.url, PS_API_KEY: 'ps-key-0123456789', PS_RUNAS: 'gatehouse-api' },
    rs: { RS_URL: f.rs.url, RS_CLIENT_ID: 'rs-id', RS_CLIENT_SECRET: 'rs-secret' },
  };
  return Object.assign({}, ...systems.map((s) => all[s]));
}

/** `health` through the real dispatcher, with exactly the vendors the environment configures. */
async function health(env: Record<string, string>, actor: Actor = CAROL) {
  const store = storeBackends[0]![1]();
  stores.push(store);
  const { log } = captureLogs();
  const { vendors, configured } = createVendors(loadConfig(env), { store, log });
  const policy = createPolicyEngine(parsePolicy(examplePolicy()));
  const now = () => new Date();
  const deps = composeHandlerDeps({ vendors, store, policy, messengers: {}, log, now });
  const dispatcher = createDispatcher({
    intents: createIntents(deps),
    policy,
    audit: deps.audit,
    log,
    messengers: {},
    configured,
    now,
  });
  const result = await dispatcher.handleText('health', {
    actor,
    conversation: { platform: 'console', id: 'c' },
  });
  const lists = (result.view.blocks ?? []).flatMap((b) => (b.type === 'list' ? [b.items] : []));
  return { result, vendorLines: lists[0] ?? [], applianceLines: lists[1] ?? [] };
}

describe('health', () => {
  it('reports every configured vendor and each Remote Support appliance in one card', async () => {
    const f = await startFakes();
    const { result, vendorLines, applianceLines } = await health(envFor(f, ['rport', 'pmc', 'ps', 'rs']));
    expect(result.view.state).toBe('success');
    expect(result.view.summary).toBe('All 4 configured systems answer.');
    expect(vendorLines).toHaveLength(4);
    for (const [i, system] of ['rport', 'PM Cloud', 'Password Safe', 'Remote Support'].entries()) {
      expect(vendorLines[i]).toMatch(OK_LINE(system));
    }
    expect(applianceLines).toEqual([
      expect.stringMatching(
        /^✅ appliance rs-a\.example\.com: role primary, version 24\.3\.1 \(build 41725\), last data sync (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC \(Success\)$/,
      ),
    ]);
    expect(f.rport.calls.some((c) => c.path === '/clients' && c.query['page[limit]'] === '1')).toBe(true);
  });

  it('states a failing vendor and a failing appliance plainly, and still reports the rest', async () => {
    const f = await startFakes();
    f.pmc.failNext(500);
    const [primary] = f.rs.seed.appliances;
    f.rs.setHealth([
      {
        ...primary!,
        success: false,
        errorMessage: 'Data sync failed: backup unreachable',
        lastDataSyncStatus: 'Failed',
      },
    ]);
    const { result, vendorLines, applianceLines } = await health(envFor(f, ['rport', 'pmc', 'ps', 'rs']));
    expect(result.view.state).toBe('warning');
    expect(result.view.summary).toBe('2 problems: PM Cloud, appliance rs-a.example.com.');
    expect(vendorLines[0]).toMatch(OK_LINE('rport'));
    expect(vendorLines[1]).toMatch(/^❌ PM Cloud: PM Cloud failed \(HTTP 500\)/);
    expect(vendorLines[1]).not.toContain('ms)');
    expect(vendorLines[2]).toMatch(OK_LINE('Password Safe'));
    expect(vendorLines[3]).toMatch(OK_LINE('Remote Support'));
    expect(applianceLines).toEqual([
      expect.stringMatching(
        /^❌ appliance rs-a\.example\.com: Data sync failed: backup unreachable — role primary/,
      ),
    ]);
  });

  it('shows what an appliance leaves out as unknown', async () => {
    const f = await startFakes();
    const { id, hostname } = f.rs.seed.appliances[0]!;
    f.rs.setHealth([{ id, hostname, success: true, enabledSharedIps: [] }]);
    const { result, applianceLines } = await health(envFor(f, ['rs']));
    expect(result.view.state).toBe('success');
    expect(applianceLines).toEqual([
      '✅ appliance rs-a.example.com: role unknown, version unknown, no data sync reported',
    ]);
  });

  it('shows that rport alerting needs Rport Plus, and rport still answers', async () => {
    const f = await startFakes();
    await f.rport.close();
    f.rport = await startFakeRport({
      user: 'gatehouse',
      token: 'abcd1234_0b9e2f55-4a1c-4c55-9d4e-1f0e0c9a7b31',
      plus: false,
    });
    const { result, vendorLines } = await health(envFor(f, ['rport']));
    expect(result.view.state).toBe('success');
    expect(vendorLines[0]).toMatch(
      /^✅ rport: ok \(\d+ ms\) — \d+ clients; rport alerting needs Rport Plus; rport problems will not become alerts$/,
    );
  });

  it('says which vendor cannot be reached at all', async () => {
    const f = await startFakes();
    await f.ps.close();
    const { result, vendorLines } = await health(envFor(f, ['ps', 'rs']));
    expect(result.view.state).toBe('warning');
    expect(vendorLines[2]).toMatch(/^❌ Password Safe: Could not reach Password Safe/);
    expect(vendorLines[3]).toMatch(OK_LINE('Remote Support'));
  });

  it('works with only some vendors configured and lists the others as not configured', async () => {
    const f = await startFakes();
    const { result, vendorLines, applianceLines } = await health(envFor(f, ['rport']));
    expect(result.view.state).toBe('success');
    expect(vendorLines).toEqual([
      expect.stringMatching(OK_LINE('rport')),
      '➖ PM Cloud: not configured',
      '➖ Password Safe: not configured',
      '➖ Remote Support: not configured',
    ]);
    expect(applianceLines).toEqual([]);
    expect(f.rs.commandCalls).toHaveLength(0);
    expect(f.pmc.calls).toHaveLength(0);
  });

  it('answers even with no vendor configured', async () => {
    await startFakes();
    const { result, vendorLines } = await health({});
    expect(result.view.summary).toBe('No vendor is configured here.');
    expect(vendorLines.every((l) => l.endsWith(': not configured'))).toBe(true);
  });

  it('is refused to someone the policy does not allow, before any vendor call', async () => {
    const f = await startFakes();
    const { result } = await health(envFor(f, ['rport', 'rs']), DAVE);
    expect(result.view.title).toBe('Not permitted');
    expect(f.rs.commandCalls).toHaveLength(0);
    expect(f.rport.calls).toHaveLength(0);
  });

  it('gives up on a vendor that does not answer in time and says so', async () => {
    const f = await startFakes();
    f.rs.setDelay(2_000);
    const store = storeBackends[0]![1]();
    stores.push(store);
    const { vendors } = createVendors(loadConfig(envFor(f, ['rport', 'rs'])), {
      store,
      log: captureLogs().log,
    });
    const { probes, appliances } = await probeVendors(vendors, { timeoutMs: 100 });
    expect(probes[0]).toMatchObject({ system: 'rport', status: 'ok' });
    expect(probes[3]).toMatchObject({
      system: 'Remote Support',
      status: 'failed',
      error: 'Remote Support did not answer within 100 ms.',
    });
    expect(appliances).toBeUndefined();
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertPollers } from '../../../handlers/alerts/alert-pollers.ts';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { createPasswordSafeClient } from '../../../src/vendors/password-safe/index.ts';
import type { FakePasswordSafe } from '../../fakes/password-safe-server.ts';
import { defaultRemoteSupportSeed } from '../../fakes/remote-support/seed.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { REDIS_URL } from '../../helpers/stores.ts';
import { API_KEY, RUN_AS, startSeededFake } from '../../vendors/password-safe/helpers.ts';
import {
  type RemoteSupportRig,
  setupRemoteSupport,
} from '../../vendors/remote-support/setup-remote-support.ts';
import { startRport } from '../../vendors/rport/harness.ts';
import { type AlertRig, cardIn, field, startAlertRig } from './alert-harness.ts';

const SETTINGS = { rportAlertsPollSeconds: 60, rsHealthPollSeconds: 60, psPollSeconds: 60 };
const ACTIVE_TITLES = ['client-disconnected on db-02', 'disk-space-low on web-02', 'high-cpu-usage on db-01'];

/** Titles of the cards posted to C0ALERTS (the catch-all route), sorted. */
const alertsChannel = (rig: AlertRig) =>
  rig.slack
    .posts('C0ALERTS')
    .map((p) => p.view.title)
    .sort();

describe('the rport problems poller', () => {
  const stores: Store[] = [];
  let fake: FakeRport;
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await fake.close();
  });

  const sqliteAt = (path: string) => {
    const store = createStore(`sqlite://${path}`);
    stores.push(store);
    return store;
  };

  it('posts each active problem once, and nothing again after a restart on the same SQLite file', async () => {
    const started = await startRport();
    fake = started.fake;
    const path = join(mkdtempSync(join(tmpdir(), 'gh-alerts-')), 'gatehouse.sqlite');
    const first = startAlertRig(sqliteAt(path), { vendors: { rport: started.api } });
    const poller = alertPollers(first.deps, SETTINGS)['alerts.rport-problems']!;
    expect(await poller.runOnce()).toBe(true);
    await first.service.idle();
    expect(alertsChannel(first)).toEqual(ACTIVE_TITLES);
    await poller.stop();
    await stores[0]!.close();
    stores.length = 0;

    // A new process over the same file: the cursor survived, nothing is posted twice.
    const second = startAlertRig(sqliteAt(path), { vendors: { rport: started.api }, shareWith: first });
    const again = alertPollers(second.deps, SETTINGS)['alerts.rport-problems']!;
    expect(await again.runOnce()).toBe(true);
    await second.service.idle();
    expect(alertsChannel(second)).toEqual(ACTIVE_TITLES);
    // Not even counted again: the round knew these problems were already reported.
    expect(await second.service.received()).toBe(3);
    expect(field(cardIn(second.slack, 'C0ALERTS', 'high-cpu-usage on db-01'), 'Count')).toBe('1');

    // A new problem fires once; one set inactive in rport resolves its card.
    fake.addProblem({
      problem_id: 'p-new',
      rule_id: 'high-load',
      client_id: 'fra-web-01',
      client_name: 'web-01',
      active: true,
      created_at: '2025-03-04T09:59:00Z',
      resolved_at: null,
      actions: [],
    });
    fake.problems.find((p) => p.rule_id === 'disk-space-low')!.active = false;
    await again.runOnce();
    await again.runOnce();
    await second.service.idle();
    expect(alertsChannel(second)).toEqual([...ACTIVE_TITLES, 'high-load on web-01'].sort());
    const resolved = cardIn(second.slack, 'C0ALERTS', 'disk-space-low on web-02');
    expect(field(resolved, 'Status')).toBe('Resolved at 10:00 UTC');
    await again.stop();
  });

  it('posts once across two instances on Redis: one holds the lease, the other takes over without reposting', async () => {
    const started = await startRport();
    fake = started.fake;
    const namespace = `gh-test-${randomUUID()}`;
    const redis = () => {
      const store = createStore(REDIS_URL, { namespace });
      stores.push(store);
      return store;
    };
    const a = startAlertRig(redis(), { vendors: { rport: started.api } });
    const b = startAlertRig(redis(), { vendors: { rport: started.api }, shareWith: a });
    const pa = alertPollers(a.deps, SETTINGS)['alerts.rport-problems']!;
    const pb = alertPollers(b.deps, SETTINGS)['alerts.rport-problems']!;

    const ran = await Promise.all([pa.runOnce(), pb.runOnce()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    await Promise.all([a.service.idle(), b.service.idle()]);
    expect(alertsChannel(a)).toEqual(ACTIVE_TITLES);

    await (ran[0] ? pa : pb).stop();
    expect(await (ran[0] ? pb : pa).runOnce()).toBe(true);
    await Promise.all([a.service.idle(), b.service.idle()]);
    expect(alertsChannel(a)).toEqual(ACTIVE_TITLES);
    expect(await b.service.received()).toBe(3);
    expect(a.slack.posts()).toHaveLength(
      new Set(a.slack.posts().map((p) => `${p.channel} ${p.view.title}`)).size,
    );
    await pa.stop();
    await pb.stop();
  });
});

describe('the Remote Support health poller', () => {
  let rs: RemoteSupportRig;
  let store: Store;
  afterEach(async () => {
    await rs.close();
    await store.close();
  });

  it('fires on a failing appliance and a changed failover role, and resolves on recovery', async () => {
    rs = await setupRemoteSupport();
    store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-alerts-')), 'g.sqlite')}`);
    const rig = startAlertRig(store, { vendors: { remoteSupport: rs.client } });
    const poller = alertPollers(rig.deps, SETTINGS)['alerts.rs-health']!;
    const [a] = defaultRemoteSupportSeed().appliances;

    await poller.runOnce();
    await rig.service.idle();
    expect(rig.slack.posts()).toEqual([]);

    rs.fake.setHealth([{ ...a!, success: false, errorMessage: 'Disk /var is full' }]);
    await poller.runOnce();
    await poller.runOnce();
    await rig.service.idle();
    const failing = cardIn(rig.slack, 'C0ONCALL', 'Remote Support appliance rs-a.example.com is failing');
    expect(failing?.blocks?.[0]).toEqual({ type: 'text', text: 'Disk /var is full' });
    expect(field(failing, 'Count')).toBe('1');

    // rs-a recovers and has failed over: primary → backup.
    rs.fake.setHealth([{ ...a!, failoverRole: 'backup' }]);
    await poller.runOnce();
    await rig.service.idle();
    expect(
      field(cardIn(rig.slack, 'C0ONCALL', 'Remote Support appliance rs-a.example.com is failing'), 'Status'),
    ).toMatch(/^Resolved at /);
    const roles = () =>
      rig.slack
        .posts('C0ALERTS')
        .map((p) => p.view.title)
        .filter((t) => t.includes('failover'));
    expect(roles()).toEqual([
      'Remote Support appliance rs-a.example.com failover role changed: primary → backup',
    ]);

    // A round where the appliance does not say its role is not a change.
    const { failoverRole: _role, ...silent } = a!;
    rs.fake.setHealth([silent]);
    await poller.runOnce();
    await rig.service.idle();
    expect(roles()).toHaveLength(1);
    expect(await rig.service.listOpen()).toHaveLength(1);

    // Back to the role it had: the role alert resolves.
    rs.fake.setHealth([a!]);
    await poller.runOnce();
    await rig.service.idle();
    expect(await rig.service.listOpen()).toEqual([]);
  });
});

describe('the Password Safe sessions poller', () => {
  let ps: FakePasswordSafe;
  let store: Store;
  afterEach(async () => {
    await ps.close();
    await store.close();
  });

  it('posts each newly started session once, signing in again when the cookie lapsed between rounds', async () => {
    ps = await startSeededFake();
    store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-alerts-')), 'g.sqlite')}`);
    const client = createPasswordSafeClient({ baseUrl: ps.url, apiKey: API_KEY, runAs: RUN_AS });
    const rig = startAlertRig(store, { vendors: { passwordSafe: client } });
    const poller = alertPollers(rig.deps, SETTINGS)['alerts.ps-sessions']!;

    await poller.runOnce();
    await poller.runOnce();
    await rig.service.idle();
    expect(alertsChannel(rig)).toEqual([
      'Session started: CORP\\svc-backup on dc01.corp.example, RDP',
      'Session started: root on db-prod-01, SSH',
    ]);
    expect(ps.calls.filter((c) => c.path === 'Sessions').map((c) => c.query)).toEqual([
      { status: '1' },
      { status: '1' },
    ]);
    const card = cardIn(rig.slack, 'C0ALERTS', 'Session started: root on db-prod-01, SSH');
    expect(card?.state).toBe('info');

    ps.expireSessions();
    ps.addSession({
      SessionID: 200,
      Status: 1,
      AssetName: 'web-prod-02',
      ManagedAccountName: 'deploy',
      Protocol: 1,
    });
    ps.sessions.find((s) => s.SessionID === 101)!.Status = 2;
    await poller.runOnce();
    await rig.service.idle();

    expect(ps.signIns).toBe(2);
    expect(alertsChannel(rig)).toContain('Session started: deploy on web-prod-02, SSH');
    expect(rig.slack.posts('C0ALERTS')).toHaveLength(3);
    expect(
      field(cardIn(rig.slack, 'C0ALERTS', 'Session started: root on db-prod-01, SSH'), 'Status'),
    ).toMatch(/^Resolved at /);
  });
});

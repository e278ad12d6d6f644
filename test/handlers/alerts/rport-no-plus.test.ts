import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertPollers } from '../../../handlers/alerts/alert-pollers.ts';
import { RPORT_NO_PLUS, RPORT_PLUS_RECHECK_MS } from '../../../handlers/alerts/poll-rport-problems.ts';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { RPORT_PLUS_REQUIRED } from '../../../src/vendors/rport/index.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { startRport } from '../../vendors/rport/harness.ts';
import { startAlertRig } from './alert-harness.ts';

const SETTINGS = { rportAlertsPollSeconds: 60 };
const problemCalls = (fake: FakeRport) => fake.calls.filter((c) => c.path === '/monitoring/problems').length;
const countOf = (text: string, part: string) => text.split(part).length - 1;

describe('rport without Rport Plus', () => {
  let fake: FakeRport;
  let store: Store;
  afterEach(async () => {
    await fake.close();
    await store.close();
  });
  const sqlite = () => createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-noplus-')), 'g.sqlite')}`);

  it('logs one clear line, checks again hourly, posts nothing, and leaves the rest of rport alone', async () => {
    const started = await startRport({ plus: false });
    fake = started.fake;
    store = sqlite();
    const rig = startAlertRig(store, { vendors: { rport: started.api } });
    const poller = alertPollers(rig.deps, SETTINGS)['alerts.rport-problems']!;

    for (let i = 0; i < 3; i += 1) await poller.runOnce();
    await rig.service.idle();
    expect(problemCalls(fake)).toBe(1);
    expect(countOf(rig.logs.text(), RPORT_PLUS_REQUIRED)).toBe(1);
    expect(rig.slack.posts()).toEqual([]);

    rig.advance(RPORT_PLUS_RECHECK_MS + 1000);
    await poller.runOnce();
    await poller.runOnce();
    expect(problemCalls(fake)).toBe(2);
    expect(countOf(rig.logs.text(), RPORT_PLUS_REQUIRED)).toBe(1);

    const { total } = await started.api.listClients({ limit: 1 });
    expect(total).toBeGreaterThan(0);
  });

  it('once Plus answers again, problems become alerts and the mark is cleared', async () => {
    const started = await startRport();
    fake = started.fake;
    store = sqlite();
    const rig = startAlertRig(store, { vendors: { rport: started.api } });
    await store.set(RPORT_NO_PLUS, { since: '2026-01-01T00:00:00Z', checkedAt: 0 });
    const poller = alertPollers(rig.deps, SETTINGS)['alerts.rport-problems']!;
    await poller.runOnce();
    await rig.service.idle();
    expect(rig.slack.posts('C0ALERTS').length).toBeGreaterThan(0);
    expect(await store.get(RPORT_NO_PLUS)).toBeUndefined();
    expect(rig.logs.text()).toContain('rport alerting is available');
  });
});

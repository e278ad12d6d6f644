import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { ALICE, firing, startAlertRig, VIC } from './alert-harness.ts';

describe.each(storeBackends)('alert commands (%s)', (_name, makeStore) => {
  let store: Store;
  afterEach(async () => {
    await store.close();
  });

  it('subscribe adds this channel to a route, persisted for every replica; unsubscribe takes it away', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    const here = { platform: 'slack' as const, id: 'C0BACKUPS' };

    const subscribed = await rig.run('subscribe critical', ALICE, here);
    expect(subscribed).toMatchObject({ visibility: 'channel', view: { title: 'Subscribed' } });
    // A second replica (a fresh service over the same store) sees the subscription.
    const replica = startAlertRig(store, { shareWith: rig });
    await replica.service.ingest(firing());
    await replica.service.idle();
    expect(
      rig.slack
        .posts()
        .map((p) => p.channel)
        .sort(),
    ).toEqual(['C0ALERTS', 'C0BACKUPS', 'C0ONCALL']);

    // Without a route: every route that posts here; a policy channel can be unsubscribed too.
    const off = await rig.run('unsubscribe', ALICE, { platform: 'slack', id: 'C0ALERTS' });
    expect(off.view.summary).toBe(
      'This channel no longer gets the alerts of route everything (unsubscribed by Alice).',
    );
    await rig.run('unsubscribe critical', ALICE, here);
    await rig.service.ingest(firing({ dedupKey: 'other' }));
    await rig.service.idle();
    expect(
      rig.slack
        .posts()
        .slice(3)
        .map((p) => p.channel),
    ).toEqual(['C0ONCALL']);

    const audit = await rig.audit.last(10);
    expect(audit.map((e) => `${e.action} ${e.targets.join()}`)).toEqual(
      expect.arrayContaining([
        'subscribe slack:C0BACKUPS',
        'unsubscribe slack:C0ALERTS',
        'unsubscribe slack:C0BACKUPS',
      ]),
    );
  });

  it('names the routes when one is unknown, and needs the permission', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    const unknown = await rig.run('subscribe nope', ALICE);
    expect(unknown.view.summary).toBe(
      'There is no alert route "nope". Routes: critical, database, rport, everything.',
    );
    const denied = await rig.run('subscribe critical', VIC);
    expect(denied).toMatchObject({ visibility: 'private', view: { title: 'Not permitted' } });
    const console = await rig.run('subscribe critical', ALICE, { platform: 'console', id: 'tty' });
    expect(console.view.summary).toBe(
      'Subscribe from a channel Gatehouse posts in, not from a direct message.',
    );
    const dm = await rig.run('subscribe critical', ALICE, { platform: 'slack', id: 'D0ALICE', direct: true });
    expect(dm.visibility).toBe('private');
    expect(await store.get('alerts:subscriptions')).toBeUndefined();
  });

  it('`alerts` lists the open alerts with their counts, without the resolved ones', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    expect((await rig.run('alerts', VIC)).view.blocks).toEqual([
      { type: 'list', items: ['No alert is open.'] },
    ]);
    await rig.service.ingest(firing());
    await rig.service.ingest(firing());
    await rig.service.ingest(firing({ dedupKey: 'disk', title: 'Disk almost full', severity: 'warning' }));
    await rig.service.ingest(firing({ dedupKey: 'gone', title: 'Gone', status: 'firing' }));
    await rig.service.ingest(firing({ dedupKey: 'gone', title: 'Gone', status: 'resolved' }));

    const list = await rig.run('alerts', VIC);
    expect(list.visibility).toBe('private');
    expect(list.view.summary).toBe('2 open alerts');
    const items = list.view.blocks?.[0]?.type === 'list' ? list.view.blocks[0].items : [];
    expect(items).toEqual(
      expect.arrayContaining([
        '🔴 Nightly backup failed — 2× since 10:00 UTC · backup:nightly',
        '🟠 Disk almost full — 1× since 10:00 UTC · disk',
      ]),
    );
  });
});

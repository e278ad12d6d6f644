import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { cardIn, field, firing, startAlertRig } from './alert-harness.ts';

describe.each(storeBackends)('alert dedup and routing (%s)', (_name, makeStore) => {
  let store: Store;
  afterEach(async () => {
    await store.close();
  });

  it('posts a firing alert once to every routed channel, on every platform', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    const accepted = await rig.service.ingest(firing());
    await rig.service.idle();

    expect(accepted.dedupKey).toBe('backup:nightly');
    expect(Number(accepted.id)).toBeGreaterThan(0);
    // critical → C0ONCALL (+ Teams), everything → C0ALERTS; the rport routes do not match.
    expect(
      rig.slack
        .posts()
        .map((p) => p.channel)
        .sort(),
    ).toEqual(['C0ALERTS', 'C0ONCALL']);
    expect(rig.teams.posts().map((p) => p.channel)).toEqual(['19:oncall@thread.tacv2']);
    const card = cardIn(rig.slack, 'C0ONCALL', 'Nightly backup failed');
    expect(card?.state).toBe('failure');
    expect(field(card, 'Count')).toBe('1');
    expect(card?.actions?.map((a) => a.label)).toEqual(['Acknowledge', 'Resolve', 'Mute']);
  });

  it('updates the same messages on repeats (count, last seen), then turns them resolved with the time', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    await rig.service.ingest(firing());
    await rig.service.idle();
    rig.advance(90_000);
    for (let i = 0; i < 4; i++) await rig.service.ingest(firing({ text: `attempt ${i + 2} failed` }));
    await rig.service.idle();

    expect(rig.slack.posts()).toHaveLength(2);
    const repeated = cardIn(rig.slack, 'C0ALERTS', 'Nightly backup failed');
    expect(field(repeated, 'Count')).toBe('5');
    expect(field(repeated, 'First seen')).toBe('10:00 UTC');
    expect(field(repeated, 'Last seen')).toBe('10:01 UTC');
    expect(repeated?.blocks?.[0]).toEqual({ type: 'text', text: 'attempt 5 failed' });

    rig.advance(600_000);
    await rig.service.ingest(firing({ status: 'resolved' }));
    await rig.service.idle();
    expect(rig.slack.posts()).toHaveLength(2);
    expect(rig.teams.posts()).toHaveLength(1);
    for (const view of [...rig.slack.current.values(), ...rig.teams.current.values()]) {
      expect(view.state).toBe('success');
      expect(field(view, 'Status')).toBe('Resolved at 10:11 UTC');
      expect(field(view, 'Count')).toBe('5');
      expect(view.actions).toBeUndefined();
    }
    expect(await rig.service.listOpen()).toEqual([]);
  });

  it('opens a new occurrence (a new message) when it fires again after resolving', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    await rig.service.ingest(firing());
    await rig.service.ingest(firing({ status: 'resolved' }));
    await rig.service.idle();
    const before = rig.slack.posts('C0ALERTS').length;
    await rig.service.ingest(firing());
    await rig.service.idle();

    const posts = rig.slack.posts('C0ALERTS');
    expect(posts).toHaveLength(before + 1);
    const newest = rig.slack.current.get(`C0ALERTS/${posts.at(-1)!.id}`);
    expect(field(newest, 'Status')).toBe('Firing');
    expect(newest?.blocks?.at(-1)).toEqual({ type: 'context', text: 'Alert backup:nightly · occurrence 2' });
    const older = rig.slack.current.get(`C0ALERTS/${posts[0]!.id}`);
    expect(older?.state).toBe('success');
  });

  it('derives a key from source, title and labels when none is given, and ignores a resolve for nothing', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    const a = await rig.service.ingest({
      ...firing({ labels: { host: 'a', env: 'prod' } }),
      dedupKey: undefined,
    });
    const b = await rig.service.ingest({
      ...firing({ labels: { env: 'prod', host: 'a' } }),
      dedupKey: undefined,
    });
    const c = await rig.service.ingest({ ...firing({ labels: { host: 'b' } }), dedupKey: undefined });
    await rig.service.ingest(firing({ dedupKey: 'never-fired', status: 'resolved' }));
    await rig.service.idle();

    expect(a.dedupKey).toBe(b.dedupKey);
    expect(a.dedupKey).not.toBe(c.dedupKey);
    expect(a.dedupKey).toMatch(/^backup:[0-9a-f]{16}$/);
    expect(rig.slack.posts('C0ALERTS')).toHaveLength(2);
    expect(await rig.service.received()).toBe(4);
    expect((await rig.service.listOpen()).map((r) => [r.key, r.count])).toEqual(
      expect.arrayContaining([
        [a.dedupKey, 2],
        [c.dedupKey, 1],
      ]),
    );
  });

  it('routes by source and label globs, and records an alert no route takes without posting it', async () => {
    store = makeStore();
    const policyText = `
alerts:
  routes:
    - name: db
      match: { source: [rport], labels: { client: 'fra-db-*' } }
      channels: { slack: [C0DB] }
`;
    const rig = startAlertRig(store, { policyText });
    await rig.service.ingest(firing({ source: 'rport', dedupKey: 'p1', labels: { client: 'fra-db-01' } }));
    await rig.service.ingest(firing({ source: 'rport', dedupKey: 'p2', labels: { client: 'fra-web-01' } }));
    await rig.service.ingest(firing({ source: 'backup', dedupKey: 'p3', labels: { client: 'fra-db-01' } }));
    await rig.service.idle();

    expect(rig.slack.posts().map((p) => p.channel)).toEqual(['C0DB']);
    expect((await rig.service.listOpen()).map((r) => r.key).sort()).toEqual(['p1', 'p2', 'p3']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { pollRportProblems } from '../../../handlers/alerts/poll-rport-problems.ts';
import type { IntentResult } from '../../../src/intents/intent.ts';
import type { Store } from '../../../src/store/store.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { startRport } from '../../vendors/rport/harness.ts';
import { ALICE, BOB, buttonRef, cardIn, field, firing, startAlertRig, VIC } from './alert-harness.ts';

const CPU_PROBLEM = '9c1e7f0a-52d4-4b8e-a1f3-0d6c2b7e4f11';
const CPU_TITLE = 'high-cpu-usage on db-01';

const handledBy = (results: IntentResult[]) => ({
  shown: results.filter((r) => r.visibility === 'channel'),
  refused: results.filter((r) => r.visibility === 'private'),
});

describe.each(storeBackends)('alert buttons (%s)', (_name, makeStore) => {
  let store: Store;
  let fake: FakeRport | undefined;
  afterEach(async () => {
    await store.close();
    await fake?.close();
    fake = undefined;
  });

  it('acknowledges exactly once under 20 concurrent clicks, and every copy shows who and when', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    await rig.service.ingest(firing());
    await rig.service.idle();
    const ref = buttonRef(cardIn(rig.slack, 'C0ONCALL', 'Nightly backup failed'), 'Acknowledge');

    rig.advance(120_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rig.click('alerts.ack', ref, i % 2 ? BOB : ALICE)),
    );
    await rig.service.idle();

    const { shown, refused } = handledBy(results);
    expect(shown).toHaveLength(1);
    expect(refused).toHaveLength(19);
    const winner = field(shown[0]!.view, 'Acknowledged')!.split(' at ')[0];
    // (The claim's time is the store's own clock, not the test's.)
    for (const r of refused) expect(r.view.summary).toMatch(new RegExp(`^Already handled by ${winner} at `));
    const acks = (await rig.audit.last(50)).filter((e) => e.action === 'alerts.ack');
    expect(acks.filter((e) => e.decision !== 'already handled').map((e) => [e.decision, e.targets])).toEqual([
      ['acknowledged', ['backup:nightly']],
    ]);
    // Every later click is audited too, as already handled.
    expect(acks.filter((e) => e.decision === 'already handled')).toHaveLength(19);
    const copies = [...rig.slack.current.values(), ...rig.teams.current.values()];
    expect(copies).toHaveLength(3);
    for (const view of copies) {
      expect(field(view, 'Acknowledged')).toBe(`${winner} at 10:02 UTC`);
      expect(field(view, 'Status')).toBe('Firing · acknowledged');
      expect(view.actions?.map((a) => a.label)).toEqual(['Resolve', 'Mute']);
    }
  });

  it('resolves an rport problem exactly once under 20 concurrent clicks, through the rport API', async () => {
    store = makeStore();
    const started = await startRport();
    fake = started.fake;
    const rig = startAlertRig(store, { vendors: { rport: started.api } });
    const poll = pollRportProblems(rig.deps, () => rig.service);
    await poll();
    await rig.service.idle();
    const card = cardIn(rig.slack, 'C0RPORT', CPU_TITLE);
    const ref = buttonRef(card, 'Resolve');

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rig.click('alerts.resolve', ref, i % 2 ? BOB : ALICE)),
    );
    await rig.service.idle();

    expect(handledBy(results).shown).toHaveLength(1);
    const puts = fake.calls.filter((c) => c.method === 'PUT');
    expect(puts).toEqual([
      expect.objectContaining({ path: `/monitoring/problems/${CPU_PROBLEM}`, body: { active: false } }),
    ]);
    expect(fake.problems.find((p) => p.problem_id === CPU_PROBLEM)!.active).toBe(false);
    const resolved = (await rig.audit.last(50)).filter(
      (e) => e.action === 'alerts.resolve' && e.decision !== 'already handled',
    );
    expect(resolved.map((e) => e.result)).toEqual([`rport problem ${CPU_PROBLEM} set inactive`]);
    for (const channel of ['C0RPORT', 'C0DB', 'C0ALERTS']) {
      const view = cardIn(rig.slack, channel, CPU_TITLE);
      expect(view?.state).toBe('success');
      expect(field(view, 'Status')).toMatch(/^Resolved at 10:00 UTC by (Alice|Bob)$/);
    }
    // The next round sees the problem gone and changes nothing (no repost, no second resolve).
    const before = rig.slack.calls.length;
    await poll();
    await rig.service.idle();
    expect(rig.slack.calls.slice(before).filter((c) => c.kind === 'post')).toEqual([]);
  });

  it('keeps a Resolve that rport refused usable, and says why privately', async () => {
    store = makeStore();
    const started = await startRport();
    fake = started.fake;
    const rig = startAlertRig(store, { vendors: { rport: started.api } });
    await pollRportProblems(rig.deps, () => rig.service)();
    await rig.service.idle();
    const ref = buttonRef(cardIn(rig.slack, 'C0RPORT', CPU_TITLE), 'Resolve');

    fake.failNext(503, 'rport is restarting');
    const failed = await rig.click('alerts.resolve', ref, ALICE);
    await rig.service.idle();
    expect(failed.visibility).toBe('private');
    expect(failed.view.summary).toMatch(/^rport did not resolve it: /);
    const card = cardIn(rig.slack, 'C0RPORT', CPU_TITLE);
    expect(field(card, 'Status')).toBe('Firing');
    const retry = await rig.click('alerts.resolve', buttonRef(card, 'Resolve'), ALICE);
    expect(retry.visibility).toBe('channel');
    expect(field(retry.view, 'Status')).toBe('Resolved at 10:00 UTC by Alice');
  });

  it('refuses people outside the responder role privately, audits it, and leaves the button usable', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    await rig.service.ingest(firing());
    await rig.service.idle();
    const ref = buttonRef(cardIn(rig.slack, 'C0ONCALL', 'Nightly backup failed'), 'Acknowledge');

    const refused = await rig.click('alerts.ack', ref, VIC);
    expect(refused).toMatchObject({
      visibility: 'private',
      view: { title: 'Not permitted', state: 'denied' },
    });
    expect(refused.view.summary).toBe(
      'Only people with the oncall role can acknowledge, resolve, mute or act on alerts.',
    );
    const audit = await rig.audit.last(5);
    expect(audit[0]).toMatchObject({ action: 'alerts.ack', decision: 'refused', actor: { userId: 'UVIC' } });
    expect((await rig.click('alerts.ack', ref, ALICE)).visibility).toBe('channel');
  });

  it('mutes for the chosen time: shown on the card, repeats counted as suppressed, no new posts until it ends', async () => {
    store = makeStore();
    const rig = startAlertRig(store);
    await rig.service.ingest(firing());
    await rig.service.idle();
    const card = cardIn(rig.slack, 'C0ALERTS', 'Nightly backup failed');
    expect(card?.inputs).toEqual([
      expect.objectContaining({ type: 'select', id: 'duration', initial: '1h' }),
    ]);

    const bad = await rig.click('alerts.mute', buttonRef(card, 'Mute'), ALICE, { duration: '3y' });
    expect(bad).toMatchObject({ visibility: 'private', view: { title: 'Bad duration' } });
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () =>
        rig.click('alerts.mute', buttonRef(card, 'Mute'), ALICE, { duration: '4h' }),
      ),
    );
    expect(handledBy(clicks).shown).toHaveLength(1);
    await rig.service.ingest(firing());
    await rig.service.ingest(firing());
    await rig.service.idle();
    const muted = cardIn(rig.slack, 'C0ALERTS', 'Nightly backup failed');
    expect(field(muted, 'Muted')).toBe('until 14:00 UTC by Alice · 2 suppressed');
    expect(field(muted, 'Count')).toBe('3');
    const mutes = (await rig.audit.last(50)).filter((e) => e.action === 'alerts.mute');
    expect(mutes.filter((e) => e.decision === 'muted')).toHaveLength(1);

    // Resolved, then firing again while muted: counted and listed, not posted.
    await rig.service.ingest(firing({ status: 'resolved' }));
    await rig.service.ingest(firing());
    await rig.service.idle();
    expect(rig.slack.posts('C0ALERTS')).toHaveLength(1);
    expect((await rig.service.listOpen()).map((r) => [r.key, r.epoch, r.suppressed])).toEqual([
      ['backup:nightly', 2, 1],
    ]);

    // Once the mute has ended, the next repeat posts the occurrence with everything it counted.
    rig.advance(5 * 3_600_000);
    await rig.service.ingest(firing());
    await rig.service.idle();
    const posts = rig.slack.posts('C0ALERTS');
    expect(posts).toHaveLength(2);
    const reposted = rig.slack.current.get(`C0ALERTS/${posts[1]!.id}`);
    expect(field(reposted, 'Count')).toBe('2');
    expect(field(reposted, 'Suppressed while muted')).toBe('1');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { pollRportProblems } from '../../../handlers/alerts/poll-rport-problems.ts';
import type { Store } from '../../../src/store/store.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { startRport } from '../../vendors/rport/harness.ts';
import { ALERT_POLICY, ALICE, buttonRef, CAROL, cardIn, field, startAlertRig, VIC } from './alert-harness.ts';

const CPU_TITLE = 'high-cpu-usage on db-01';
const [, makeSqlite] = storeBackends[0]!;

describe('"Run <name>" on an alert card goes through the normal rport confirmation', () => {
  let store: Store;
  let fake: FakeRport;
  afterEach(async () => {
    await store.close();
    await fake.close();
  });

  async function setUp(policyText = ALERT_POLICY) {
    store = makeSqlite();
    const started = await startRport();
    fake = started.fake;
    const rig = startAlertRig(store, { vendors: { rport: started.api }, policyText });
    await pollRportProblems(rig.deps, () => rig.service)();
    await rig.service.idle();
    return rig;
  }

  it('offers the linked commands of every route the alert matched', async () => {
    const rig = await setUp();
    const card = cardIn(rig.slack, 'C0RPORT', CPU_TITLE);
    expect(card?.actions?.map((a) => a.label)).toEqual([
      'Acknowledge',
      'Resolve',
      'Mute',
      'Run db restart',
      'Run uptime',
    ]);
    // A problem on a web client matches only the rport route.
    const web = cardIn(rig.slack, 'C0RPORT', 'disk-space-low on web-02');
    expect(web?.actions?.map((a) => a.label)).toEqual(['Acknowledge', 'Resolve', 'Mute', 'Run uptime']);
  });

  it('posts the confirmation card for the requester, which runs nothing until confirmed', async () => {
    const rig = await setUp();
    const postsBefore = rig.slack.posts().length;
    const reply = await rig.click(
      'alerts.run',
      buttonRef(cardIn(rig.slack, 'C0RPORT', CPU_TITLE), 'Run uptime'),
      ALICE,
    );

    expect(reply).toMatchObject({ visibility: 'private', view: { title: 'Run uptime' } });
    const confirmation = rig.slack.posts().slice(postsBefore);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]!.channel).toBe('C0ONCALL');
    const view = confirmation[0]!.view;
    expect(view.title).toBe('Run on 1 client?');
    expect(field(view, 'Who may confirm')).toBe('Alice (the requester)');
    expect(view.blocks?.[0]).toEqual({ type: 'code', text: 'uptime' });
    expect(fake.commandCalls()).toEqual([]);
    const audit = await rig.audit.last(10);
    expect(audit.map((e) => `${e.action} ${e.decision}`)).toEqual(
      expect.arrayContaining(['rport.run requested', 'alerts.run requested']),
    );

    const run = await rig.click('rport.confirm', buttonRef(view, 'Run'), ALICE);
    expect(run.view.title).toBe('Running');
    expect(fake.commandCalls()).toHaveLength(1);
    await rig.service.idle();
    const card = cardIn(rig.slack, 'C0RPORT', CPU_TITLE);
    expect(
      card?.blocks?.some((b) => b.type === 'context' && /^Alice asked to run uptime at /.test(b.text)),
    ).toBe(true);
    // The button stays for the next time, with a fresh reference.
    expect(buttonRef(card, 'Run uptime')).not.toBe(buttonRef(confirmation[0]!.view, 'Run'));
  });

  it('keeps the second-approver rule: the requester cannot confirm a restart, an approver can', async () => {
    const rig = await setUp();
    const postsBefore = rig.slack.posts().length;
    await rig.click('alerts.run', buttonRef(cardIn(rig.slack, 'C0DB', CPU_TITLE), 'Run db restart'), ALICE);
    const view = rig.slack.posts().slice(postsBefore)[0]!.view;
    expect(field(view, 'Who may confirm')).toBe('a second person with the approver role (not Alice)');

    const own = await rig.click('rport.confirm', buttonRef(view, 'Run'), ALICE);
    expect(own.visibility).toBe('private');
    expect(fake.commandCalls()).toEqual([]);
    const approved = await rig.click('rport.confirm', buttonRef(view, 'Run'), CAROL);
    expect(approved.view.title).toBe('Running');
    expect(fake.commandCalls()).toHaveLength(1);
  });

  it('cannot bypass the rport.run permission or the responder role', async () => {
    const rig = await setUp(
      ALERT_POLICY.replace('intents: [alerts.*, subscribe, unsubscribe, rport.run]', 'intents: [alerts.*]'),
    );
    const ref = buttonRef(cardIn(rig.slack, 'C0RPORT', CPU_TITLE), 'Run uptime');
    const postsBefore = rig.slack.posts().length;

    const notResponder = await rig.click('alerts.run', ref, VIC);
    expect(notResponder.view.title).toBe('Not permitted');
    const noRun = await rig.click('alerts.run', ref, ALICE);
    expect(noRun).toMatchObject({ visibility: 'private', view: { title: 'Not permitted' } });
    expect(
      rig.slack
        .posts()
        .slice(postsBefore)
        .filter((p) => p.view.title.startsWith('Run on')),
    ).toEqual([]);
    const audit = await rig.audit.last(10);
    expect(audit.find((e) => e.action === 'rport.run')).toMatchObject({
      decision: 'denied',
      actor: { userId: 'UALICE' },
    });
    expect(fake.commandCalls()).toEqual([]);
  });
});

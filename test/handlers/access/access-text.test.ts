import { afterEach, describe, expect, it } from 'vitest';
import { ONCE_AS_SECONDS } from '../../../handlers/access/access-durations.ts';
import type { View } from '../../../src/views/view.ts';
import { storeBackends } from '../../helpers/stores.ts';
import {
  type AccessHarness,
  accessPolicy,
  CAROL,
  DAN,
  ERIN,
  OSCAR,
  startAccessHarness,
  textOf,
  VIC,
} from './access-harness.ts';

const open: AccessHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function start(makeStore: Parameters<typeof startAccessHarness>[0], policyText?: string) {
  const h = await startAccessHarness(makeStore, policyText ? { policyText } : {});
  open.push(h);
  const fin = h.fake.requests.find((r) => r.computerName === 'FIN-LT-0142')!;
  const eng = h.fake.requests.find((r) => r.computerName === 'ENG-WS-2207')!;
  const sales = h.fake.requests.find((r) => r.computerName === 'SALES-LT-0088')!;
  return { h, fin, eng, sales };
}

const finCopies = (h: AccessHarness): View[] => h.copies().filter((v) => textOf(v).includes('FIN-LT-0142'));

describe.each(storeBackends)('access text commands on %s', (_name, makeStore) => {
  it('access list shows the pending requests; --all the decided ones too', async () => {
    const { h, fin, eng, sales } = await start(makeStore);
    const list = await h.run('access list', VIC);
    expect(list.visibility).toBe('private');
    const text = textOf(list.view);
    expect(text).toContain(fin.id);
    expect(text).toContain(eng.id);
    expect(text).not.toContain(sales.id);
    expect(list.view.summary).toBe('2 admin access requests waiting for a decision');
    const all = await h.run('access list --all', VIC);
    expect(textOf(all.view)).toContain(sales.id);
    expect(textOf(all.view)).toContain('Approved by someone@corp.example');
  });

  it('access show gives the details; a bad id gets one sentence', async () => {
    const { h, fin } = await start(makeStore);
    const shown = await h.run(`access show ${fin.id}`, VIC);
    expect(shown.visibility).toBe('private');
    expect(textOf(shown.view)).toContain('Install the Bloomberg Excel add-in');
    expect(shown.view.fields?.find((f) => f.label === 'In PM Cloud')?.value).toBe('Pending');
    const bad = await h.run('access show not-an-id', VIC);
    expect(bad.view.summary).toBe(
      '"not-an-id" is not a PM Cloud admin access request id (those look like a UUID).',
    );
  });

  it('the commands need their permission, and PM Cloud configured', async () => {
    const { h } = await start(makeStore);
    const refused = await h.run('access list', OSCAR);
    expect(refused.view.title).toBe('Not permitted');
    expect(h.fake.calls.filter((c) => c.path.includes('AdminAccessRequest'))).toHaveLength(0);
  });

  it('access approve <id> --for 2h reason: the same decision, claims and card updates as a click', async () => {
    const { h, fin } = await start(makeStore);
    await h.poll();
    const result = await h.run(`access approve ${fin.id} --for 2h month-end close`, CAROL);
    expect(result.visibility).toBe('channel');
    expect(h.fake.decisions).toEqual([
      {
        requestId: fin.id,
        decision: 'Approved',
        duration: '7200',
        decisionPerformedByUser: 'carol@example.com',
        message: 'Approved in Gatehouse by Carol for 2 h: month-end close',
      },
    ]);
    for (const view of finCopies(h)) expect(textOf(view)).toMatch(/Approved by Carol for 2 h at/);
    // The card's buttons now hear it was decided; so does the text command.
    const again = await h.run(`access deny ${fin.id} changed my mind`, ERIN);
    expect(again.view.summary).toMatch(/^Already decided: Approved by Carol for 2 h/);
    expect(h.fake.decisions).toHaveLength(1);
  });

  it('--for once is allowed; over max_duration or unreadable is refused and changes nothing', async () => {
    const { h, fin, eng } = await start(makeStore);
    const tooLong = await h.run(`access approve ${fin.id} --for 3d`, CAROL);
    expect(tooLong.view.summary).toBe('Admin access may be granted for at most 1 d here (asked for 3 d).');
    const unreadable = await h.run(`access approve ${fin.id} --for soon`, CAROL);
    expect(unreadable.view.summary).toBe('"soon" is not a duration: use once, or e.g. 30m, 2h or 1d.');
    expect(h.fake.decisions).toHaveLength(0);
    await h.run(`access approve ${eng.id} --for once`, CAROL);
    expect(h.fake.decisions).toEqual([
      expect.objectContaining({ requestId: eng.id, duration: String(ONCE_AS_SECONDS) }),
    ]);
  });

  it('access deny needs a reason', async () => {
    const { h, fin } = await start(makeStore);
    await h.poll();
    const refused = await h.run(`access deny ${fin.id}`, CAROL);
    expect(refused.visibility).toBe('private');
    expect(refused.view.summary).toBe(
      'A denial needs a reason, so the requester knows why; nothing was changed.',
    );
    expect(h.fake.decisions).toHaveLength(0);
    await h.run(`access deny ${fin.id} Please use the Company Portal`, CAROL);
    for (const view of finCopies(h))
      expect(textOf(view)).toContain('Denied by Carol: Please use the Company Portal');
  });

  it('a request decided by text before the poller saw it is never posted', async () => {
    const { h, fin } = await start(makeStore);
    await h.run(`access approve ${fin.id}`, CAROL);
    await h.poll();
    expect(h.slack.posts.some((p) => textOf(p.view).includes('FIN-LT-0142'))).toBe(false);
    expect(h.slack.posts.some((p) => textOf(p.view).includes('ENG-WS-2207'))).toBe(true);
  });

  it('a request decided in PM Cloud says so instead of sending another decision', async () => {
    const { h, sales } = await start(makeStore);
    const result = await h.run(`access approve ${sales.id}`, CAROL);
    expect(result.view.summary).toBe(
      'Already decided: Decided in PM Cloud: Approved by someone@corp.example.',
    );
    expect(h.fake.decisions).toHaveLength(0);
  });

  it('the requester cannot approve their own request by text either', async () => {
    const { h, eng } = await start(makeStore);
    const result = await h.run(`access approve ${eng.id}`, DAN);
    expect(result.view.summary).toContain('You cannot decide your own admin access request');
    expect(h.fake.decisions).toHaveLength(0);
  });

  it('with a threshold, text and buttons count toward the same approvals', async () => {
    const { h, fin } = await start(makeStore, accessPolicy({ requiredApprovals: 2 }));
    await h.poll();
    const first = await h.run(`access approve ${fin.id} --for 4h`, CAROL);
    expect(first.view.summary).toMatch(/^Your approval is recorded: 1 of 2/);
    for (const view of finCopies(h)) expect(textOf(view)).toContain('1 of 2 approvals (Carol)');
    const ref = finCopies(h)[0]!.actions![0]!.ref;
    await h.click('access.approve', ref, ERIN, { duration: '14400' });
    expect(h.fake.decisions).toEqual([expect.objectContaining({ duration: '14400', decision: 'Approved' })]);
  });
});

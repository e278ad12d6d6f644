import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import type { View } from '../../../src/views/view.ts';
import { REDIS_URL, storeBackends } from '../../helpers/stores.ts';
import {
  type AccessHarness,
  AMELIA,
  accessPolicy,
  buttonRef,
  CAROL,
  DAN,
  ERIN,
  postedCard,
  startAccessHarness,
  textOf,
  VIC,
} from './access-harness.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function posted(
  makeStore: () => ReturnType<typeof createStore>,
  o: Parameters<typeof startAccessHarness>[1] = {},
) {
  const h = await startAccessHarness(makeStore, o);
  open.push(h);
  await h.poll();
  const card = postedCard(h, 'FIN-LT-0142');
  const request = h.fake.requests.find((r) => r.computerName === 'FIN-LT-0142')!;
  return { h, card, ref: buttonRef(card, 'Approve'), request };
}

/** The copies of the FIN-LT-0142 card on every platform. */
const finCopies = (h: AccessHarness): View[] => h.copies().filter((v) => textOf(v).includes('FIN-LT-0142'));

const sentence = (view: View) => view.summary;

/** Calls that reached PM Cloud's decision endpoint, answered or failed. */
const decisionCalls = (h: AccessHarness) =>
  h.fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/AdminAccessRequest/decision'));

describe.each(storeBackends)('deciding an access request on %s', (_name, makeStore) => {
  it('approve: one call to PM Cloud, audited, every copy final, the requester told', async () => {
    const { h, ref, request } = await posted(makeStore);
    const result = await h.click('access.approve', ref, CAROL, { duration: '14400' });
    expect(result.visibility).toBe('channel');
    expect(h.fake.decisions).toEqual([
      {
        requestId: request.id,
        decision: 'Approved',
        duration: '14400',
        decisionPerformedByUser: 'carol@example.com',
        message: 'Approved in Gatehouse by Carol for 4 h',
      },
    ]);
    const copies = finCopies(h);
    expect(copies).toHaveLength(3);
    for (const view of copies) {
      expect(view.state).toBe('success');
      expect(view.actions ?? []).toHaveLength(0);
      expect(textOf(view)).toMatch(/Approved by Carol for 4 h at \d\d:\d\d UTC/);
    }
    expect(h.slack.directs).toHaveLength(1);
    expect(h.slack.directs[0]!.user).toBe('U0AMELIA');
    expect(textOf(h.slack.directs[0]!.view)).toContain('Approved by Carol for 4 h');
    const [entry] = await h.audit.last(1);
    expect(entry).toMatchObject({ action: 'access.approve', decision: 'approved', result: 'ok' });
    expect(entry!.targets).toEqual([request.id]);
    // A later click hears what happened, and nothing more is sent.
    const late = await h.click('access.deny', ref, DAN, { reason: 'too late' });
    expect(sentence(late.view)).toMatch(/^Already decided: Approved by Carol for 4 h/);
    expect(h.fake.decisions).toHaveLength(1);
  });

  it('20 concurrent approve clicks make exactly one decision call', async () => {
    const { h, ref } = await posted(makeStore);
    const people = [CAROL, DAN, ERIN];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.click('access.approve', ref, people[i % 3]!)),
    );
    expect(decisionCalls(h)).toHaveLength(1);
    expect(results.filter((r) => r.visibility === 'channel')).toHaveLength(1);
    for (const r of results.filter((x) => x.visibility === 'private')) {
      expect(sentence(r.view)).toMatch(
        /^(Already decided: Approved by|.* is sending a decision|Already handled by|You have already approved)/,
      );
    }
    // The default duration was used: the select was left as it was.
    expect((h.fake.decisions[0] as { duration: string }).duration).toBe('3600');
    for (const view of finCopies(h)) expect(view.state).toBe('success');
  });

  it('the requester can never decide their own request (matched by email, or by account name)', async () => {
    const { h, ref } = await posted(makeStore);
    const own = await h.click('access.approve', ref, AMELIA);
    expect(own.visibility).toBe('private');
    expect(sentence(own.view)).toBe(
      'You cannot decide your own admin access request (CORP\\amelia.hart on FIN-LT-0142): someone else with the approver role must.',
    );
    // Dan's request has no UPN: his email's account matches CORP\dan.reyes.
    const danCard = postedCard(h, 'ENG-WS-2207');
    const byName = await h.click('access.deny', buttonRef(danCard, 'Deny'), DAN, { reason: 'no' });
    expect(sentence(byName.view)).toContain('You cannot decide your own admin access request');
    expect(h.fake.decisions).toHaveLength(0);
    for (const view of finCopies(h)) expect(view.state).toBe('pending');
    const [entry] = await h.audit.last(1);
    expect(entry).toMatchObject({ action: 'access.deny', decision: 'refused' });
  });

  it('only the approver role decides', async () => {
    const { h, ref } = await posted(makeStore);
    const result = await h.click('access.approve', ref, VIC);
    expect(sentence(result.view)).toBe(
      'Only people with the approver role can decide admin access requests.',
    );
    expect(h.fake.decisions).toHaveLength(0);
  });

  it('deny without a reason is refused and changes nothing; with one, every copy says why', async () => {
    const { h, card, request } = await posted(makeStore);
    const deny = buttonRef(card, 'Deny');
    for (const values of [{}, { reason: '' }, { reason: '   ' }] as Array<Record<string, string>>) {
      const refused = await h.click('access.deny', deny, CAROL, values);
      expect(refused.visibility).toBe('private');
      expect(sentence(refused.view)).toBe(
        'A denial needs a reason, so the requester knows why; nothing was changed.',
      );
    }
    expect(h.fake.decisions).toHaveLength(0);
    for (const view of finCopies(h)) expect(view.actions?.map((a) => a.label)).toContain('Deny');

    await h.click('access.deny', deny, CAROL, { reason: 'Use the Company Portal' });
    expect(h.fake.decisions).toEqual([
      {
        requestId: request.id,
        decision: 'Denied',
        decisionPerformedByUser: 'carol@example.com',
        message: 'Denied in Gatehouse by Carol: Use the Company Portal',
      },
    ]);
    for (const view of finCopies(h)) {
      expect(view.state).toBe('denied');
      expect(textOf(view)).toContain('Denied by Carol: Use the Company Portal');
    }
    expect(textOf(h.slack.directs[0]!.view)).toContain('Denied by Carol: Use the Company Portal');
  });

  it('a PM Cloud failure leaves the card actionable and tells the clicker alone', async () => {
    const { h, ref } = await posted(makeStore);
    const updates = h.slack.updates.length;
    h.fake.failNext(500);
    const failed = await h.click('access.approve', ref, CAROL);
    expect(failed.visibility).toBe('private');
    expect(sentence(failed.view)).toMatch(
      /^PM Cloud failed \(HTTP 500\) while approving admin access request/,
    );
    expect(h.slack.updates.length).toBe(updates);
    for (const view of finCopies(h)) expect(view.state).toBe('pending');
    const [entry] = await h.audit.last(1);
    expect(entry!.result).toMatch(/^failed: PM Cloud failed/);
    // The same person can try again, and it goes through.
    expect(decisionCalls(h).map((c) => c.status)).toEqual([500]);
    const retried = await h.click('access.approve', ref, CAROL);
    expect(retried.visibility).toBe('channel');
    expect(decisionCalls(h).map((c) => c.status)).toEqual([500, 200]);
    for (const view of finCopies(h)) expect(view.state).toBe('success');
  });

  it('a request decided in PM Cloud meanwhile (409) shows that decision on every copy', async () => {
    const { h, ref, request } = await posted(makeStore);
    h.fake.setDecision(request.id, 'Denied', 'pat@corp.example');
    const result = await h.click('access.approve', ref, CAROL);
    expect(sentence(result.view)).toContain('(409)');
    for (const view of finCopies(h)) {
      expect(textOf(view)).toContain('Decided in PM Cloud: Denied by pat@corp.example');
      expect(view.actions ?? []).toHaveLength(0);
    }
  });

  it('decided elsewhere: the poller notices and every copy says who decided', async () => {
    const { h, ref, request } = await posted(makeStore);
    h.fake.setDecision(request.id, 'Approved', 'alice@corp.example');
    await h.poll();
    const copies = finCopies(h);
    expect(copies).toHaveLength(3);
    for (const view of copies) {
      expect(textOf(view)).toContain('Decided in PM Cloud: Approved by alice@corp.example');
      expect(view.actions ?? []).toHaveLength(0);
    }
    const late = await h.click('access.approve', ref, CAROL);
    expect(sentence(late.view)).toBe('Already decided: Decided in PM Cloud: Approved by alice@corp.example.');
    expect(h.fake.decisions).toHaveLength(0);
    // The other request is untouched.
    for (const view of h.copies().filter((v) => textOf(v).includes('ENG-WS-2207')))
      expect(view.state).toBe('pending');
  });

  it('expired: past expire_after every copy says nothing was granted, and clicks cannot grant it', async () => {
    const { h, ref } = await posted(makeStore, { policyText: accessPolicy({ expireAfter: '2h' }) });
    h.advance(2 * 3_600_000);
    await h.poll();
    for (const view of h.copies()) {
      expect(view.state).toBe('expired');
      expect(textOf(view)).toContain('Expired, nothing was granted');
    }
    const late = await h.click('access.approve', ref, CAROL);
    expect(sentence(late.view)).toBe('Already decided: Expired, nothing was granted.');
    expect(h.fake.decisions).toHaveLength(0);
  });

  it('a click on a request that expired before the poller noticed expires it instead of deciding', async () => {
    const { h, ref } = await posted(makeStore, { policyText: accessPolicy({ expireAfter: '1h' }) });
    h.advance(3_600_000);
    const result = await h.click('access.approve', ref, CAROL);
    expect(result.view.state).toBe('expired');
    expect(h.fake.decisions).toHaveLength(0);
    for (const view of finCopies(h)) expect(textOf(view)).toContain('Expired, nothing was granted');
  });

  it('Details answers privately with everything known', async () => {
    const { h, card, request } = await posted(makeStore);
    const details = await h.click('access.details', buttonRef(card, 'Details'), VIC);
    expect(details.visibility).toBe('private');
    const text = textOf(details.view);
    expect(text).toContain(request.id);
    expect(text).toContain(request.ticketId!);
    expect(text).toContain('In PM Cloud');
    expect(text).toContain(`access approve ${request.id}`);
  });

  it('an unknown or foreign reference changes nothing', async () => {
    const { h } = await posted(makeStore);
    const result = await h.click('access.approve', 'not-a-real-ref', CAROL);
    expect(sentence(result.view)).toContain('This card is not known to Gatehouse');
    expect(h.fake.decisions).toHaveLength(0);
  });
});

describe.each(storeBackends)('threshold: required_approvals 2 on %s', (_name, makeStore) => {
  const policyText = accessPolicy({ requiredApprovals: 2 });

  it('collects two distinct approvals (the same person twice counts once), then decides', async () => {
    const { h, ref, request } = await posted(makeStore, { policyText });
    const first = await h.click('access.approve', ref, CAROL, { duration: '28800' });
    expect(first.visibility).toBe('private');
    expect(sentence(first.view)).toMatch(/^Your approval is recorded: 1 of 2/);
    for (const view of finCopies(h)) {
      expect(textOf(view)).toContain('1 of 2 approvals (Carol)');
      expect(view.actions?.map((a) => a.label)).toEqual(['Approve', 'Deny', 'Details']);
    }
    // Carol again, and Carol from another platform with the same email: still one approval.
    const again = await h.click('access.approve', ref, CAROL);
    expect(sentence(again.view)).toMatch(/^You have already approved this request; it needs 1 more approval/);
    const slackCarol = { ...CAROL, platform: 'slack' as const, userId: 'U0CAROL' };
    await h.click('access.approve', ref, slackCarol);
    expect(h.fake.decisions).toHaveLength(0);
    for (const view of finCopies(h)) expect(textOf(view)).toContain('1 of 2 approvals (Carol)');

    const second = await h.click('access.approve', ref, ERIN, { duration: '28800' });
    expect(second.visibility).toBe('channel');
    expect(h.fake.decisions).toEqual([
      expect.objectContaining({ requestId: request.id, decision: 'Approved', duration: '28800' }),
    ]);
    for (const view of finCopies(h)) expect(textOf(view)).toMatch(/Approved by Carol and Erin for 8 h at/);
  });

  it('one denial ends it', async () => {
    const { h, card, ref } = await posted(makeStore, { policyText });
    await h.click('access.approve', ref, CAROL);
    await h.click('access.deny', buttonRef(card, 'Deny'), ERIN, { reason: 'Not during the freeze' });
    expect(h.fake.decisions).toEqual([expect.objectContaining({ decision: 'Denied' })]);
    for (const view of finCopies(h)) expect(textOf(view)).toContain('Denied by Erin: Not during the freeze');
  });

  it('a PM Cloud failure on the deciding approval gives that approval back', async () => {
    const { h, ref } = await posted(makeStore, { policyText });
    await h.click('access.approve', ref, CAROL);
    h.fake.failNext(503);
    const failed = await h.click('access.approve', ref, ERIN);
    expect(sentence(failed.view)).toMatch(/^PM Cloud failed \(HTTP 503\)/);
    for (const view of finCopies(h)) expect(textOf(view)).toContain('1 of 2 approvals (Carol)');
    const retried = await h.click('access.approve', ref, ERIN);
    expect(retried.visibility).toBe('channel');
    expect(decisionCalls(h).map((c) => c.status)).toEqual([503, 200]);
    for (const view of finCopies(h)) expect(textOf(view)).toContain('Approved by Carol and Erin');
  });
});

describe('20 concurrent approve clicks across two instances sharing Redis', () => {
  it('exactly one decision call, and every copy final', async () => {
    const namespace = `gh-access-${randomUUID()}`;
    const a = await startAccessHarness(() => createStore(REDIS_URL, { namespace }));
    open.push(a);
    const b = await startAccessHarness(() => createStore(REDIS_URL, { namespace }), { replicaOf: a });
    open.push(b);
    await a.poll();
    const ref = buttonRef(postedCard(a, 'FIN-LT-0142'), 'Approve');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).click('access.approve', ref, [CAROL, DAN, ERIN][i % 3]!),
      ),
    );
    expect(decisionCalls(a)).toHaveLength(1);
    for (const view of finCopies(a)) expect(view.state).toBe('success');
  });
});

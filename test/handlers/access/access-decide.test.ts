import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { storeBackends } from '../../helpers/stores.ts';
import {
  AMELIA,
  accessPolicy,
  buttonRef,
  CAROL,
  DAN,
  ERIN,
  postedCard,
  textOf,
  VIC,
} from './access-harness.ts';
import {
  decisionCalls,
  finCopies,
  type PostedOptions,
  posted as postedWith,
  sentence,
} from './access-posted.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const posted = (makeStore: () => Store, o: PostedOptions = {}) => postedWith(open, makeStore, o);

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

import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { REDIS_URL, storeBackends } from '../../helpers/stores.ts';
import {
  accessPolicy,
  buttonRef,
  CAROL,
  DAN,
  ERIN,
  postedCard,
  startAccessHarness,
  textOf,
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

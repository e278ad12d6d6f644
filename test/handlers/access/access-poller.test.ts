import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pollAccessRequests } from '../../../handlers/access/access-poller.ts';
import { createStore } from '../../../src/store/create-store.ts';
import { startFakePmCloud } from '../../fakes/pmcloud-server.ts';
import { REDIS_URL, storeBackends } from '../../helpers/stores.ts';
import {
  type AccessHarness,
  CAROL,
  PMC_ID,
  PMC_SECRET,
  postedCard,
  seedRequests,
  startAccessHarness,
  textOf,
} from './access-harness.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function harness(...args: Parameters<typeof startAccessHarness>): Promise<AccessHarness> {
  const h = await startAccessHarness(...args);
  open.push(h);
  return h;
}

/** Channels in the test policy: two on Slack, one on Teams. */
const COPIES_PER_REQUEST = 3;

describe.each(storeBackends)('the pmc-access poller on %s', (_name, makeStore) => {
  it('posts each pending request once to every channel on every platform, and never again', async () => {
    const h = await harness(makeStore);
    await h.poll();
    await h.poll();
    await h.poll();
    expect(h.slack.posts.map((p) => p.channel).sort()).toEqual(
      ['C0APPROVE', 'C0APPROVE', 'C0SECOPS', 'C0SECOPS'].sort(),
    );
    expect(h.teams.posts.map((p) => p.channel)).toEqual([
      '19:approvers@thread.tacv2',
      '19:approvers@thread.tacv2',
    ]);
    // The decided request is not offered.
    expect(h.copies().some((v) => textOf(v).includes('SALES-LT-0088'))).toBe(false);
    expect(h.fake.decisions).toHaveLength(0);
  });

  it('shows who asks, where, why, when, how long, the wait, who may decide, and the choices', async () => {
    const h = await harness(makeStore);
    await h.poll();
    const card = postedCard(h, 'FIN-LT-0142');
    const fields = Object.fromEntries((card.fields ?? []).map((f) => [f.label, f.value]));
    expect(card.state).toBe('pending');
    expect(fields['Requested by']).toBe('CORP\\amelia.hart (amelia.hart@corp.example)');
    expect(fields.Computer).toBe('FIN-LT-0142');
    expect(fields.Asked).toMatch(/\d\d:\d\d UTC$/);
    expect(fields['Duration asked']).toBe('1 h');
    expect(fields.Waiting).toBe('under 15 min');
    expect(fields['Who may decide']).toBe('anyone with the approver role except CORP\\amelia.hart');
    expect(textOf(card)).toContain('Install the Bloomberg Excel add-in');
    const select = card.inputs?.find((i) => i.id === 'duration');
    // 2d is over max_duration (1d) and is never offered.
    expect(select).toMatchObject({
      type: 'select',
      initial: '3600',
      choices: [
        { label: 'Once', value: 'once' },
        { label: '1 h', value: '3600' },
        { label: '4 h', value: '14400' },
        { label: '8 h', value: '28800' },
        { label: '1 d', value: '86400' },
      ],
    });
    expect(card.inputs?.find((i) => i.id === 'reason')).toMatchObject({ type: 'text', required: true });
    expect(card.actions?.map((a) => [a.label, a.verb, a.inputs ?? []])).toEqual([
      ['Approve', 'access.approve', ['duration']],
      ['Deny', 'access.deny', ['reason']],
      ['Details', 'access.details', []],
    ]);
    // The buttons carry one opaque reference, never the request id or a decision.
    const refs = new Set(card.actions?.map((a) => a.ref));
    expect(refs.size).toBe(1);
    const [ref] = [...refs];
    expect(ref).not.toContain(h.fake.requests[0]!.id);
    expect(postedCard(h, 'ENG-WS-2207').fields?.find((f) => f.label === 'Duration asked')?.value).toBe(
      'once',
    );
  });

  it('posts a request that arrives later, on the round after it appears', async () => {
    const h = await harness(makeStore);
    await h.poll();
    const before = h.slack.posts.length;
    h.fake.addRequest({ computerName: 'HR-LT-0031', userName: 'CORP\\l.nguyen' });
    await h.poll();
    await h.poll();
    expect(h.slack.posts.length).toBe(before + 2);
    expect(h.teams.posts.filter((p) => textOf(p.view).includes('HR-LT-0031'))).toHaveLength(1);
  });

  it('refreshes the waiting time on every copy when it changes, and only then', async () => {
    const h = await harness(makeStore);
    await h.poll();
    const updates = h.slack.updates.length + h.teams.updates.length;
    await h.poll();
    expect(h.slack.updates.length + h.teams.updates.length).toBe(updates);
    h.advance(40 * 60_000);
    await h.poll();
    const fin = h.copies().filter((v) => textOf(v).includes('FIN-LT-0142'));
    expect(fin).toHaveLength(COPIES_PER_REQUEST);
    for (const view of fin) expect(view.fields?.find((f) => f.label === 'Waiting')?.value).toBe('45+ min');
  });

  it('does not offer a request already older than expire_after when first seen', async () => {
    const h = await harness(makeStore, {
      seed: seedRequests(Date.now() - 2 * 86_400_000).slice(0, 1),
    });
    await h.poll();
    expect(h.slack.posts).toHaveLength(0);
  });
});

describe('exactly once across a restart (SQLite file)', () => {
  it('a new process on the same store posts nothing it already posted', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gh-access-')), 'store.sqlite');
    const fake = await startFakePmCloud({ clientId: PMC_ID, clientSecret: PMC_SECRET, seed: seedRequests() });
    open.push(fake);
    const first = await startAccessHarness(() => createStore(`sqlite://${file}`), { fake });
    await first.poll();
    expect(first.slack.posts).toHaveLength(4);
    await first.close();

    const second = await harness(() => createStore(`sqlite://${file}`), { fake });
    await second.poll();
    expect(second.slack.posts).toHaveLength(0);
    expect(second.teams.posts).toHaveLength(0);
    fake.addRequest({ computerName: 'OPS-JUMP-01', userName: 'CORP\\s.varga' });
    await second.poll();
    expect(second.slack.posts.map((p) => p.channel)).toEqual(['C0APPROVE', 'C0SECOPS']);
  });
});

describe('exactly once across two instances sharing Redis', () => {
  it('rounds run by both at once post every request once, and either instance can decide it', async () => {
    const namespace = `gh-access-${randomUUID()}`;
    const a = await harness(() => createStore(REDIS_URL, { namespace }));
    const b = await harness(() => createStore(REDIS_URL, { namespace }), { replicaOf: a });
    // Straight at the rounds, past the lease: the per-request claims alone must keep it to one post.
    await Promise.all([
      pollAccessRequests(a.deps),
      pollAccessRequests(b.deps),
      pollAccessRequests(a.deps),
      pollAccessRequests(b.deps),
    ]);
    expect(a.slack.posts).toHaveLength(4);
    expect(a.teams.posts).toHaveLength(2);
    for (const computer of ['FIN-LT-0142', 'ENG-WS-2207']) {
      expect(a.slack.posts.filter((p) => textOf(p.view).includes(computer))).toHaveLength(2);
    }

    const ref = postedCard(a, 'FIN-LT-0142').actions![0]!.ref;
    const result = await b.click('access.approve', ref, CAROL, { duration: '3600' });
    expect(result.visibility).toBe('channel');
    const fin = a.copies().filter((v) => textOf(v).includes('FIN-LT-0142'));
    expect(fin).toHaveLength(COPIES_PER_REQUEST);
    for (const view of fin) expect(view.state).toBe('success');
    expect(a.fake.decisions).toHaveLength(1);
  });
});

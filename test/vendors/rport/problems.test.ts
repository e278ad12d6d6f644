import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createRportClient, rportErrorKind } from '../../../src/vendors/rport/index.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { ADMIN_TOKEN, startRport } from './harness.ts';

let fake: FakeRport | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const CPU = '9c1e7f0a-52d4-4b8e-a1f3-0d6c2b7e4f11';

describe('rport alerting problems', () => {
  it('lists the active problems, newest first', async () => {
    const started = await startRport();
    fake = started.fake;
    const { problems, total } = await started.api.listProblems({ active: true });
    expect(total).toBe(3);
    expect(problems.map((p) => [p.ruleId, p.clientId, p.active])).toEqual([
      ['high-cpu-usage', 'fra-db-01', true],
      ['client-disconnected', 'ams-db-02', true],
      ['disk-space-low', 'fra-web-02', true],
    ]);
    expect(problems[0]).toMatchObject({ problemId: CPU, clientName: 'db-01', resolvedAt: null });
    expect(fake.calls[0]).toMatchObject({
      method: 'GET',
      path: '/monitoring/problems',
      query: { 'filter[active]': 'true', sort: '-created_at' },
    });

    const all = await started.api.listProblems();
    expect(all.total).toBe(4);
    expect(all.problems.filter((p) => !p.active).map((p) => p.ruleId)).toEqual(['high-memory-usage']);
  });

  it('resolves a problem by setting it inactive, as the spec says', async () => {
    const started = await startRport();
    fake = started.fake;
    const { api } = started;
    await api.resolveProblem(CPU);

    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/monitoring/problems/${CPU}`);
    expect(put.body).toEqual({ active: false });
    const problem = await api.getProblem(CPU);
    expect(problem.active).toBe(false);
    expect(problem.resolvedAt).not.toBeNull();
    expect((await api.listProblems({ active: true })).problems.map((p) => p.problemId)).not.toContain(CPU);
  });

  it('says only rport Administrators may resolve, and names an unknown problem', async () => {
    const started = await startRport({
      users: [{ user: 'operator', token: 'oPeRaToR_x', groups: ['operators'], permissions: ['commands'] }],
    });
    fake = started.fake;
    const err = await started
      .as('operator', 'oPeRaToR_x')
      .resolveProblem(CPU)
      .catch((e: unknown) => e);
    expect(rportErrorKind(err)).toBe('no_permission');
    expect((err as Error).message).toBe(
      'rport lets only members of its Administrators group resolve the alerting problem (403): add the rport user to that group.',
    );
    expect(fake.problems.find((p) => p.problem_id === CPU)!.active).toBe(true);

    const missing = await started.api.resolveProblem('no-such-problem').catch((e: unknown) => e);
    expect(rportErrorKind(missing)).toBe('not_found');
  });

  it('also reads releases that report `state` instead of `active`', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const data = [
      {
        problem_id: 'p1',
        rule_id: 'r1',
        client_id: 'c1',
        state: 'active',
        created_at: '2024-06-01T10:00:00Z',
      },
      {
        problem_id: 'p2',
        rule_id: 'r2',
        client_id: 'c2',
        state: 'resolved',
        created_at: '2024-06-01T09:00:00Z',
        resolved_at: '2024-06-01T09:30:00Z',
      },
    ];
    agent
      .get('http://rport.test')
      .intercept({ path: (p) => p.startsWith('/api/v1/monitoring/problems'), method: 'GET' })
      .reply(200, { data }, { headers: { 'content-type': 'application/json' } })
      .times(2);
    const api = createRportClient({
      baseUrl: 'http://rport.test',
      user: 'admin',
      token: ADMIN_TOKEN,
      dispatcher: agent,
    });
    // A server that ignored filter[active] still yields only active problems.
    expect((await api.listProblems({ active: true })).problems.map((p) => p.problemId)).toEqual(['p1']);
    const all = await api.listProblems();
    expect(all.problems.map((p) => [p.problemId, p.active, p.resolvedAt])).toEqual([
      ['p1', true, null],
      ['p2', false, '2024-06-01T09:30:00Z'],
    ]);
    await agent.close();
  });

  it('names the broken field when a problem has neither `active` nor `state`', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://rport.test')
      .intercept({ path: (p) => p.startsWith('/api/v1/monitoring/problems'), method: 'GET' })
      .reply(200, { data: [{ problem_id: 'p1' }] }, { headers: { 'content-type': 'application/json' } });
    const api = createRportClient({
      baseUrl: 'http://rport.test',
      user: 'admin',
      token: ADMIN_TOKEN,
      dispatcher: agent,
    });
    await expect(api.listProblems()).rejects.toThrow(/field "data\.0\.active"/);
    await agent.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.ts';
import {
  ADMIN_ACCESS_DECISION_PATH,
  DecisionPathError,
  resolveDecisionPath,
} from '../../../src/vendors/pmcloud/index.ts';
import { type Harness, rejectionOf, startHarness } from './harness.ts';

const AMELIA = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a01';
const APPROVE = { decision: 'Approved' as const, durationSeconds: 3600, decidedBy: 'alice', message: 'ok' };

describe('PM Cloud get one request (EVIDENCE.md: an array of one model)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.each(['array', 'object'] as const)('reads the answer given as %s', async (getOneShape) => {
    h = await startHarness({ fake: { getOneShape } });
    const record = await h.client.getAdminAccessRequest(AMELIA);
    expect(record.id).toBe(AMELIA);
    expect(record.status).toBe('Pending');
  });
});

describe('PMC_DECISION_PATH', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('is relative to /management-api/v3 or the full path, and takes a {requestId} placeholder', () => {
    expect(resolveDecisionPath(undefined)).toBe(ADMIN_ACCESS_DECISION_PATH);
    expect(resolveDecisionPath('/management-api/v3/AdminAccessRequest/Decision')).toBe(
      '/AdminAccessRequest/Decision',
    );
    expect(resolveDecisionPath('/AdminAccessRequest/{requestId}/decision')).toBe(
      '/AdminAccessRequest/{requestId}/decision',
    );
    for (const bad of ['AdminAccessRequest', '/a/../b', '/a?x=1', '/management-api/v2/AdminAccessRequest']) {
      expect(() => resolveDecisionPath(bad)).toThrow(BadInputError);
    }
  });

  it('sends the decision to the configured path', async () => {
    const path = '/management-api/v3/AdminAccessRequest/UpdateDecision';
    h = await startHarness({
      fake: { decisionPath: path },
      client: { decisionPath: '/AdminAccessRequest/UpdateDecision' },
    });
    await h.client.decideAdminAccessRequest({ ...APPROVE, requestId: AMELIA });
    expect(h.fake.calls.at(-1)).toMatchObject({ method: 'POST', path, status: 200 });
    expect(h.fake.requests.find((r) => r.id === AMELIA)?.decision).toBe('Approved');
  });

  it.each([
    ['404 (no such route)', '/AdminAccessRequest/Decisions/Update', 404],
    ['405 (a GET-only route)', '/AdminAccessRequest/{requestId}', 405],
  ])('a %s is "decision endpoint not found", naming PMC_DECISION_PATH', async (_n, decisionPath, status) => {
    h = await startHarness({ client: { decisionPath } });
    const err = await rejectionOf(h.client.decideAdminAccessRequest({ ...APPROVE, requestId: AMELIA }));
    expect(err).toBeInstanceOf(DecisionPathError);
    expect(err).toMatchObject({ status });
    expect(err.message).toMatch(
      /^PM Cloud has no decision endpoint at POST \/management-api\/v3\/AdminAccessRequest\//,
    );
    expect(err.message).toContain('PMC_DECISION_PATH must match the tenant');
    expect(h.fake.requests.find((r) => r.id === AMELIA)?.decision).toBe('Pending');
  });

  it('probes the path with OPTIONS, which decides nothing', async () => {
    h = await startHarness();
    expect(await h.client.probeDecisionPath()).toEqual({
      path: '/management-api/v3/AdminAccessRequest/decision',
      status: 405,
      allowed: ['POST'],
    });
    const wrong = await startHarness({ client: { decisionPath: '/AdminAccessRequest/nope/nope' } });
    expect((await wrong.client.probeDecisionPath()).status).toBe(404);
    await wrong.close();
    expect(h.fake.decisions).toEqual([]);
  });
});

describe('JIT admin session range', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.each([299, 86_401])('refuses %i seconds before calling PM Cloud', async (durationSeconds) => {
    h = await startHarness();
    const err = await rejectionOf(
      h.client.decideAdminAccessRequest({ ...APPROVE, durationSeconds, requestId: AMELIA }),
    );
    expect(err).toBeInstanceOf(BadInputError);
    expect(err.message).toContain('5 minutes to 24 hours');
    expect(h.fake.decisions).toEqual([]);
  });
});

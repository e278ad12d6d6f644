import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError, VendorError } from '../../../src/errors.ts';
import { ADMIN_ACCESS_DECISION_PATH, PMC_API_BASE_PATH } from '../../../src/vendors/pmcloud/index.ts';
import { FAKE_PMC_DECISION_PATH } from '../../fakes/pmcloud-server.ts';
import { type Harness, rejectionOf, startHarness } from './harness.ts';

const AMELIA = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a01';
const NGUYEN = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a03';
const ROSSI = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a05';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('PM Cloud admin access requests', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('follows every page: 450 records at 200 a page is 3 calls, all records returned once', async () => {
    h = await startHarness({ fake: { seed: false } });
    for (let i = 0; i < 450; i += 1) {
      h.fake.addRequest({
        userName: `CORP\\user${i}`,
        created: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
      });
    }
    const all = await h.client.listAdminAccessRequests();
    const pages = h.fake.calls.filter((c) => c.path === '/management-api/v3/AdminAccessRequest');
    expect(pages.map((c) => [c.query['Pagination.PageSize'], c.query['Pagination.PageNumber']])).toEqual([
      ['200', '1'],
      ['200', '2'],
      ['200', '3'],
    ]);
    expect(all).toHaveLength(450);
    expect(new Set(all.map((r) => r.id))).toEqual(new Set(h.fake.requests.map((r) => r.id)));
    expect(all[449]!.user.name).toBe('CORP\\user449');
  });

  it('honours a smaller page size and stops on an exactly full last page', async () => {
    h = await startHarness({ fake: { seed: false } });
    for (let i = 0; i < 20; i += 1) h.fake.addRequest();
    expect(await h.client.listAdminAccessRequests({ pageSize: 5 })).toHaveLength(20);
    expect(h.fake.calls.filter((c) => c.path.endsWith('/AdminAccessRequest'))).toHaveLength(4);
  });

  it('refuses a page size PM Cloud would reject, before calling it', async () => {
    h = await startHarness();
    const err = await rejectionOf(h.client.listAdminAccessRequests({ pageSize: 500 }));
    expect(err).toBeInstanceOf(BadInputError);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('lists the pending requests, normalized, with the decision filter', async () => {
    h = await startHarness();
    const pending = await h.client.listPendingAdminAccessRequests();
    expect(h.fake.calls.at(-1)!.query['Filter.Decision']).toBe('Pending');
    const seeded = h.fake.requests.filter((r) => r.decision === 'Pending');
    expect(pending.map((r) => r.id).sort()).toEqual(seeded.map((r) => r.id).sort());
    expect(pending.length).toBeGreaterThanOrEqual(4);
    const amelia = pending.find((r) => r.id === AMELIA)!;
    const wire = h.fake.requests.find((r) => r.id === AMELIA)!;
    expect(amelia).toEqual({
      id: AMELIA,
      user: { name: wire.userName, email: wire.userPrincipalName, id: wire.userId },
      computer: { name: wire.computerName, id: wire.computerId },
      reason: wire.reason,
      createdAt: wire.created,
      requestedDuration: Number(wire.duration),
      status: 'Pending',
      decidedBy: undefined,
      decisionTime: undefined,
      message: undefined,
      ticketId: wire.ticketId,
    });
    expect(pending.find((r) => r.id === NGUYEN)!.requestedDuration).toBe('once');
  });

  it('drops decided records even if PM Cloud ignores the decision filter', async () => {
    h = await startHarness();
    h.fake.setDecision(AMELIA, 'Approved', 'carol@corp.example');
    const pending = await h.client.listPendingAdminAccessRequests();
    expect(pending.some((r) => r.id === AMELIA || r.id === ROSSI)).toBe(false);
    const decided = await h.client.listAdminAccessRequests({ filter: { decision: 'Approved' } });
    expect(decided.find((r) => r.id === AMELIA)).toMatchObject({
      status: 'Approved',
      decidedBy: 'carol@corp.example',
    });
  });

  it('gets one request, and says so when there is no such request', async () => {
    h = await startHarness();
    const rossi = await h.client.getAdminAccessRequest(ROSSI);
    expect(rossi).toMatchObject({
      status: 'Approved',
      decidedBy: 'alice@corp.example',
      message: 'Approved for two hours',
    });
    expect(rossi.decisionTime).toBe(h.fake.requests.find((r) => r.id === ROSSI)!.decisionTime);
    const err = await rejectionOf(h.client.getAdminAccessRequest(UNKNOWN));
    expect(err).toBeInstanceOf(VendorError);
    expect(err.message).toBe(
      `PM Cloud has no admin access request ${UNKNOWN} (404): check the id, or list the current requests with "access list".`,
    );
    const typo = await rejectionOf(h.client.getAdminAccessRequest('12; DROP'));
    expect(typo).toBeInstanceOf(BadInputError);
  });

  it('approves with exactly the documented body, at the one configured path', async () => {
    h = await startHarness();
    expect(PMC_API_BASE_PATH + ADMIN_ACCESS_DECISION_PATH).toBe(FAKE_PMC_DECISION_PATH);
    await h.client.decideAdminAccessRequest({
      requestId: AMELIA,
      decision: 'Approved',
      durationSeconds: 3600,
      decidedBy: 'alice@corp.example',
      message: 'Approved in #it-approvals',
    });
    expect(h.fake.decisions).toEqual([
      {
        requestId: AMELIA,
        decision: 'Approved',
        duration: '3600',
        decisionPerformedByUser: 'alice@corp.example',
        message: 'Approved in #it-approvals',
      },
    ]);
    const after = await h.client.getAdminAccessRequest(AMELIA);
    expect(after).toMatchObject({ status: 'Approved', decidedBy: 'alice@corp.example' });
  });

  it('denies without a duration', async () => {
    h = await startHarness();
    await h.client.decideAdminAccessRequest({
      requestId: NGUYEN,
      decision: 'Denied',
      decidedBy: 'bob@corp.example',
      message: 'Use the printer portal',
    });
    expect(h.fake.decisions).toEqual([
      {
        requestId: NGUYEN,
        decision: 'Denied',
        decisionPerformedByUser: 'bob@corp.example',
        message: 'Use the printer portal',
      },
    ]);
    expect(h.fake.requests.find((r) => r.id === NGUYEN)!.decision).toBe('Denied');
  });

  it('checks a decision before sending it', async () => {
    h = await startHarness();
    const base = { requestId: AMELIA, decidedBy: 'alice@corp.example', message: '' };
    for (const bad of [
      { ...base, decision: 'Approved' as const },
      { ...base, decision: 'Approved' as const, durationSeconds: 90.5 },
      { ...base, decision: 'Denied' as const, decidedBy: '  ' },
      { ...base, requestId: 'EPM000231', decision: 'Denied' as const },
    ]) {
      expect(await rejectionOf(h.client.decideAdminAccessRequest(bad))).toBeInstanceOf(BadInputError);
    }
    expect(h.fake.calls).toHaveLength(0);
  });

  it('says a request decided elsewhere was already decided, and a missing one is missing', async () => {
    h = await startHarness();
    h.fake.setDecision(AMELIA, 'Denied', 'dave@corp.example');
    const decision = { decision: 'Approved' as const, durationSeconds: 600, decidedBy: 'alice', message: '' };
    const conflict = await rejectionOf(h.client.decideAdminAccessRequest({ ...decision, requestId: AMELIA }));
    expect(conflict).toMatchObject({ code: 'conflict', status: 409 });
    expect(conflict.message).toContain('dave@corp.example');
    const missing = await rejectionOf(h.client.decideAdminAccessRequest({ ...decision, requestId: UNKNOWN }));
    expect(missing).toMatchObject({ code: 'not_found', status: 404 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitedError, VendorError } from '../../../src/errors.ts';
import { type Harness, rejectionOf, startHarness } from './harness.ts';

const AMELIA = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a01';

/** A sleep that waits for nothing and remembers what it was asked to wait. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('PM Cloud failures', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('waits out a 429 without Retry-After (real 0.5 s backoff) and succeeds', async () => {
    h = await startHarness();
    h.fake.failNext(429);
    const pending = await h.client.listPendingAdminAccessRequests();
    expect(pending.length).toBeGreaterThan(0);
    expect(h.fake.calls.filter((c) => c.path.endsWith('/AdminAccessRequest')).map((c) => c.status)).toEqual([
      429, 200,
    ]);
  });

  it('honours Retry-After', async () => {
    const { waits, sleep } = recordingSleep();
    h = await startHarness({ client: { sleep } });
    h.fake.failNext(429, { retryAfterSec: 2, times: 2 });
    await h.client.getAdminAccessRequest(AMELIA);
    expect(waits).toEqual([2000, 2000]);
  });

  it('backs off exponentially and gives up with a sentence once the wait budget is spent', async () => {
    const { waits, sleep } = recordingSleep();
    h = await startHarness({ client: { sleep } });
    h.fake.failNext(429, { times: 50 });
    const err = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    expect(err.message).toBe(
      'PM Cloud is limiting how fast Gatehouse may call it (1,000 requests per 100 s) and was still busy after 7.5 s while listing admin access requests: try again in a minute.',
    );
    expect((err as RateLimitedError).retryAfterMs).toBe(8000);
  });

  it('does not wait when Retry-After asks for longer than the budget', async () => {
    const { waits, sleep } = recordingSleep();
    h = await startHarness({ client: { sleep, maxRateLimitWaitMs: 3000 } });
    h.fake.failNext(429, { retryAfterSec: 30 });
    const err = await rejectionOf(h.client.getAdminAccessRequest(AMELIA));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(30_000);
    expect(waits).toEqual([]);
  });

  it('retries a rate-limited decision, which then applies once', async () => {
    const { sleep } = recordingSleep();
    h = await startHarness({ client: { sleep } });
    h.fake.failNext(429, { retryAfterSec: 1 });
    await h.client.decideAdminAccessRequest({
      requestId: AMELIA,
      decision: 'Approved',
      durationSeconds: 1800,
      decidedBy: 'alice@corp.example',
      message: '',
    });
    expect(h.fake.decisions).toHaveLength(1);
    expect(h.fake.requests.find((r) => r.id === AMELIA)!.decision).toBe('Approved');
  });

  it('turns a 500 into a sentence, with the problem detail when there is one', async () => {
    h = await startHarness();
    h.fake.failNext(500);
    const plain = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(plain).toBeInstanceOf(VendorError);
    expect((plain as VendorError).status).toBe(500);
    expect(plain.message).toBe(
      'PM Cloud failed (HTTP 500) while listing admin access requests (An error occurred while processing your request): try again in a minute; if it persists check the PM Cloud service status.',
    );
    h.fake.failNext(502, {
      body: { title: 'Bad Gateway', status: 502, detail: 'Upstream database unavailable.' },
    });
    const detailed = await rejectionOf(h.client.getAdminAccessRequest(AMELIA));
    expect(detailed.message).toBe(
      `PM Cloud failed (HTTP 502) while reading admin access request ${AMELIA} (Upstream database unavailable): try again in a minute; if it persists check the PM Cloud service status.`,
    );
  });

  it('says which permission the API account lacks on a 403', async () => {
    h = await startHarness();
    h.fake.failNext(403);
    const err = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(err).toMatchObject({ status: 403, code: 'not_permitted' });
    expect(err.message).toBe(
      'PM Cloud denied listing admin access requests (403): the API account PMC_CLIENT_ID lacks the JIT (Admin access request) permission; give it JIT access in PM Cloud (Configuration → API Settings).',
    );
  });

  it('reads the field errors of a 400 problem+json', async () => {
    h = await startHarness();
    h.fake.failNext(400, {
      body: {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { 'Filter.Decision': ["The value 'Maybe' is not valid."] },
      },
    });
    const err = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(err).toMatchObject({ status: 400, code: 'bad_input' });
    expect(err.message).toBe(
      "PM Cloud rejected listing admin access requests (HTTP 400): One or more validation errors occurred; Filter.Decision: The value 'Maybe' is not valid.",
    );
  });

  it('names the field when a list comes back unusable', async () => {
    h = await startHarness();
    h.fake.failNext(200, {
      body: { pageNumber: 1, pageSize: 200, totalRecordCount: 0, pageCount: 0, items: [] },
    });
    const noData = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(noData).toBeInstanceOf(VendorError);
    expect(noData.message).toMatch(
      /^PM Cloud sent an answer to the admin access request list that Gatehouse cannot use: field "data"/,
    );

    h.fake.requests.splice(0, h.fake.requests.length);
    h.fake.addRequest({ userName: 42 as unknown as string });
    const badUser = await rejectionOf(h.client.listAdminAccessRequests());
    expect(badUser.message).toContain('field "data.0.userName"');
  });

  it('names the field when one request comes back unusable', async () => {
    h = await startHarness();
    Object.assign(h.fake.requests.find((r) => r.id === AMELIA)!, { duration: 'a while' });
    const err = await rejectionOf(h.client.getAdminAccessRequest(AMELIA));
    expect(err.message).toBe(
      'PM Cloud sent an answer to the admin access request that Gatehouse cannot use: field "duration" is not a number of seconds or "Once".',
    );
  });

  it('reports every call to the metrics observer by operation', async () => {
    const seen: string[] = [];
    h = await startHarness({
      client: { metrics: { observe: (c) => seen.push(`${c.operation}:${c.error ?? 'ok'}`) } },
    });
    h.fake.failNext(403);
    await rejectionOf(h.client.getAdminAccessRequest(AMELIA));
    await h.client.listPendingAdminAccessRequests();
    expect(seen).toEqual(['token:ok', 'adminAccessRequests.get:http_403', 'adminAccessRequests.list:ok']);
  });
});

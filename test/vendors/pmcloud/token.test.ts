import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../../src/errors.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { CLIENT_SECRET, type Harness, rejectionOf, startHarness } from './harness.ts';

const PENDING_ID = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a01';

describe.each(storeBackends)('PM Cloud access token (store: %s)', (_name, makeStore) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('fetches one token for 100 calls, concurrent and sequential', async () => {
    h = await startHarness({ makeStore });
    const concurrent = await Promise.all(
      Array.from({ length: 90 }, () => h.client.getAdminAccessRequest(PENDING_ID)),
    );
    for (let i = 0; i < 10; i += 1) await h.client.getAdminAccessRequest(PENDING_ID);
    expect(concurrent.every((r) => r.id === PENDING_ID)).toBe(true);
    expect(h.fake.tokenRequests).toBe(1);
    expect(h.client.tokenFetches).toBe(1);
    expect(h.fake.calls.filter((c) => c.path.endsWith(PENDING_ID) && c.status === 200)).toHaveLength(100);
  });

  it('shares one token between two replicas through the store', async () => {
    h = await startHarness({ makeStore });
    const other = h.replica();
    await Promise.all([
      h.client.listPendingAdminAccessRequests(),
      other.listPendingAdminAccessRequests(),
      h.client.getAdminAccessRequest(PENDING_ID),
      other.getAdminAccessRequest(PENDING_ID),
    ]);
    expect(h.fake.tokenRequests).toBe(1);
    expect(h.client.tokenFetches + other.tokenFetches).toBe(1);
  });

  it('fetches a new token when the old one has (really) expired', async () => {
    h = await startHarness({ makeStore, fake: { tokenLifetimeSec: 1 } });
    await h.client.getAdminAccessRequest(PENDING_ID);
    await sleep(1100); // past the fake's own expiry too, so reusing the old token would get a 401
    await h.client.getAdminAccessRequest(PENDING_ID);
    expect(h.fake.tokenRequests).toBe(2);
    expect(h.fake.calls.filter((c) => c.status === 401)).toHaveLength(0);
  });

  it('refreshes shortly before expiry by its clock', async () => {
    let clock = Date.parse('2025-03-01T09:00:00Z');
    h = await startHarness({ makeStore, client: { now: () => clock } });
    await h.client.getAdminAccessRequest(PENDING_ID);
    clock += 3_000_000; // 50 min: still well inside the hour
    await h.client.getAdminAccessRequest(PENDING_ID);
    expect(h.fake.tokenRequests).toBe(1);
    clock += 560_000; // 59 min 20 s: inside the refresh margin
    await h.client.getAdminAccessRequest(PENDING_ID);
    expect(h.fake.tokenRequests).toBe(2);
  });

  it('after a 401 drops the token, fetches a fresh one and retries once', async () => {
    h = await startHarness({ makeStore });
    await h.client.getAdminAccessRequest(PENDING_ID);
    h.fake.expireTokens();
    const request = await h.client.getAdminAccessRequest(PENDING_ID);
    expect(request.id).toBe(PENDING_ID);
    expect(h.fake.tokenRequests).toBe(2);
    expect(h.fake.calls.filter((c) => c.path.endsWith(PENDING_ID)).map((c) => c.status)).toEqual([
      200, 401, 200,
    ]);
    // The replacement is shared: a second replica does not fetch its own.
    await h.replica().getAdminAccessRequest(PENDING_ID);
    expect(h.fake.tokenRequests).toBe(2);
  });
});

describe('PM Cloud token failures', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('names the settings to check when the credentials are wrong, without printing the secret', async () => {
    h = await startHarness();
    const wrong = h.replica({ clientSecret: 'not-the-secret' });
    const err = await rejectionOf(wrong.listPendingAdminAccessRequests());
    expect(err).toBeInstanceOf(VendorError);
    expect(err.message).toBe(
      'PM Cloud refused the API credentials: check PMC_CLIENT_ID and PMC_CLIENT_SECRET.',
    );
    expect(err.message).not.toContain('not-the-secret');
    expect(h.fake.calls.filter((c) => c.path.startsWith('/management-api'))).toHaveLength(0);
  });

  it('says the API kept refusing when even a fresh token gets a 401', async () => {
    h = await startHarness();
    h.fake.failNext(401, { times: 2 });
    const err = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(err.message).toMatch(
      /^PM Cloud refused Gatehouse's access token \(401\) while listing admin access requests/,
    );
    expect(err.message).toContain('PMC_CLIENT_ID');
    expect(h.fake.tokenRequests).toBe(2);
  });

  it('explains a token endpoint that fails or is not there', async () => {
    h = await startHarness();
    h.fake.failNext(503, { target: 'token' });
    const failed = await rejectionOf(h.client.listPendingAdminAccessRequests());
    expect(failed.message).toBe(
      'PM Cloud failed (HTTP 503) while issuing an access token: try again in a minute; if it persists check the PM Cloud service status.',
    );
    const misplaced = h.replica({ baseUrl: `${h.fake.url}/console` });
    const missing = await rejectionOf(misplaced.listPendingAdminAccessRequests());
    expect(missing.message).toMatch(
      /no token endpoint at this address \(404\): check that PMC_URL is the "-services" host/,
    );
  });

  it('keeps the secret and the tokens out of the log', async () => {
    h = await startHarness();
    await h.client.listPendingAdminAccessRequests();
    h.fake.expireTokens();
    await h.client.getAdminAccessRequest(PENDING_ID);
    const logs = h.logs();
    expect(logs).toContain('PM Cloud refused the token');
    expect(h.fake.issuedTokens).toHaveLength(2);
    for (const secret of [CLIENT_SECRET, ...h.fake.issuedTokens]) expect(logs).not.toContain(secret);
  });
});

import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakePmCloud, startFakePmCloud } from '../../fakes/pmcloud-server.ts';

const PENDING = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a02';
const APPROVED = '3f2b8c1e-7a4d-4e2b-9c61-0d5a8e7f1a05';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The fake holds clients to PM Cloud's rules; these tests hold the fake to them. */
describe('fake PM Cloud', () => {
  let fake: FakePmCloud;
  beforeEach(async () => {
    fake = await startFakePmCloud({ clientId: 'id', clientSecret: 's3cret' });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ) {
    const res = await request(fake.url + path, { method, ...init });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  async function token(): Promise<string> {
    const res = await call('POST', '/oauth/connect/token', {
      headers: FORM,
      body: 'grant_type=client_credentials&client_id=id&client_secret=s3cret',
    });
    return res.body.access_token;
  }
  const api = async (method: 'GET' | 'POST', path: string, body?: unknown, type = 'application/json') =>
    call(method, `/management-api/v3${path}`, {
      headers: {
        authorization: `Bearer ${await token()}`,
        ...(body !== undefined ? { 'content-type': type } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });

  it('seeds four pending requests from different people on different machines, and two decided ones', () => {
    const pending = fake.requests.filter((r) => r.decision === 'Pending');
    expect(pending).toHaveLength(4);
    expect(new Set(pending.map((r) => r.userName)).size).toBe(4);
    expect(new Set(pending.map((r) => r.computerName)).size).toBe(4);
    expect(pending.every((r) => r.reason)).toBe(true);
    expect(
      fake.requests
        .filter((r) => r.decision !== 'Pending')
        .map((r) => r.decision)
        .sort(),
    ).toEqual(['Approved', 'Denied']);
  });

  it('issues tokens only to the right client, by form or Basic, for client_credentials', async () => {
    const post = (body: string, headers: Record<string, string> = FORM) =>
      call('POST', '/oauth/connect/token', { headers, body });
    expect(await post('grant_type=client_credentials&client_id=id&client_secret=nope')).toMatchObject({
      status: 400,
      body: { error: 'invalid_client' },
    });
    expect((await post('grant_type=password&client_id=id&client_secret=s3cret')).body.error).toBe(
      'unsupported_grant_type',
    );
    expect(
      (await post('{"grant_type":"client_credentials"}', { 'content-type': 'application/json' })).status,
    ).toBe(400);
    const basic = (secret: string) => ({
      ...FORM,
      authorization: `Basic ${Buffer.from(`id:${secret}`).toString('base64')}`,
    });
    expect((await post('grant_type=client_credentials', basic('wrong'))).status).toBe(401);
    const good = await post('grant_type=client_credentials&scope=urn%3Amanagement%3Aapi', basic('s3cret'));
    expect(good).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600 } });
    expect(fake.tokenRequests).toBe(5);
  });

  it('requires an issued, unexpired Bearer token', async () => {
    expect((await call('GET', '/management-api/v3/AdminAccessRequest')).status).toBe(401);
    const forged = await call('GET', '/management-api/v3/AdminAccessRequest', {
      headers: { authorization: 'Bearer forged' },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const t = await token();
    const ok = await call('GET', '/management-api/v3/AdminAccessRequest', {
      headers: { authorization: `Bearer ${t}` },
    });
    expect(ok.status).toBe(200);
    fake.expireTokens();
    const expired = await call('GET', '/management-api/v3/AdminAccessRequest', {
      headers: { authorization: `Bearer ${t}` },
    });
    expect(expired.status).toBe(401);
  });

  it('validates paging like ASP.NET, with a problem+json', async () => {
    for (const query of [
      'Pagination.PageSize=0',
      'Pagination.PageSize=201',
      'Pagination.PageSize=ten',
      'Pagination.PageNumber=0',
    ]) {
      const res = await api('GET', `/AdminAccessRequest?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Object.keys(res.body.errors)).toEqual([query.split('=')[0]]);
    }
    const page = await api('GET', '/AdminAccessRequest?Pagination.PageSize=4&Pagination.PageNumber=2');
    expect(page.body).toMatchObject({ pageNumber: 2, pageSize: 4, totalRecordCount: 6, pageCount: 2 });
    expect(page.body.data).toHaveLength(2);
    expect((await api('GET', '/AdminAccessRequest?Filter.Decision=Maybe')).status).toBe(400);
  });

  it('validates decision bodies and applies a good one', async () => {
    const good = {
      requestId: PENDING,
      decision: 'Approved',
      duration: '3600',
      decisionPerformedByUser: 'alice',
      message: 'ok',
    };
    const cases: Array<[unknown, string]> = [
      [{ ...good, requestId: undefined }, 'requestId'],
      [{ ...good, decision: 'Maybe' }, 'decision'],
      [{ ...good, duration: 3600 }, '$.duration'],
      [{ ...good, duration: '1h' }, 'duration'],
      [{ ...good, duration: undefined }, 'duration'],
      [{ ...good, decisionPerformedByUser: '' }, 'decisionPerformedByUser'],
    ];
    for (const [body, field] of cases) {
      const res = await api('POST', '/AdminAccessRequest/decision', body);
      expect(res.status, field).toBe(400);
      expect(Object.keys(res.body.errors), field).toContain(field);
    }
    expect(
      (await api('POST', '/AdminAccessRequest/decision', JSON.stringify(good), 'text/plain')).status,
    ).toBe(415);
    expect((await api('POST', '/AdminAccessRequest/decision', { ...good, requestId: APPROVED })).status).toBe(
      409,
    );
    const unknown = { ...good, requestId: '00000000-0000-4000-8000-000000000000' };
    expect((await api('POST', '/AdminAccessRequest/decision', unknown)).status).toBe(404);
    expect(fake.requests.find((r) => r.id === PENDING)!.decision).toBe('Pending');

    expect((await api('POST', '/AdminAccessRequest/decision', good)).status).toBe(200);
    expect(fake.requests.find((r) => r.id === PENDING)).toMatchObject({
      decision: 'Approved',
      decisionPerformedByUser: 'alice',
      duration: '3600',
    });
    expect(fake.decisions).toHaveLength(cases.length + 3);
  });

  it('fails on command the given number of times, with Retry-After', async () => {
    fake.failNext(429, { retryAfterSec: 3, times: 2 });
    const first = await api('GET', `/AdminAccessRequest/${PENDING}`);
    const second = await api('GET', `/AdminAccessRequest/${PENDING}`);
    const third = await api('GET', `/AdminAccessRequest/${PENDING}`);
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers['retry-after']).toBe('3');
    expect(third.body[0].id).toBe(PENDING);
  });
});

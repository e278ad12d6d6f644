import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakePasswordSafe, PS_COOKIE } from '../../fakes/password-safe-server.ts';
import { API_KEY, RUN_AS, startSeededFake } from './helpers.ts';

/** The fake must hold clients to the vendor's rules, or the client tests prove nothing. */
describe('fake Password Safe', () => {
  let fake: FakePasswordSafe;
  afterEach(async () => {
    await fake?.close();
  });

  const PS_AUTH = `PS-Auth key=${API_KEY}; runas=${RUN_AS};`;
  /** The cookie with the PS-Auth header, as a client sends every call. */
  const both = (cookie: string) => ({ cookie, authorization: PS_AUTH });

  async function call(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const res = await request(`${fake.url}/${path}`, { method, headers });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  }

  async function signIn() {
    const res = await call(
      'Auth/SignAppin',
      { authorization: `PS-Auth key=${API_KEY}; runas=${RUN_AS};` },
      'POST',
    );
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    return setCookie.split(';')[0]!;
  }

  it.each([
    ['no header', undefined],
    ['a bearer token', `Bearer ${API_KEY}`],
    ['no trailing semicolon', `PS-Auth key=${API_KEY}; runas=${RUN_AS}`],
    ['no space after the semicolon', `PS-Auth key=${API_KEY};runas=${RUN_AS};`],
    ['the run-as user in another case', `PS-Auth key=${API_KEY}; runas=${RUN_AS.toUpperCase()};`],
  ])('refuses a sign-in with %s', async (_name, authorization) => {
    fake = await startSeededFake();
    const res = await call('Auth/SignAppin', authorization ? { authorization } : {}, 'POST');
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(fake.signIns).toBe(0);
  });

  it('accepts the documented header, with or without pwd=[…], and issues an ASP.NET session cookie', async () => {
    fake = await startSeededFake();
    const cookie = await signIn();
    expect(cookie).toMatch(new RegExp(`^${PS_COOKIE}=[a-z0-5]{24}$`));
    const withPwd = await call(
      'Auth/SignAppin',
      { authorization: `PS-Auth key=${API_KEY}; runas=${RUN_AS}; pwd=[p@ss];` },
      'POST',
    );
    expect(withPwd.status).toBe(200);
    expect(JSON.parse(withPwd.body)).toMatchObject({ UserId: 2, UserName: RUN_AS });
  });

  it('requires a live cookie on every other call and forgets it after Signout', async () => {
    fake = await startSeededFake();
    expect((await call('Sessions')).status).toBe(401);
    expect((await call('Sessions', { cookie: `${PS_COOKIE}=madeup` })).status).toBe(401);
    expect(
      (await call('Sessions', { authorization: `PS-Auth key=${API_KEY}; runas=${RUN_AS};` })).status,
    ).toBe(401);

    const cookie = await signIn();
    const list = await call('sessions?status=1', both(cookie));
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body).map((s: { Token: string }) => typeof s.Token)).toEqual(['string', 'string']);

    expect((await call('Auth/Signout', both(cookie), 'POST')).status).toBe(200);
    expect(fake.signOuts).toBe(1);
    expect((await call('Sessions', both(cookie))).status).toBe(401);
  });

  it('validates the PS-Auth header on every call, not only at sign-in (unless told not to)', async () => {
    fake = await startSeededFake();
    const cookie = await signIn();
    expect((await call('Sessions', { cookie })).status).toBe(401);
    expect(
      (await call('Sessions', { cookie, authorization: `PS-Auth key=wrong; runas=${RUN_AS};` })).status,
    ).toBe(401);
    expect((await call('Sessions', both(cookie))).status).toBe(200);
    await fake.close();
    fake = await startSeededFake({ authOnEveryCall: false });
    expect((await call('Sessions', { cookie: await signIn() })).status).toBe(200);
  });

  it('requires pwd=[…] when the registration requires the run-as user’s password', async () => {
    fake = await startSeededFake({ runAsPassword: 'p@ss; w]rd' });
    expect((await call('Auth/SignAppin', { authorization: PS_AUTH }, 'POST')).status).toBe(401);
    const wrong = `PS-Auth key=${API_KEY}; runas=${RUN_AS}; pwd=[nope];`;
    expect((await call('Auth/SignAppin', { authorization: wrong }, 'POST')).status).toBe(401);
    const right = `PS-Auth key=${API_KEY}; runas=${RUN_AS}; pwd=[p@ss; w]rd];`;
    expect((await call('Auth/SignAppin', { authorization: right }, 'POST')).status).toBe(200);
    expect(fake.refusedSignIns).toBe(2);
  });

  it('lapses a cookie after the idle time, counted from its last use', async () => {
    let clock = 0;
    fake = await startSeededFake({ sessionIdleMs: 1000, now: () => clock });
    const cookie = await signIn();
    clock = 900;
    expect((await call('Sessions', both(cookie))).status).toBe(200);
    clock = 1800;
    expect((await call('Sessions', both(cookie))).status).toBe(200);
    clock = 2801;
    expect((await call('Sessions', both(cookie))).status).toBe(401);
  });

  it('answers 400 to an undocumented session status and 404 outside the API base', async () => {
    fake = await startSeededFake();
    const cookie = await signIn();
    expect((await call('Sessions?status=3', both(cookie))).status).toBe(400);
    const res = await request(fake.url.replace('/BeyondTrust/api/public/v3', '/api/Sessions'), {
      headers: { cookie },
    });
    expect(res.statusCode).toBe(404);
    await res.body.dump();
  });
});

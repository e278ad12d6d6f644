import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, VendorError } from '../../../src/errors.ts';
import { createPasswordSafeClient } from '../../../src/vendors/password-safe/password-safe-client.ts';
import { type FakePasswordSafe, PS_COOKIE } from '../../fakes/password-safe-server.ts';
import { API_KEY, captureLogs, RUN_AS, startSeededFake } from './helpers.ts';

describe('Password Safe sign-in', () => {
  let fake: FakePasswordSafe;
  afterEach(async () => {
    await fake?.close();
  });

  it('signs in lazily with the exact PS-Auth header, then sends the cookie and the header', async () => {
    fake = await startSeededFake();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    expect(fake.calls).toHaveLength(0);

    await client.listSessions();

    const [signIn, list] = fake.calls;
    expect(signIn?.method).toBe('POST');
    expect(signIn?.path).toBe('Auth/SignAppin');
    expect(signIn?.headers.authorization).toBe(`PS-Auth key=${API_KEY}; runas=${RUN_AS};`);
    expect(list?.path).toBe('Sessions');
    expect(list?.status).toBe(200);
    expect(list?.headers.authorization).toBe(`PS-Auth key=${API_KEY}; runas=${RUN_AS};`);
    expect(list?.headers.cookie).toMatch(new RegExp(`^${PS_COOKIE}=[a-z0-5]{24}$`));
  });

  it('sends pwd=[…] with PS_RUNAS_PASSWORD, on sign-in and every call, and never logs it', async () => {
    const password = 'Tr0ub4dor&3 [x]';
    fake = await startSeededFake({ runAsPassword: password });
    const logs = captureLogs();
    const client = createPasswordSafeClient({
      baseUrl: fake.url,
      apiKey: API_KEY,
      runAs: RUN_AS,
      runAsPassword: password,
      log: logs.log,
    });
    await client.listSessions();
    await client.signOut();
    const header = `PS-Auth key=${API_KEY}; runas=${RUN_AS}; pwd=[${password}];`;
    expect(fake.calls.map((c) => [c.path, c.status, c.headers.authorization])).toEqual([
      ['Auth/SignAppin', 200, header],
      ['Sessions', 200, header],
      ['Auth/Signout', 200, header],
    ]);
    expect(logs.text()).not.toContain('Tr0ub4dor');
    const without = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    await expect(without.listSessions()).rejects.toThrow(/Password Safe/);
  });

  it('signs in once for many calls, sequential and concurrent', async () => {
    fake = await startSeededFake();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.getSession(i % 2 === 0 ? 101 : 102)));
    await client.listSessions({ status: [1] });
    await client.findUser('carol');

    expect(fake.signIns).toBe(1);
    expect(client.signIns).toBe(1);
    const cookies = new Set(
      fake.calls.filter((c) => c.path !== 'Auth/SignAppin').map((c) => c.headers.cookie),
    );
    expect(cookies.size).toBe(1);
  });

  it('signs in again exactly once when every session has lapsed, and the call succeeds', async () => {
    fake = await startSeededFake();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    await client.listSessions();
    fake.expireSessions();

    const sessions = await Promise.all([
      client.getSession(101),
      client.getSession(102),
      client.listSessions(),
    ]);

    expect(sessions[0].id).toBe(101);
    expect(sessions[1].id).toBe(102);
    expect(fake.signIns).toBe(2);
    expect(fake.calls.filter((c) => c.status === 401)).toHaveLength(3);
  });

  it('signs in again when the cookie lapses after the idle time', async () => {
    let clock = 1_000_000;
    fake = await startSeededFake({ sessionIdleMs: 20 * 60_000, now: () => clock });
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    await client.getSession(101);
    clock += 19 * 60_000;
    await client.getSession(101);
    expect(fake.signIns).toBe(1);

    clock += 21 * 60_000;
    expect((await client.getSession(101)).id).toBe(101);
    expect(fake.signIns).toBe(2);
  });

  it('gives up with a clear sentence when the session is refused again right after signing in', async () => {
    fake = await startSeededFake();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    fake.failNext(401);
    fake.failNext(401);

    const err = await client.listSessions().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).status).toBe(401);
    expect((err as Error).message).toMatch(
      /^Password Safe signed Gatehouse in but still refused to list sessions/,
    );
    expect(fake.signIns).toBe(2);
    expect(fake.calls.filter((c) => c.path === 'Sessions')).toHaveLength(2);
  });

  it.each([
    ['a wrong key', { apiKey: `${API_KEY.slice(0, -1)}0`, runAs: RUN_AS }],
    ['a wrong run-as user', { apiKey: API_KEY, runAs: 'someone-else' }],
  ])('refuses %s with a sentence naming PS_API_KEY and PS_RUNAS', async (_name, credentials) => {
    fake = await startSeededFake();
    const { log, text } = captureLogs();
    const client = createPasswordSafeClient({ baseUrl: fake.url, ...credentials, log });

    const err = await client.listSessions().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorError);
    expect((err as Error).message).toBe(
      'Password Safe refused the API key or run-as user: check PS_API_KEY and PS_RUNAS (and the API registration’s allowed IP addresses).',
    );
    expect(fake.refusedSignIns).toBe(1);
    expect(fake.calls.map((c) => c.path)).toEqual(['Auth/SignAppin']);
    expect(text()).not.toContain(credentials.apiKey);
  });

  it('refuses, before any call, a key or run-as user that would break the header', () => {
    const base = { baseUrl: 'http://127.0.0.1:9/BeyondTrust/api/public/v3' };
    expect(() => createPasswordSafeClient({ ...base, apiKey: 'abc; runas=root', runAs: RUN_AS })).toThrow(
      ConfigError,
    );
    expect(() => createPasswordSafeClient({ ...base, apiKey: API_KEY, runAs: 'x;\r\nX-Evil: 1' })).toThrow(
      /PS_RUNAS/,
    );
    expect(() => createPasswordSafeClient({ ...base, apiKey: '', runAs: RUN_AS })).toThrow(/PS_API_KEY/);
  });

  it('keeps a domain run-as user verbatim in the header', async () => {
    fake = await startSeededFake({ runAs: 'CORP\\svc-gatehouse' });
    const client = createPasswordSafeClient({
      baseUrl: fake.url,
      apiKey: API_KEY,
      runAs: 'CORP\\svc-gatehouse',
    });
    await client.listSessions();
    expect(fake.calls[0]?.headers.authorization).toBe(`PS-Auth key=${API_KEY}; runas=CORP\\svc-gatehouse;`);
  });

  it('signs out with the cookie, and the next call signs in afresh', async () => {
    fake = await startSeededFake();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    await client.signOut();
    expect(fake.calls).toHaveLength(0);

    await client.listSessions();
    const cookie = fake.calls[1]?.headers.cookie;
    await client.signOut();

    const signOut = fake.calls.at(-1);
    expect(signOut?.method).toBe('POST');
    expect(signOut?.path).toBe('Auth/Signout');
    expect(signOut?.headers.cookie).toBe(cookie);
    expect(signOut?.status).toBe(200);
    expect(fake.signOuts).toBe(1);
    expect(fake.liveSessions).toBe(0);

    await client.getSession(101);
    expect(fake.signIns).toBe(2);
    expect(fake.calls.at(-1)?.headers.cookie).not.toBe(cookie);
  });

  it('treats signing out of a lapsed session as done', async () => {
    fake = await startSeededFake();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
    await client.listSessions();
    fake.expireSessions();
    await expect(client.signOut()).resolves.toBeUndefined();
    expect(fake.signOuts).toBe(0);
  });

  it('never writes the key or the cookie into a log line, even at debug level', async () => {
    fake = await startSeededFake();
    const { log, text } = captureLogs();
    const client = createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS, log });
    await client.listSessions();
    fake.expireSessions();
    await client.listSessions();
    await client.signOut();

    const cookieValues = fake.calls.map((c) => c.headers.cookie?.split('=')[1]).filter(Boolean);
    expect(cookieValues.length).toBeGreaterThan(0);
    expect(text()).toContain('signed in to Password Safe');
    expect(text()).not.toContain(API_KEY);
    for (const value of cookieValues) expect(text()).not.toContain(value);
  });

  it('names Password Safe and its host when it cannot be reached', async () => {
    fake = await startSeededFake();
    const url = fake.url;
    await fake.close();
    const client = createPasswordSafeClient({ baseUrl: url, apiKey: API_KEY, runAs: RUN_AS });
    await expect(client.listSessions()).rejects.toThrow(/^Could not reach Password Safe at 127\.0\.0\.1:\d+/);
  });
});

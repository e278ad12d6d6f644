import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.ts';
import { createPasswordSafeClient } from '../../../src/vendors/password-safe/password-safe-client.ts';
import { type FakePasswordSafe, fakePsUser } from '../../fakes/password-safe-server.ts';
import { API_KEY, RUN_AS, startSeededFake } from './helpers.ts';

describe('Password Safe users', () => {
  let fake: FakePasswordSafe;
  afterEach(async () => {
    await fake?.close();
  });

  async function setUp() {
    fake = await startSeededFake();
    return createPasswordSafeClient({ baseUrl: fake.url, apiKey: API_KEY, runAs: RUN_AS });
  }

  it('finds a local user by name, and a directory user by DOMAIN\\name', async () => {
    const client = await setUp();
    const carol = await client.findUser('carol');
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: 'Users', query: { username: 'carol' } });
    expect(carol).toEqual({
      id: 5,
      userName: 'carol',
      domainName: null,
      distinguishedName: null,
      firstName: 'Carol',
      lastName: 'Nguyen',
      emailAddress: 'carol@corp.example',
      userType: null,
      lastLoginDate: '2025-03-03T16:00:00',
      isQuarantined: false,
      isActive: true,
    });

    const alice = await client.findUser('CORP\\alice');
    expect(fake.calls.at(-1)?.query).toEqual({ username: 'CORP\\alice' });
    expect(alice).toMatchObject({ id: 3, userName: 'alice', domainName: 'CORP' });
  });

  it('answers undefined for an unknown user, whether Password Safe sends [] or 404', async () => {
    const client = await setUp();
    expect(await client.findUser('nobody')).toBeUndefined();
    fake.failNext(404, { body: 'User not found' });
    expect(await client.findUser('carol')).toBeUndefined();
  });

  it('finds an inactive user only when asked to', async () => {
    const client = await setUp();
    expect(await client.findUser('dave')).toBeUndefined();
    const dave = await client.findUser('dave', { includeInactive: true });
    expect(fake.calls.at(-1)?.query).toEqual({ username: 'dave', includeInactive: 'true' });
    expect(dave).toMatchObject({ id: 6, isActive: false });
  });

  it('does not copy an application user’s client secret', async () => {
    const client = await setUp();
    fake.users.push({
      ...fakePsUser({ UserID: 40, UserName: 'ci-bot' }),
      ClientID: 'f1e2d3',
      ClientSecret: 'super-secret-value',
      UserType: 'Application',
    } as ReturnType<typeof fakePsUser>);
    const bot = await client.findUser('ci-bot');
    expect(bot).toMatchObject({ id: 40, userType: 'Application' });
    expect(JSON.stringify(bot)).not.toContain('super-secret-value');
  });

  it('refuses an empty name before calling Password Safe', async () => {
    const client = await setUp();
    await expect(client.findUser('  ')).rejects.toThrow(BadInputError);
    expect(fake.calls).toHaveLength(0);
  });

  it('quarantines a user by id and returns the user as Password Safe now has it', async () => {
    const client = await setUp();
    const user = await client.quarantineUser(4);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'POST', path: 'Users/4/Quarantine', status: 200 });
    expect(user).toMatchObject({ id: 4, userName: 'bob', isQuarantined: true });
    expect(fake.users.find((u) => u.UserID === 4)?.IsQuarantined).toBe(true);
    expect((await client.findUser('CORP\\bob'))?.isQuarantined).toBe(true);
  });

  it('says what is missing and which permission quarantine needs', async () => {
    const client = await setUp();
    await expect(client.quarantineUser(999)).rejects.toThrow(
      'Password Safe has no user with id 999 (404); check the id.',
    );
    fake.failNext(403, { body: 'Forbidden' });
    await expect(client.quarantineUser(4)).rejects.toThrow(
      'Password Safe refused to quarantine user 4 (403): the run-as user in PS_RUNAS needs the Password Safe API Global Quarantine (Read/Write) permission.',
    );
    expect(fake.users.find((u) => u.UserID === 4)?.IsQuarantined).toBe(false);
    await expect(client.quarantineUser(0)).rejects.toThrow(BadInputError);
  });

  it('lists a user group’s members, bare or paged', async () => {
    const client = await setUp();
    const approvers = await client.listUserGroupMembers(10);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: 'UserGroups/10/Users' });
    expect(approvers.map((u) => u.userName)).toEqual(['alice', 'bob']);

    const carol = fake.users.find((u) => u.UserID === 5);
    fake.failNext(200, { body: { TotalCount: 1, Data: [carol] } });
    expect((await client.listUserGroupMembers(11)).map((u) => u.id)).toEqual([5]);

    await expect(client.listUserGroupMembers(77)).rejects.toThrow(
      'Password Safe has no user group with id 77 (404); check the id.',
    );
  });
});

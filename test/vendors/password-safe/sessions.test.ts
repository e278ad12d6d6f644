import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError, VendorError } from '../../../src/errors.ts';
import { createPasswordSafeClient } from '../../../src/vendors/password-safe/password-safe-client.ts';
import type { FakePasswordSafe } from '../../fakes/password-safe-server.ts';
import { API_KEY, captureLogs, RUN_AS, startSeededFake } from './helpers.ts';

describe('Password Safe sessions', () => {
  let fake: FakePasswordSafe;
  afterEach(async () => {
    await fake?.close();
  });

  async function setUp() {
    fake = await startSeededFake();
    const logs = captureLogs();
    const client = createPasswordSafeClient({
      baseUrl: fake.url,
      apiKey: API_KEY,
      runAs: RUN_AS,
      log: logs.log,
    });
    return { client, logs };
  }

  it('lists every session, parsed into our names, without the vendor’s Token', async () => {
    const { client, logs } = await setUp();
    const sessions = await client.listSessions();

    expect(sessions.map((s) => s.id)).toEqual(fake.sessions.map((s) => s.SessionID));
    const raw = fake.sessions.find((s) => s.SessionID === 95)!;
    expect(sessions.find((s) => s.id === 95)).toEqual({
      id: 95,
      userId: raw.UserID,
      nodeId: raw.NodeID,
      status: 2,
      statusName: 'Completed',
      archiveStatus: raw.ArchiveStatus,
      protocol: 1,
      protocolName: 'SSH',
      startTime: raw.StartTime,
      endTime: raw.EndTime,
      durationSeconds: raw.Duration,
      assetName: raw.AssetName,
      managedSystemId: raw.ManagedSystemID,
      managedAccountId: raw.ManagedAccountID,
      managedAccountName: raw.ManagedAccountName,
      recordKey: raw.RecordKey,
    });
    const out = JSON.stringify(sessions);
    expect(out).not.toMatch(/token/i);
    for (const s of fake.sessions) expect(out).not.toContain(s.Token);
    for (const s of fake.sessions) expect(logs.text()).not.toContain(s.Token);
  });

  it('asks for one status as `status=1` and several as a comma list, with the user id as `userID`', async () => {
    const { client } = await setUp();
    const inProgress = await client.listSessions({ status: [1] });
    expect(fake.calls.at(-1)?.query).toEqual({ status: '1' });
    expect(inProgress.map((s) => s.id).sort()).toEqual([101, 102]);
    expect(new Set(inProgress.map((s) => s.statusName))).toEqual(new Set(['In Progress']));

    const ended = await client.listSessions({ status: [2, 8, 9], userId: 4 });
    expect(fake.calls.at(-1)?.query).toEqual({ status: '2,8,9', userID: '4' });
    expect(ended.map((s) => [s.id, s.statusName, s.protocolName])).toEqual([[97, 'Disconnected', 'RDP']]);
  });

  it('refuses an undocumented status before calling Password Safe', async () => {
    const { client } = await setUp();
    await expect(client.listSessions({ status: [1, 3] })).rejects.toThrow(BadInputError);
    await expect(client.listSessions({ status: [1, 3] })).rejects.toThrow(
      /status 3 is not one of 0 \(Not Started\)/,
    );
    expect(fake.calls).toHaveLength(0);
  });

  it('gets one session, and shows a protocol number it does not know as a number', async () => {
    const { client } = await setUp();
    const added = fake.addSession({ SessionID: 300, Protocol: 4, Status: 5, AssetName: 'legacy-app' });

    const session = await client.getSession(300);

    expect(fake.calls.at(-1)?.path).toBe('Sessions/300');
    expect(session).toMatchObject({
      id: 300,
      assetName: 'legacy-app',
      statusName: 'Locked',
      protocolName: 'protocol 4',
    });
    expect(JSON.stringify(session)).not.toContain(added.Token);
  });

  it('says which session does not exist', async () => {
    const { client } = await setUp();
    const err = await client.getSession(4242).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    expect((err as Error).message).toBe('Password Safe has no session 4242 (404); check the id.');
  });

  it('names the permission the run-as user lacks, with the 4033 code when the body carries it', async () => {
    const { client } = await setUp();
    fake.failNext(403, { body: '4033 - Approver only API or account' });
    const err = await client.listSessions().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'not_permitted' });
    expect((err as Error).message).toBe(
      'Password Safe refused to list sessions (403, code 4033: this API or account is for approvers only): the run-as user in PS_RUNAS needs membership of the Administrators group, or the ISA or auditor role on at least one asset Smart Rule.',
    );

    fake.failNext(403, { body: { Message: 'Forbidden' } });
    const plain = await client.getSession(101).catch((e: unknown) => e);
    expect((plain as Error).message).toMatch(
      /^Password Safe refused to read session 101 \(403\): the run-as user/,
    );
  });

  it('turns a server error into a sentence that says to try again', async () => {
    const { client } = await setUp();
    fake.failNext(503, { body: 'Service Unavailable' });
    await expect(client.listSessions()).rejects.toThrow(
      'Password Safe failed while trying to list sessions (HTTP 503); try again in a minute, and check the BeyondInsight server if it keeps failing.',
    );
    expect((await client.listSessions()).length).toBe(fake.sessions.length);
  });

  it('names the field when an answer cannot be used, without echoing the Token', async () => {
    const { client } = await setUp();
    const broken = fake.addSession({ SessionID: 301 });
    (broken as unknown as Record<string, unknown>).Status = 'running';
    const err = await client.listSessions().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as Error).message).toMatch(
      /field "5\.Status" Invalid input: expected number, received string/,
    );
    expect((err as Error).message).not.toContain(broken.Token);
  });
});

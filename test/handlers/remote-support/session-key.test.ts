import { afterEach, describe, expect, it } from 'vitest';
import { type AuditEntry, createAuditLog } from '../../../src/intents/audit-log.ts';
import { formatTime } from '../../../src/intents/duration.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { DAVE, examplePolicy, type RsDispatch, startRsDispatch, textOf } from './rs-dispatch.ts';

const notDigit = (key: string) => new RegExp(`(?<!\\d)${key}(?!\\d)`);

describe.each(storeBackends)('sessionkey on %s', (_name, makeStore) => {
  let rs: RsDispatch | undefined;
  afterEach(async () => {
    await rs?.close();
    rs = undefined;
  });

  async function lastAudit(): Promise<AuditEntry | undefined> {
    return (await createAuditLog(rs!.store, rs!.logs.log).last(1))[0];
  }

  it('queues a key for a team by name, privately, with the policy default expiry, and audits it without the key', async () => {
    rs = await startRsDispatch(makeStore, { policyText: examplePolicy({ announce: true, expiry: '45m' }) });
    const result = await rs.run('sessionkey --team helpdesk --external-key INC0042 --name "Jo Smith"');
    const issued = rs.fake.keysIssued;
    expect(issued).toHaveLength(1);
    expect(issued[0]!.queueId).toBe('team:1');
    expect(issued[0]!.params).toMatchObject({
      ttl: '2700',
      external_key: 'INC0042',
      'customer.name': 'Jo Smith',
    });

    expect(result.visibility).toBe('private');
    const fields = Object.fromEntries((result.view.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields.Key).toBe(issued[0]!.shortKey);
    expect(fields.Link).toBe(issued[0]!.keyUrl);
    expect(fields.Queue).toBe('team Helpdesk');
    expect(result.view.summary).not.toMatch(notDigit(issued[0]!.shortKey));
    expect(result.view.title).not.toMatch(notDigit(issued[0]!.shortKey));

    // As formatTime shows it: the time of day, with the date when it is not today (near midnight).
    const when = formatTime(issued[0]!.expiresAt, new Date());
    expect(result.channelNotice).toBe(`Alice generated a session key for team Helpdesk, expires ${when}.`);

    const entry = await lastAudit();
    expect(entry).toMatchObject({
      action: 'sessionkey',
      targets: ['team:1'],
      decision: 'allowed',
      result: 'ok',
    });
    expect(entry!.detail).toContain(`expires ${issued[0]!.expiresAt}`);
    expect(JSON.stringify(entry)).not.toMatch(notDigit(issued[0]!.shortKey));
    expect(rs.logs.text()).not.toMatch(notDigit(issued[0]!.shortKey));
    expect(rs.logs.text()).not.toContain(issued[0]!.keyUrl);
    expect(rs.logs.text()).not.toContain('short_key');
  });

  it('has no channel notice when the policy does not announce', async () => {
    rs = await startRsDispatch(makeStore, { policyText: examplePolicy({ announce: false }) });
    const result = await rs.run('sessionkey');
    expect(rs.fake.keysIssued[0]!.queueId).toBe('general');
    expect(rs.fake.keysIssued[0]!.params.ttl).toBe('1800');
    expect(result.visibility).toBe('private');
    expect(result.channelNotice).toBeUndefined();
  });

  it.each([
    ['--rep alice', 'rep:1', 'rep Alice Nguyen'],
    ['--rep "Bob Martins"', 'rep:2', 'rep Bob Martins'],
    ['--rep 3', 'rep:3', 'rep Chen Wei'],
    ['--team 2', 'team:2', 'team Network'],
    ['--team SECURITY', 'team:3', 'team Security'],
    ['--issue vpn', 'issue:vpn', 'issue VPN does not connect (team Network)'],
    ['--issue "password reset"', 'issue:password_reset', 'issue Password reset (team Helpdesk)'],
  ])('resolves %s to %s', async (flags, queueId, label) => {
    rs = await startRsDispatch(makeStore);
    const result = await rs.run(`sessionkey ${flags} --expires 10m`);
    expect(rs.fake.keysIssued.map((k) => k.queueId)).toEqual([queueId]);
    expect(rs.fake.keysIssued[0]!.params.ttl).toBe('600');
    expect(result.view.fields).toContainEqual({ label: 'Queue', value: label });
  });

  it.each([
    ['--team Helpdsk', 'No team is called "Helpdsk". Did you mean Helpdesk?'],
    ['--team netwrok', 'No team is called "netwrok". Did you mean Network?'],
    ['--rep alcie', 'No logged-in rep is called "alcie". Did you mean Alice Nguyen?'],
    ['--team Finance', 'No team is called "Finance". Known: Helpdesk, Network, Security.'],
    ['--team 9', 'No team has id 9. Known: Helpdesk, Network, Security.'],
    ['--issue printr', 'No issue is called "printr". Did you mean Printer & scanner problems (printer)?'],
  ])('answers %s with the close matches and issues no key', async (flags, sentence) => {
    rs = await startRsDispatch(makeStore);
    const result = await rs.run(`sessionkey ${flags}`);
    expect(result.visibility).toBe('private');
    expect(result.view.summary).toBe(sentence);
    expect(rs.fake.keysIssued).toHaveLength(0);
    expect(rs.fake.commandCalls.filter((c) => c.action === 'generate_session_key')).toHaveLength(0);
  });

  it('refuses two queues at once in one sentence', async () => {
    rs = await startRsDispatch(makeStore);
    const result = await rs.run('sessionkey --team Helpdesk --rep alice');
    expect(result.view.summary).toBe(
      'Give only one of --team, --rep and --issue (you gave --team and --rep): a session waits in one queue.',
    );
    expect(rs.fake.commandCalls).toHaveLength(0);
  });

  it('refuses an unreadable expiry before calling the appliance', async () => {
    rs = await startRsDispatch(makeStore);
    const result = await rs.run('sessionkey --expires soon');
    expect(result.view.summary).toBe('--expires takes a duration like 30m, 2h or 1d, not "soon".');
    expect(rs.fake.commandCalls).toHaveLength(0);
  });

  it('refuses an expiry past the policy maximum (sessionkey.max_expiry, 24 h by default)', async () => {
    rs = await startRsDispatch(makeStore);
    const result = await rs.run('sessionkey --team Helpdesk --expires 400d');
    expect(result.view.summary).toBe(
      "--expires may be at most 1 d here (the policy's sessionkey.max_expiry).",
    );
    expect(rs.fake.commandCalls).toHaveLength(0);
    expect((await rs.run('sessionkey --team Helpdesk --expires 24h')).view.state).not.toBe('error');
  });

  it('says what the appliance said when the API account may not generate keys, and audits the failure', async () => {
    rs = await startRsDispatch(makeStore);
    rs.fake.setPermissions({ perm_command: 'read_only' });
    const result = await rs.run('sessionkey --team Helpdesk');
    expect(result.view.state).toBe('error');
    expect(result.view.summary).toContain('This API account does not have permission to use this command.');
    expect(result.view.summary).toContain('needs full access to the command API');
    expect(rs.fake.keysIssued).toHaveLength(0);
    const entry = await lastAudit();
    expect(entry).toMatchObject({ action: 'sessionkey', targets: ['team:1'] });
    expect(entry!.result).toMatch(/^failed: /);
  });

  it('is refused to someone the policy does not allow, before any appliance call', async () => {
    rs = await startRsDispatch(makeStore);
    const result = await rs.run('sessionkey --team Helpdesk', DAVE);
    expect(result.view.title).toBe('Not permitted');
    expect(rs.fake.commandCalls).toHaveLength(0);
    expect(textOf(result)).not.toContain('Helpdesk');
  });
});

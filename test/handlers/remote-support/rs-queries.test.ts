import { afterEach, describe, expect, it } from 'vitest';
import { composeHandlerDeps } from '../../../adapters/compose-handlers.ts';
import { createIntents } from '../../../handlers/index.ts';
import { createDispatcher } from '../../../src/intents/dispatcher.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../../src/policy/policy-engine.ts';
import { captureLogs } from '../../helpers/log-capture.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { ALICE, DAVE, examplePolicy, type RsDispatch, startRsDispatch } from './rs-dispatch.ts';

const sqlite = storeBackends[0]![1];
const listItems = (result: Awaited<ReturnType<RsDispatch['run']>>) =>
  (result.view.blocks ?? []).flatMap((b) => (b.type === 'list' ? b.items : []));

describe('reps, teams and rs info', () => {
  let rs: RsDispatch | undefined;
  afterEach(async () => {
    await rs?.close();
    rs = undefined;
  });

  it('lists the logged-in reps with their sessions, invited and hidden ones marked', async () => {
    rs = await startRsDispatch(sqlite);
    const result = await rs.run('reps');
    expect(result.visibility).toBe('private');
    expect(result.view.summary).toBe('4 reps are logged in to Remote Support');
    const items = listItems(result);
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(
      /^Alice Nguyen \(id 1\) — 2 sessions · since (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC$/,
    );
    expect(items[2]).toContain('Chen Wei (id 3) — 1 session');
    expect(items[2]).toContain('hidden from the rep list');
    expect(items[3]).toContain('invited');
  });

  it('lists the teams with their issues, from the cache', async () => {
    rs = await startRsDispatch(sqlite);
    const result = await rs.run('teams');
    const items = listItems(result);
    expect(items).toEqual([
      'Helpdesk (id 1, helpdesk) — First line: desktops, accounts, printers — issues: Password reset (password_reset), Printer & scanner problems (printer)',
      'Network (id 2, network) — issues: VPN does not connect (vpn)',
      'Security (id 3, security) — Incident response — issues: Suspicious email (phishing), Possible malware (malware)',
    ]);
    await rs.run('teams');
    await rs.run('sessionkey --team Network');
    expect(rs.fake.teamsCalls).toBe(1);
  });

  it('shows the API version, company and permissions, full access without a warning', async () => {
    rs = await startRsDispatch(sqlite);
    const result = await rs.run('rs info');
    expect(result.view.state).toBe('success');
    expect(result.view.fields).toEqual(
      expect.arrayContaining([
        { label: 'API version', value: '1.24.1' },
        { label: 'Company', value: 'Example Corp' },
        { label: 'Command permission', value: 'full_access' },
      ]),
    );
    expect(listItems(result)).toContain('perm_reporting_support: 1');
    expect(JSON.stringify(result.view)).not.toContain('not full access');
  });

  it('warns when command permission is not full access, because session keys need it', async () => {
    rs = await startRsDispatch(sqlite);
    rs.fake.setPermissions({ perm_command: 'read_only' });
    const result = await rs.run('rs info');
    expect(result.view.state).toBe('warning');
    expect(result.view.summary).toBe(
      'Remote Support API 1.24.1: command permission is read_only, session keys need full access',
    );
    const text = (result.view.blocks ?? []).find((b) => b.type === 'text');
    expect(text).toMatchObject({ text: expect.stringContaining('"read_only", not full access') });
  });

  it('refuses each command to someone the policy does not allow', async () => {
    rs = await startRsDispatch(sqlite);
    for (const command of ['reps', 'teams', 'rs info']) {
      expect((await rs.run(command, DAVE)).view.title).toBe('Not permitted');
    }
    expect(rs.fake.commandCalls).toHaveLength(0);
  });

  it('says Remote Support is not configured when it is not', async () => {
    const store = sqlite();
    const policy = createPolicyEngine(parsePolicy(examplePolicy()));
    const deps = composeHandlerDeps({
      vendors: {},
      store,
      policy,
      messengers: {},
      log: captureLogs().log,
      now: () => new Date(),
    });
    const dispatcher = createDispatcher({
      intents: createIntents(deps),
      policy,
      audit: deps.audit,
      log: deps.log,
      messengers: {},
      configured: new Set(),
    });
    for (const command of ['sessionkey --team Helpdesk', 'reps', 'teams', 'rs info']) {
      const result = await dispatcher.handleText(command, {
        actor: ALICE,
        conversation: { platform: 'console', id: 'c' },
      });
      expect(result.view.summary).toBe('Remote Support is not configured here.');
    }
    await store.close();
  });
});

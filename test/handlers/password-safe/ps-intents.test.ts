import { afterEach, describe, expect, it } from 'vitest';
import { composeHandlerDeps } from '../../../adapters/compose-handlers.ts';
import { passwordSafeIntents } from '../../../handlers/password-safe/ps-intents.ts';
import type { AuditLog } from '../../../src/intents/audit-log.ts';
import { createDispatcher, type Dispatcher } from '../../../src/intents/dispatcher.ts';
import type { Actor } from '../../../src/intents/envelope.ts';
import type { Intent } from '../../../src/intents/intent.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../../src/policy/policy-engine.ts';
import type { Store } from '../../../src/store/store.ts';
import { createPasswordSafeClient } from '../../../src/vendors/password-safe/index.ts';
import { SYSTEMS } from '../../../src/vendors/vendors.ts';
import { type FakePasswordSafe, startFakePasswordSafe } from '../../fakes/password-safe-server.ts';
import { captureLogs } from '../../helpers/log-capture.ts';
import { storeBackends } from '../../helpers/stores.ts';

const API_KEY = 'ps-key-that-must-never-be-printed';
const POLICY = `
roles:
  secops:
    members: [console:sam]
    intents: [sessions, user, user.quarantine]
  approver:
    members: [console:carol]
    intents: []
`;
const sam: Actor = { platform: 'console', userId: 'sam', name: 'Sam' };
const carol: Actor = { platform: 'console', userId: 'carol', name: 'Carol' };
const eve: Actor = { platform: 'console', userId: 'eve', name: 'Eve' };

describe.each(storeBackends)('Password Safe commands on %s', (_name, makeStore) => {
  let fake: FakePasswordSafe;
  let store: Store;
  let dispatcher: Dispatcher;
  let logs: ReturnType<typeof captureLogs>;
  let audit: AuditLog;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  async function setUp() {
    fake = await startFakePasswordSafe({ apiKey: API_KEY, runAs: 'gatehouse-api', seed: true });
    store = makeStore();
    logs = captureLogs();
    const policy = createPolicyEngine(parsePolicy(POLICY));
    const passwordSafe = createPasswordSafeClient({
      baseUrl: fake.url,
      apiKey: API_KEY,
      runAs: 'gatehouse-api',
      log: logs.log,
    });
    const deps = composeHandlerDeps({
      vendors: { passwordSafe },
      store,
      policy,
      messengers: {},
      log: logs.log,
      now,
    });
    audit = deps.audit;
    dispatcher = createDispatcher({
      intents: passwordSafeIntents(deps) as Intent[],
      policy,
      audit: deps.audit,
      log: logs.log,
      messengers: {},
      configured: new Set([SYSTEMS.passwordSafe]),
      now,
    });
  }
  const run = (text: string, actor = sam) =>
    dispatcher.handleText(text, { actor, conversation: { platform: 'console', id: 'c' } });
  const press = (verb: string, ref: string, actor = sam) =>
    dispatcher.dispatch(verb, { ref }, { actor, conversation: { platform: 'console', id: 'c' } });

  afterEach(async () => {
    offset = 0;
    await fake?.close();
    await store?.close();
  });

  it('lists sessions in progress by default, by status on request, and refuses unknown statuses', async () => {
    await setUp();
    const inProgress = JSON.stringify((await run('sessions')).view);
    expect(inProgress).toContain('root on db-prod-01');
    expect(inProgress).not.toContain('web-prod-02');
    expect(JSON.stringify((await run('sessions --status 2')).view)).toContain('deploy on web-prod-02');
    expect((await run('sessions --status 4')).view.summary).toMatch(/^Unknown session status 4/);
    expect(logs.text()).not.toContain(API_KEY);
  });

  it('quarantines a user only after the requester confirms, exactly once', async () => {
    await setUp();
    expect((await run('user CORP\\bob')).view.fields).toEqual(
      expect.arrayContaining([{ label: 'Quarantined', value: 'no' }]),
    );
    const card = await run('user quarantine CORP\\bob');
    expect(card.visibility).toBe('channel');
    const ref = card.view.actions![0]!.ref;
    expect(fake.users.find((u) => u.UserName === 'bob')!.IsQuarantined).toBeFalsy();

    expect((await press('user.quarantine.confirm', ref, carol)).view.summary).toBe(
      'Only Sam can confirm or cancel this.',
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () => press('user.quarantine.confirm', ref)),
    );
    expect(results.filter((r) => r.view.state === 'success')).toHaveLength(1);
    expect(results.filter((r) => r.view.summary.startsWith('Already handled by Sam'))).toHaveLength(9);
    expect(fake.calls.filter((c) => c.method === 'POST' && /quarantine$/i.test(c.path))).toHaveLength(1);
    expect(fake.users.find((u) => u.UserName === 'bob')!.IsQuarantined).toBe(true);
    expect((await run('user quarantine CORP\\bob')).view.summary).toContain('already quarantined');
  });

  it('refuses people without the permission and unknown users', async () => {
    await setUp();
    expect((await run('user quarantine bob', eve)).view.title).toBe('Not permitted');
    expect((await run('user nobody-here')).view.summary).toBe('Password Safe has no user "nobody-here".');
  });

  it('audits a refused confirmation and an expired one; nothing is quarantined', async () => {
    await setUp();
    const ref = (await run('user quarantine CORP\\bob')).view.actions![0]!.ref;
    const refused = await press('user.quarantine.confirm', ref, carol);
    expect(refused).toMatchObject({ visibility: 'private', view: { state: 'denied' } });
    expect((await audit.last(1))[0]).toMatchObject({
      action: 'user.quarantine.confirm',
      decision: 'refused',
      actor: { userId: 'carol' },
      targets: ['CORP\\bob'],
    });
    offset += 301_000;
    const expired = await press('user.quarantine.confirm', ref);
    expect(expired).toMatchObject({ visibility: 'channel', view: { title: 'Expired', state: 'expired' } });
    expect((await audit.last(1))[0]).toMatchObject({
      action: 'user.quarantine.confirm',
      decision: 'expired',
    });
    expect(fake.users.find((u) => u.UserName === 'bob')!.IsQuarantined).toBeFalsy();
  });
});

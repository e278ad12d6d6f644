import { afterEach, describe, expect, it } from 'vitest';
import { composeHandlerDeps } from '../../adapters/compose-handlers.ts';
import { createIntents } from '../../handlers/index.ts';
import { createAuditLog } from '../../src/intents/audit-log.ts';
import { createDispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import { createRportClient } from '../../src/vendors/rport/index.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import { type FakeRport, startFakeRport } from '../fakes/rport-server.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { storeBackends } from '../helpers/stores.ts';

const ADMIN: Actor = { platform: 'console', userId: 'ada', name: 'Ada' };
const OTHER: Actor = { platform: 'console', userId: 'bob', name: 'Bob' };
const TOKEN = 'abcd1234_0b9e2f55-4a1c-4c55-9d4e-1f0e0c9a7b31';
const POLICY = `
roles:
  admin: { members: ['console:ada'], intents: [doctor] }
access: { approver_role: admin }
rport: { approver_role: admin }
alerts: { responder_role: admin }
`;

let fake: FakeRport | undefined;
afterEach(async () => fake?.close());

async function doctor(actor: Actor) {
  fake = await startFakeRport({ user: 'gatehouse', token: TOKEN, plus: false });
  const store = storeBackends[0]![1]();
  const { log } = captureLogs();
  const rport = createRportClient({ baseUrl: fake.url, user: 'gatehouse', token: TOKEN });
  const policy = createPolicyEngine(parsePolicy(POLICY));
  const now = () => new Date();
  const deps = composeHandlerDeps({ vendors: { rport }, store, policy, messengers: {}, log, now });
  const dispatcher = createDispatcher({
    intents: createIntents(deps),
    policy,
    audit: createAuditLog(store, log),
    log,
    messengers: {},
    configured: new Set([SYSTEMS.rport]),
    now,
  });
  const result = await dispatcher.handleText('doctor', {
    actor,
    conversation: { platform: 'console', id: 'c' },
  });
  await store.close();
  return result;
}

describe('/pam doctor', () => {
  it('runs the checks for a role granted doctor, privately, one line per check', async () => {
    const result = await doctor(ADMIN);
    expect(result.visibility).toBe('private');
    expect(result.view.title).toBe('Doctor');
    expect(result.view.state).toBe('failure');
    const items = (result.view.blocks ?? []).flatMap((b) => (b.type === 'list' ? b.items : []));
    expect(items).toContain('✓ rport · token: authenticates as gatehouse (Administrators)');
    expect(items).toContain(
      '✗ rport · alerting: rport alerting needs Rport Plus; rport problems will not become alerts: enable the Plus plug-in in rportd, or ignore this if you want no rport alerts.',
    );
    expect(items.filter((i) => i.startsWith('✓ Store'))).toHaveLength(2);
  });

  it('is refused to anyone the policy does not grant doctor, before any call', async () => {
    const result = await doctor(OTHER);
    expect(result.view.title).toBe('Not permitted');
    expect(fake!.calls).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createGroupDirectory, policyGroups } from '../../handlers/policy-groups.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import { createPasswordSafeClient } from '../../src/vendors/password-safe/index.ts';
import { type FakePasswordSafe, startFakePasswordSafe } from '../fakes/password-safe-server.ts';
import { captureLogs } from '../helpers/log-capture.ts';

const POLICY = parsePolicy(`
roles:
  approver:
    members: ["group:PAM Approvers", "group:Nobody Knows", dave@example.com]
    intents: [access.*]
`);
const alice: Actor = { platform: 'slack', userId: 'U1', name: 'Alice', email: 'Alice@Corp.Example' };
const carol: Actor = { platform: 'slack', userId: 'U3', name: 'Carol', email: 'carol@corp.example' };

describe('BeyondInsight user groups in the policy', () => {
  let fake: FakePasswordSafe;
  afterEach(async () => {
    await fake?.close();
  });

  it('gives a role to the members of a group, by email, once resolved', async () => {
    fake = await startFakePasswordSafe({ apiKey: 'k', runAs: 'gatehouse-api', seed: true });
    const ps = createPasswordSafeClient({ baseUrl: fake.url, apiKey: 'k', runAs: 'gatehouse-api' });
    const { log, text } = captureLogs();
    expect(policyGroups(POLICY)).toEqual(['PAM Approvers', 'Nobody Knows']);
    const directory = createGroupDirectory(policyGroups(POLICY), ps, log);
    const engine = createPolicyEngine(POLICY, { groupMembers: directory.members });

    expect(engine.can(alice, 'access.approve')).toBe(false); // not resolved yet
    await directory.refresh();
    expect(engine.can(alice, 'access.approve')).toBe(true);
    expect(engine.can(carol, 'access.approve')).toBe(false); // carol is in Auditors, not PAM Approvers
    expect(text()).toContain('does not know');

    fake.failNext(500);
    fake.failNext(500);
    await directory.refresh();
    expect(engine.can(alice, 'access.approve')).toBe(true); // a failed refresh keeps what was known
  });
});

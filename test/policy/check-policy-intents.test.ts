import { afterAll, describe, expect, it } from 'vitest';
import { createIntentCatalog } from '../../adapters/compose-handlers.ts';
import { ConfigError } from '../../src/errors.ts';
import { checkPolicyIntents, checkUniqueIntents } from '../../src/policy/check-policy-intents.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { startTestGatehouse } from '../helpers/test-gatehouse.ts';

const catalog = createIntentCatalog();
afterAll(() => catalog.close());

const policyWith = (intents: string) => `
roles:
  approver:
    members: [alice@example.com]
    intents: [${intents}]
everyone: [help, alerts.list]
`;

describe('the policy and the intent registry agree', () => {
  it('accepts names, groups, nested groups and * that match registered intents', () => {
    const policy = parsePolicy(policyWith('access.*, rport.run, user.quarantine.*, "*"'), 'policy.yaml');
    expect(() => checkPolicyIntents(policy, catalog.intents)).not.toThrow();
  });

  it('stops on a pattern that matches nothing, naming the file, the line and the nearest group', () => {
    const policy = parsePolicy(policyWith('rport.run, acess.*'), 'policy.yaml');
    expect(() => checkPolicyIntents(policy, catalog.intents)).toThrow(
      new ConfigError(
        'policy.yaml line 5: roles.approver.intents.1: "acess.*" matches no intent Gatehouse has. Did you mean "access.*"?',
      ),
    );
  });

  it('stops on a misspelt name in everyone, with the nearest real name', () => {
    const policy = parsePolicy('everyone:\n  - help\n  - alerts.lst\n', 'gate.yaml');
    expect(() => checkPolicyIntents(policy, catalog.intents)).toThrow(
      'gate.yaml line 3: everyone.1: "alerts.lst" matches no intent Gatehouse has. Did you mean "alerts.list"?',
    );
  });

  it('stops on two intents registered under one name', () => {
    expect(() => checkUniqueIntents([...catalog.intents, catalog.intents[0]!])).toThrow(
      `Two intents are registered as "${catalog.intents[0]!.name}"`,
    );
    expect(() => checkUniqueIntents(catalog.intents)).not.toThrow();
  });

  it('refuses to start Gatehouse with such a policy', async () => {
    await expect(startTestGatehouse({ env: {}, policyText: policyWith('acess.*') })).rejects.toThrow(
      /"acess\.\*" matches no intent Gatehouse has\. Did you mean "access\.\*"\?/,
    );
  });
});

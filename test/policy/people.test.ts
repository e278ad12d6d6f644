import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/intents/envelope.ts';
import { refuseConfirmation, samePerson } from '../../src/intents/may-confirm.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';

const policyText = `
people:
  carol:
    email: carol@example.com
    slack: U0CAROL
    teams: aad-carol
    windows: [CORP\\carol]
  dan: { email: dan.reyes@example.com, windows: ['CORP\\dreyes'] }
roles:
  approver:
    members: [person:carol, dan.reyes@example.com, teams:aad-alice-2]
    intents: [access.*, rport.run]
  operator:
    members: [alice@example.com, slack:U0NOMAIL]
    intents: [rport.run]
`;
const engine = createPolicyEngine(parsePolicy(policyText));

const slackCarol: Actor = { platform: 'slack', userId: 'U0CAROL', name: 'Carol', email: 'carol@example.com' };
/** Carol in Teams, known only by her AAD object id (no UPN). */
const teamsCarol: Actor = { platform: 'teams', userId: 'aad-carol', name: 'Carol' };
const alice: Actor = { platform: 'slack', userId: 'U0ALICE', name: 'Alice', email: 'alice@example.com' };
/** Alice again, from a Teams account without a UPN that the policy lists as an approver. */
const teamsAlice: Actor = { platform: 'teams', userId: 'aad-alice-2', name: 'Alice' };

describe('one person model', () => {
  it('resolves every account of a declared person to that person, with the same roles', () => {
    expect(engine.personOf(slackCarol)).toBe('person:carol');
    expect(engine.personOf(teamsCarol)).toBe('person:carol');
    expect(engine.personOf({ platform: 'console', userId: 'c', name: 'C', email: 'CAROL@example.com' })).toBe(
      'person:carol',
    );
    expect(engine.rolesOf(teamsCarol)).toEqual(['approver']);
    expect(engine.rolesOf(slackCarol)).toEqual(['approver']);
    expect(engine.identifyAccount({ windows: 'corp\\CAROL' })).toMatchObject({ person: 'person:carol' });
    expect(engine.identifyAccount({ windows: 'CORP\\dreyes' })).toMatchObject({ person: 'person:dan' });
  });

  it('takes the verified email as the person when no entry names them; console users by name', () => {
    expect(engine.personOf(alice)).toBe('alice@example.com');
    expect(engine.personOf({ platform: 'console', userId: 'bob', name: 'Bob' })).toBe('console:bob');
    expect(engine.identifyAccount({ windows: 'CORP\\x', email: 'X@corp.example' })).toMatchObject({
      person: 'x@corp.example',
    });
  });

  it('names the missing mapping for an account it cannot resolve', () => {
    const noMail: Actor = { platform: 'slack', userId: 'U0NOMAIL', name: 'N' };
    expect(engine.personOf(noMail)).toBeUndefined();
    expect(engine.rolesOf(noMail)).toEqual(['operator']);
    expect(engine.identify(noMail)).toEqual({
      problem:
        "Gatehouse cannot tell which person Slack user U0NOMAIL is: Slack gave no email for them, and no entry in the policy's people lists slack: U0NOMAIL.",
    });
    expect(engine.identifyAccount({ windows: 'CORP\\m.rossi' })).toEqual({
      problem: expect.stringContaining(
        "CORP\\m.rossi (no user principal name), and no entry in the policy's people",
      ),
    });
  });

  it('gives nothing to an account the people entries contradict', () => {
    // Carol's email on a Slack account that is not hers.
    const mallory: Actor = { platform: 'slack', userId: 'U0MALLORY', name: 'M', email: 'carol@example.com' };
    expect(engine.personOf(mallory)).toBeUndefined();
    expect(engine.rolesOf(mallory)).toEqual([]);
    expect(engine.identify(mallory)).toMatchObject({ problem: expect.stringContaining('people.carol') });
  });

  it('refuses a policy that gives one account to two people, or names an unknown person', () => {
    expect(() =>
      parsePolicy('people:\n  a: { email: x@example.com }\n  b: { email: X@example.com }\n', 'p.yaml'),
    ).toThrow(/^p\.yaml line 3: people\.b: email x@example\.com is already a's/);
    expect(() => parsePolicy('roles:\n  r:\n    members: [person:nobody]\n', 'p.yaml')).toThrow(
      /^p\.yaml line 3: roles\.r\.members\.0: person:nobody names no entry of people/,
    );
  });
});

describe('confirmations count people, not accounts', () => {
  const second = { mode: 'second', role: 'approver' } as const;

  it('refuses a requester confirming their own second-approver command from a second account', () => {
    // Alice's second account holds the approver role; it cannot be told apart from Alice, so it may not confirm.
    expect(refuseConfirmation(second, alice, teamsAlice, engine)).toBe(
      "Gatehouse cannot tell which person Teams user aad-alice-2 is: Teams gave no user principal name for them, and no entry in the policy's people lists teams: aad-alice-2.",
    );
    // Carol from Teams (no UPN) is still Carol: not a second person for her own command.
    expect(refuseConfirmation(second, slackCarol, teamsCarol, engine)).toMatch(/needs a second person/);
    expect(refuseConfirmation(second, alice, teamsCarol, engine)).toBeUndefined();
  });

  it('lets the requester confirm from any of their accounts, and nobody else', () => {
    const mine = { mode: 'requester' } as const;
    expect(refuseConfirmation(mine, slackCarol, teamsCarol, engine)).toBeUndefined();
    expect(refuseConfirmation(mine, alice, teamsAlice, engine)).toMatch(/cannot tell which person/);
    expect(samePerson(slackCarol, teamsCarol, engine)).toBe(true);
    expect(samePerson(alice, teamsAlice, engine)).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import { refuseConfirmation } from '../../src/intents/may-confirm.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';

const alice: Actor = { platform: 'slack', userId: 'U1', name: 'Alice', email: 'alice@example.com' };
const carol: Actor = { platform: 'teams', userId: 'aad-carol', name: 'Carol', email: 'Carol@Example.com' };
const eve: Actor = { platform: 'slack', userId: 'U9', name: 'Eve', email: 'eve@example.com' };
const web = { id: 'c1', name: 'web-01', tags: ['web', 'prod'], groups: ['web-servers'] };
const build = { id: 'c9', name: 'build-01', tags: ['ci'], groups: [] };

const engine = createPolicyEngine(
  parsePolicy(readFileSync('policy.example.yaml', 'utf8'), 'policy.example.yaml'),
);

describe('policy', () => {
  it('matches people by email (case-insensitive) and by platform id', () => {
    expect(engine.rolesOf(alice)).toEqual(['operator', 'oncall']);
    expect(engine.rolesOf(carol)).toContain('approver');
    expect(engine.rolesOf({ platform: 'slack', userId: 'U0000ALICE', name: 'A' })).toEqual(['operator']);
    expect(engine.rolesOf(eve)).toEqual([]);
  });

  it('lets roles use their intents and nothing else', () => {
    expect(engine.can(alice, 'rport.run')).toBe(true);
    expect(engine.can(alice, 'access.approve')).toBe(false);
    expect(engine.can(carol, 'access.approve')).toBe(true);
    expect(engine.can(eve, 'rport.run')).toBe(false);
    expect(engine.can(eve, 'help')).toBe(true);
  });

  it('answers many intents at once (help) exactly as it answers each', () => {
    const names = [
      'help',
      'rport.run',
      'rport.clients',
      'access.approve',
      'access.deny',
      'alerts.ack',
      'nope',
    ];
    for (const actor of [alice, carol, eve]) {
      const may = engine.permits(actor);
      expect(names.map(may), actor.userId).toEqual(names.map((n) => engine.can(actor, n)));
    }
    expect(engine.permits(carol)('access.approve')).toBe(true);
    expect(engine.permits(eve)('rport.run')).toBe(false);
  });

  it('allows a command a rule matches', () => {
    const d = engine.checkRportCommand(alice, { command: 'df -h /var', targets: [web], sudo: false });
    expect(d).toMatchObject({ allowed: true, secondApprover: false });
    if (d.allowed) expect(d.rule.name).toBe('diagnostics');
  });

  it('denies by deny pattern first, naming the pattern', () => {
    const d = engine.checkRportCommand(alice, {
      command: 'sudo shutdown -h now',
      targets: [web],
      sudo: false,
    });
    expect(d).toEqual({ allowed: false, reason: 'the policy denies commands matching "*shutdown*"' });
  });

  it('never lets * in an allow pattern swallow shell control characters', () => {
    expect(
      engine.checkRportCommand(alice, { command: 'df -h; rm -rf ~', targets: [web], sudo: false }).allowed,
    ).toBe(false);
    expect(
      engine.checkRportCommand(alice, { command: 'df -h $(whoami)', targets: [web], sudo: false }).allowed,
    ).toBe(false);
    expect(
      engine.checkRportCommand(alice, { command: 'uptime\nid', targets: [web], sudo: false }).allowed,
    ).toBe(false);
  });

  it('refuses commands no rule allows', () => {
    const d = engine.checkRportCommand(alice, { command: 'cat /etc/shadow', targets: [web], sudo: false });
    expect(d).toEqual({ allowed: false, reason: 'no rport rule in the policy allows this command' });
  });

  it('checks targets, roles and sudo of the matching rule', () => {
    const ok = engine.checkRportCommand(alice, {
      command: 'systemctl restart nginx',
      targets: [web],
      sudo: true,
    });
    expect(ok).toMatchObject({ allowed: true, secondApprover: true });
    const outside = engine.checkRportCommand(alice, {
      command: 'systemctl restart nginx',
      targets: [web, build],
      sudo: false,
    });
    expect(outside).toEqual({
      allowed: false,
      reason: 'rule "service restarts" does not allow this command on build-01',
    });
    const wrongRole = engine.checkRportCommand(carol, {
      command: 'systemctl restart nginx',
      targets: [web],
      sudo: false,
    });
    expect(wrongRole).toEqual({
      allowed: false,
      reason: 'rule "service restarts" allows this command only for the roles operator',
    });
    const sudo = engine.checkRportCommand(alice, { command: 'uptime', targets: [web], sudo: true });
    expect(sudo).toEqual({ allowed: false, reason: 'rule "diagnostics" does not allow --sudo' });
  });

  it('needs a different person with the approver role for a second approval', () => {
    const rule = { mode: 'second', role: 'approver' } as const;
    expect(refuseConfirmation(rule, alice, alice, engine)).toMatch(/second person/);
    expect(refuseConfirmation(rule, alice, { ...alice, platform: 'teams', userId: 'other' }, engine)).toMatch(
      /second person/,
    );
    expect(refuseConfirmation(rule, alice, eve, engine)).toBe(
      'Only people with the approver role can confirm this.',
    );
    expect(refuseConfirmation(rule, alice, carol, engine)).toBeUndefined();
    expect(refuseConfirmation(rule, carol, carol, engine)).toMatch(/second person/);
  });

  it('lets only the requester confirm an ordinary command', () => {
    const rule = { mode: 'requester' } as const;
    expect(refuseConfirmation(rule, alice, alice, engine)).toBeUndefined();
    expect(refuseConfirmation(rule, alice, carol, engine)).toBe('Only Alice can confirm or cancel this.');
  });
});

describe('policy file errors', () => {
  const fail = (text: string) => {
    try {
      parsePolicy(text, 'p.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected the policy to be refused');
  };

  it('names the file, the line and the reason', () => {
    expect(fail('roles:\n  ops:\n    members: [alice]\n')).toMatch(
      /^p\.yaml line 3: roles\.ops\.members\.0: a member is an email/,
    );
    expect(fail('rport:\n  rules:\n    - name: x\n      allow: []\n')).toMatch(
      /^p\.yaml line 4: rport\.rules\.0\.allow: /,
    );
    expect(fail('rport:\n  confirm_expiry: soon\n')).toMatch(
      /^p\.yaml line 2: rport\.confirm_expiry: rport\.confirm_expiry must be a duration/,
    );
    expect(fail('roles: {}\nunknown_key: 1\n')).toMatch(/^p\.yaml line 1: .*unknown_key/);
    expect(fail('roles:\n  a: [\n')).toMatch(/^p\.yaml line \d+: /);
  });

  it('accepts an empty file with defaults', () => {
    const p = parsePolicy('', 'p.yaml');
    expect(p.rport.confirm_expiry).toBe(300);
    expect(p.everyone).toEqual(['help']);
  });
});

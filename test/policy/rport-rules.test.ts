import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/intents/envelope.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';

const alice: Actor = { platform: 'slack', userId: 'U1', name: 'Alice', email: 'alice@example.com' };
const web = { id: 'c1', name: 'web-01', tags: ['web'], groups: [] };

/** The attacks of issue 10, finding 6, against rules written the way people write them. */
const engine = createPolicyEngine(
  parsePolicy(`
roles:
  operator: { members: [alice@example.com], intents: [rport.run] }
rport:
  deny: ["*reboot*", "*shutdown*", "*rm -rf /*"]
  rules:
    - name: loose
      allow: ["Get-Service*", "journalctl -u * -n *", "systemctl restart *", "echo *", "re:uptime.*"]
`),
);

const check = (command: string, o: { interpreter?: string; cwd?: string } = {}) =>
  engine.checkRportCommand(alice, { command, targets: [web], sudo: false, ...o });

describe('rport rules: what * may match', () => {
  it('does not let Get-Service* carry a PowerShell script block or hashtable', () => {
    expect(check('Get-Service -Name @{a=Stop-Computer -Force}').allowed).toBe(false);
    expect(check('Get-Service -Name {Stop-Computer}').allowed).toBe(false);
    expect(check('Get-Service #comment').allowed).toBe(false);
    expect(check("Get-Service 'x'").allowed).toBe(false);
    expect(check('Get-Service -Name a`b').allowed).toBe(false);
    expect(check('Get-Service -Name $env:x').allowed).toBe(false);
    expect(check('Get-Service -Name *').allowed).toBe(false);
    expect(check('Get-Service -Name W32Time').allowed).toBe(true);
  });

  it('allows only plain argument characters: letters, digits, space and -_.,:/=+%', () => {
    expect(check('echo a-b_c.d,e:f/g=h+i%j 09').allowed).toBe(true);
    for (const bad of [
      '"',
      '\\',
      '!',
      '@',
      '#',
      '*',
      '$',
      '`',
      '{',
      '}',
      '[',
      ']',
      '~',
      '?',
      '^',
      '\t',
      ';',
      '&',
      '|',
      '<',
      '>',
      '(',
      ')',
    ])
      expect(check(`echo a${bad}b`).allowed, JSON.stringify(bad)).toBe(false);
  });

  it('does not let re: patterns match across a line break', () => {
    expect(check('uptime\nid').allowed).toBe(false);
    expect(check('uptime -p').allowed).toBe(true);
  });

  it('refuses a command over 2 KB', () => {
    const d = check(`echo ${'a'.repeat(2100)}`);
    expect(d).toEqual({ allowed: false, reason: expect.stringMatching(/longer than 2 KB/) });
  });
});

describe('rport rules: deny patterns', () => {
  it('catch a denied word hidden with quotes or backslashes', () => {
    expect(check("systemctl restart re''boot.target")).toEqual({
      allowed: false,
      reason: 'the policy denies commands matching "*reboot*"',
    });
    expect(check('systemctl restart re""boot.target').allowed).toBe(false);
    expect(check('systemctl restart re\\boot.target').allowed).toBe(false);
    expect(check('systemctl restart REBOOT.target').allowed).toBe(false);
    expect(check('systemctl restart nginx').allowed).toBe(true);
  });
});

describe('rport rules: --interpreter and --cwd', () => {
  it('without interpreters or cwd in the rule, allows only the default interpreter and no --cwd', () => {
    expect(check('Get-Service', { interpreter: 'powershell' })).toEqual({
      allowed: false,
      reason: expect.stringContaining('--interpreter powershell'),
    });
    expect(check('systemctl restart nginx', { cwd: '/tmp' })).toEqual({
      allowed: false,
      reason: expect.stringContaining('--cwd'),
    });
    expect(check('Get-Service').allowed).toBe(true);
  });

  it('allows the interpreters and directories a rule names', () => {
    const windows = createPolicyEngine(
      parsePolicy(`
roles:
  operator: { members: [alice@example.com], intents: [rport.run] }
rport:
  rules:
    - name: windows
      allow: ["Get-Process*"]
      interpreters: [powershell]
      cwd: ["C:/Temp", "/var/log/*"]
`),
    );
    const check = (command: string, o: { interpreter?: string; cwd?: string } = {}) =>
      windows.checkRportCommand(alice, { command, targets: [web], sudo: false, ...o });
    expect(check('Get-Process', { interpreter: 'powershell' }).allowed).toBe(true);
    expect(check('Get-Process', { interpreter: 'PowerShell', cwd: 'C:/Temp' }).allowed).toBe(true);
    expect(check('Get-Process', { interpreter: 'cmd' }).allowed).toBe(false);
    expect(check('Get-Process', { cwd: '/var/log/nginx' }).allowed).toBe(true);
    expect(check('Get-Process', { cwd: '/var/log/../../etc' }).allowed).toBe(false);
    expect(check('Get-Process', { cwd: '/var/log/a/b' }).allowed).toBe(false);
    expect(check('Get-Process', { cwd: '/etc' }).allowed).toBe(false);
  });
});

describe('the example policy', () => {
  const example = createPolicyEngine(parsePolicy(readFileSync('policy.example.yaml', 'utf8')));
  const run = (command: string, o: { interpreter?: string } = {}) =>
    example.checkRportCommand(alice, { command, targets: [web], sudo: false, ...o });

  it('has no argument-injection hole in its diagnostics rule', () => {
    expect(run('journalctl -u nginx -n 50').allowed).toBe(true);
    expect(run('journalctl -u nginx -n 50 --vacuum-time=1s').allowed).toBe(false);
    expect(run('journalctl -u --vacuum-time=1s -n 5').allowed).toBe(false);
    expect(run('journalctl -u nginx --rotate -n 5').allowed).toBe(false);
    expect(run('systemctl status nginx').allowed).toBe(true);
    expect(run('systemctl status nginx --host=evil').allowed).toBe(false);
    expect(run('Get-Service -Name W32Time', { interpreter: 'powershell' }).allowed).toBe(true);
    expect(run('Get-Service -Name @{a=Stop-Computer -Force}', { interpreter: 'powershell' }).allowed).toBe(
      false,
    );
  });
});

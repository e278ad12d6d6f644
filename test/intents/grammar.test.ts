import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createIntentCatalog } from '../../adapters/compose-handlers.ts';
import { type CommandSpec, parseCommand } from '../../src/intents/grammar.ts';
import { tokenize } from '../../src/intents/tokenize.ts';

/** The syntax as registered by the handlers, not a copy: a change to a handler's syntax is tested here. */
const catalog = createIntentCatalog();
afterAll(() => catalog.close());
const commands: CommandSpec[] = catalog.intents.flatMap((i) =>
  i.syntax ? [{ name: i.name, syntax: i.syntax }] : [],
);
const intentNamed = (name: string) => catalog.intents.find((i) => i.name === name)!;

describe('the command grammar', () => {
  it.each([
    ['rport clients', { kind: 'intent', name: 'rport.clients', input: {} }],
    ['rport clients web', { kind: 'intent', name: 'rport.clients', input: { filter: 'web' } }],
    ['/pam rport clients web prod', { kind: 'intent', name: 'rport.clients', input: { filter: 'web prod' } }],
    ['pam RPORT Clients', { kind: 'intent', name: 'rport.clients', input: {} }],
    [
      'rport run web-01,db-01 -- df -h  /var',
      { kind: 'intent', name: 'rport.run', input: { targets: 'web-01,db-01', command: 'df -h  /var' } },
    ],
    [
      'rport run web-01 --sudo --timeout 5m -- systemctl restart "nginx"',
      {
        kind: 'intent',
        name: 'rport.run',
        input: { targets: 'web-01', sudo: true, timeout: '5m', command: 'systemctl restart "nginx"' },
      },
    ],
    [
      'rport run group:web --timeout=30s --cwd "/var/my app" -- ls -- -x',
      {
        kind: 'intent',
        name: 'rport.run',
        input: { targets: 'group:web', timeout: '30s', cwd: '/var/my app', command: 'ls -- -x' },
      },
    ],
    [
      'rport run web-01 -- echo "a;b" | grep a',
      { kind: 'intent', name: 'rport.run', input: { targets: 'web-01', command: 'echo "a;b" | grep a' } },
    ],
    [
      'access deny 42 “not during the freeze”',
      { kind: 'intent', name: 'access.deny', input: { id: '42', reason: 'not during the freeze' } },
    ],
    [
      'access deny 42 because I said so',
      { kind: 'intent', name: 'access.deny', input: { id: '42', reason: 'because I said so' } },
    ],
    [
      'access approve 42 --for 2h ticket 7',
      { kind: 'intent', name: 'access.approve', input: { id: '42', for: '2h', reason: 'ticket 7' } },
    ],
    [
      'sessionkey --team Helpdesk --external-key T-1 --name "ACME Corp"',
      {
        kind: 'intent',
        name: 'sessionkey',
        input: { team: 'Helpdesk', externalKey: 'T-1', name: 'ACME Corp' },
      },
    ],
    ['audit 5', { kind: 'intent', name: 'audit', input: { count: '5' } }],
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['help rport', { kind: 'help', topic: 'rport' }],
  ])('%s', (text, expected) => {
    const parsed = parseCommand(text, commands);
    expect(parsed).toEqual(expected);
    // What the grammar produces is what the registered intent accepts.
    if (parsed.kind === 'intent')
      expect(intentNamed(parsed.name).input.safeParse(parsed.input).success).toBe(true);
  });

  it.each([
    ['rprot clients', 'rport', 'Unknown command "rprot". Did you mean `rport`?'],
    ['acess list', 'access', 'Unknown command "acess". Did you mean `access`?'],
    ['rport restart web-01', 'rport', '`rport` has no sub-command "restart".'],
    ['rport run web-01 --force -- ls', 'rport run', '`rport run` has no option --force.'],
    ['rport run web-01 --sudo=yes -- ls', 'rport run', '--sudo is a switch and takes no value.'],
    ['rport run web-01 --timeout', 'rport run', '--timeout needs a value.'],
    ['rport run web-01 uptime', 'rport run', 'Unexpected "uptime" (put the command after --).'],
    ['audit 5 -- x', 'audit', '`audit` takes nothing after --.'],
  ])('%s → help for the nearest command', (text, topic, problem) => {
    expect(parseCommand(text, commands)).toEqual({ kind: 'help', topic, problem });
  });

  it('answers gibberish with general help', () => {
    expect(parseCommand('xyzzy plugh', commands)).toEqual({
      kind: 'help',
      problem: 'Unknown command "xyzzy".',
    });
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const result = parseCommand(text, commands);
        expect(['intent', 'help']).toContain(result.kind);
      }),
      { numRuns: 3000 },
    );
    const words = fc.constantFrom(
      'rport',
      'run',
      'clients',
      '--',
      '--sudo',
      '--timeout',
      '"',
      "'",
      '“',
      'access',
      'deny',
      '=',
      '--for=',
      'help',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 12 }), (parts) => {
        expect(() => parseCommand(parts.join(' '), commands)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('tokenizes quotes, escapes and unbalanced quotes', () => {
    expect(tokenize(`a "b c" 'd e' "f\\"g" “h i” 'unclosed x`).map((t) => t.value)).toEqual([
      'a',
      'b c',
      'd e',
      'f"g',
      'h i',
      'unclosed x',
    ]);
  });
});

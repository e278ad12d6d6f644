import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/intents/audit-log.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import { createPolicyReloader, diffPolicies } from '../../src/policy/reload-policy.ts';
import { createReloadablePolicy } from '../../src/policy/reloadable-policy.ts';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogs } from '../helpers/log-capture.ts';

const example = readFileSync('policy.example.yaml', 'utf8');

describe('policy reload', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-reload-'));
    file = join(dir, 'policy.yaml');
    writeFileSync(file, example);
    store = createStore('sqlite://:memory:');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const logs = captureLogs();
    const policy = createReloadablePolicy(createPolicyEngine(parsePolicy(example)));
    const audit = createAuditLog(store, logs.log);
    const reload = createPolicyReloader({
      file,
      policy,
      build: (p) => createPolicyEngine(p),
      audit,
      log: logs.log,
    });
    return { policy, audit, reload, logs };
  }

  it('puts a changed file in force and audits one entry by the system with a short diff', async () => {
    const { policy, audit, reload } = setup();
    writeFileSync(
      file,
      example
        .replace(
          '  auditor:\n',
          '  contractors:\n    members: [erin@example.com]\n    intents: [health]\n  auditor:\n',
        )
        .replace('intents: [audit, audit.verify]', 'intents: [audit, audit.verify, health]'),
    );
    const result = await reload();
    expect(result).toEqual({ ok: true, changed: true, diff: 'roles +contractors ~auditor' });
    expect(Object.keys(policy.policy.roles)).toContain('contractors');
    const entries = await audit.last(5);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { userId: 'system' },
      action: 'policy.reload',
      detail: 'roles +contractors ~auditor',
    });
  });

  it('refuses a bad file with the file, line and reason, and keeps the policy in force', async () => {
    const { policy, audit, reload, logs } = setup();
    const before = policy.current();
    writeFileSync(
      file,
      example.replace('intents: [audit, audit.verify]', 'intents: [audit, audit.verify]\n    colour: blue'),
    );
    const result = await reload();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(new RegExp(`^${file} line \\d+: roles\\.auditor: `));
    expect(policy.current()).toBe(before);
    expect(await audit.last(5)).toEqual([]);
    expect(logs.text()).toContain('policy reload refused, the previous policy stays in force');
  });

  it('changes nothing and audits nothing when the file did not change', async () => {
    const { policy, audit, reload } = setup();
    const before = policy.current();
    expect(await reload()).toEqual({ ok: true, changed: false, diff: 'no change' });
    expect(policy.current()).toBe(before);
    expect(await audit.last(5)).toEqual([]);
  });

  it('names added, removed and changed rport rules', () => {
    const a = parsePolicy(example);
    const rules = a.rport.rules;
    const b = {
      ...a,
      rport: { ...a.rport, rules: [{ ...rules[0]!, sudo: !rules[0]!.sudo }, ...rules.slice(2)] },
    };
    expect(diffPolicies(a, b)).toBe(`rules -${rules[1]!.name} ~${rules[0]!.name}`);
  });
});

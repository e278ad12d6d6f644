import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/intents/envelope.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine, type PolicyEngine } from '../../src/policy/policy-engine.ts';
import { createReloadablePolicy, type ReloadablePolicy } from '../../src/policy/reloadable-policy.ts';

const example = readFileSync('policy.example.yaml', 'utf8');
const dave: Actor = { platform: 'console', userId: 'dave', name: 'Dave', email: 'dave@example.com' };

describe('the reloadable policy', () => {
  it('answers from the engine in force, before and after a swap, through the same object', () => {
    const reloadable = createReloadablePolicy(createPolicyEngine(parsePolicy(example)));
    const heldByAHandler: PolicyEngine = reloadable;
    expect(heldByAHandler.can(dave, 'rport.run')).toBe(false);
    const widened = example.replace(
      'intents: [audit, audit.verify]',
      'intents: [audit, audit.verify, rport.run]',
    );
    reloadable.swap(createPolicyEngine(parsePolicy(widened)));
    expect(heldByAHandler.can(dave, 'rport.run')).toBe(true);
    expect(heldByAHandler.rolesOf(dave)).toEqual(['auditor']);
    expect(heldByAHandler.policy.roles.auditor?.intents).toEqual(['audit', 'audit.verify', 'rport.run']);
    expect(reloadable.current().policy).toBe(heldByAHandler.policy);
  });

  it('delegates methods added to PolicyEngine later without a change to the wrapper', () => {
    const base = createPolicyEngine(parsePolicy(example));
    // A method the wrapper has never heard of, as a later change may add one to PolicyEngine.
    const extended = Object.assign(Object.create(null), base, {
      laterMethod(this: PolicyEngine, actor: Actor) {
        return this.rolesOf(actor).length ? `person:${actor.email}` : undefined;
      },
    }) as PolicyEngine & { laterMethod(actor: Actor): string | undefined };
    const reloadable = createReloadablePolicy(extended) as ReloadablePolicy & typeof extended;
    expect(reloadable.laterMethod(dave)).toBe('person:dave@example.com');
    expect('laterMethod' in reloadable).toBe(true);
    expect(Object.keys({ ...reloadable })).toEqual(expect.arrayContaining(['laterMethod', 'can', 'policy']));
    reloadable.swap(base);
    expect('laterMethod' in reloadable).toBe(false);
  });
});

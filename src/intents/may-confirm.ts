import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { Actor } from './envelope.ts';
import type { ConfirmRule } from './pending-actions.ts';

/**
 * Same person. With the policy: the same platform account, or two accounts that resolve to the same person
 * (people entries, verified emails); an account that resolves to nobody is only itself. Without it (older
 * callers): the same account, or the same email.
 */
export function samePerson(a: Actor, b: Actor, policy?: PolicyEngine): boolean {
  if (a.platform === b.platform && a.userId === b.userId) return true;
  if (policy) {
    const person = policy.personOf(a);
    return !!person && person === policy.personOf(b);
  }
  return !!a.email && !!b.email && a.email.toLowerCase() === b.email.toLowerCase();
}

/**
 * Undefined when `actor` may press the button; otherwise the sentence that says why not. Confirmations count
 * people, not accounts: whoever cannot be resolved to one person (policy `people`, verified email) may not
 * confirm, and a second approver must be provably someone other than the requester.
 */
export function refuseConfirmation(
  rule: ConfirmRule,
  requester: Actor,
  actor: Actor,
  policy: PolicyEngine,
): string | undefined {
  const me = policy.identify(actor);
  if ('problem' in me) return me.problem;
  if (rule.mode === 'requester') {
    return samePerson(requester, actor, policy)
      ? undefined
      : `Only ${requester.name} can confirm or cancel this.`;
  }
  const them = policy.identify(requester);
  if ('problem' in them)
    return `Gatehouse cannot tell that you are not ${requester.name}, who asked for this: ${lowerFirst(them.problem)}`;
  if (them.person === me.person)
    return `This command needs a second person: someone else with the ${rule.role} role must confirm it.`;
  if (!policy.hasRole(actor, rule.role)) return `Only people with the ${rule.role} role can confirm this.`;
  return undefined;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** "Alice (requester)" / "anyone with the approver role except Alice". */
export function describeConfirmers(rule: ConfirmRule, requester: Actor): string {
  return rule.mode === 'requester'
    ? `${requester.name} (the requester)`
    : `a second person with the ${rule.role} role (not ${requester.name})`;
}

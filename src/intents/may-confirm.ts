import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { Actor } from './envelope.ts';
import type { ConfirmRule } from './pending-actions.ts';

/** Same person, across platforms when both have an email. */
export function samePerson(a: Actor, b: Actor): boolean {
  if (a.platform === b.platform && a.userId === b.userId) return true;
  return !!a.email && !!b.email && a.email.toLowerCase() === b.email.toLowerCase();
}

/** Undefined when `actor` may press the button; otherwise the sentence that says why not. */
export function refuseConfirmation(
  rule: ConfirmRule,
  requester: Actor,
  actor: Actor,
  policy: PolicyEngine,
): string | undefined {
  if (rule.mode === 'requester') {
    return samePerson(requester, actor) ? undefined : `Only ${requester.name} can confirm or cancel this.`;
  }
  if (samePerson(requester, actor))
    return `This command needs a second person: someone else with the ${rule.role} role must confirm it.`;
  if (!policy.hasRole(actor, rule.role)) return `Only people with the ${rule.role} role can confirm this.`;
  return undefined;
}

/** "Alice (requester)" / "anyone with the approver role except Alice". */
export function describeConfirmers(rule: ConfirmRule, requester: Actor): string {
  return rule.mode === 'requester'
    ? `${requester.name} (the requester)`
    : `a second person with the ${rule.role} role (not ${requester.name})`;
}

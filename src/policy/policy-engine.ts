import type { Actor } from '../intents/envelope.ts';
import { compilePattern, matchesIntent } from './match.ts';
import type { Policy, RportRule } from './policy-schema.ts';

/** A target as the policy sees it: an rport client with its name, groups and tags. */
export interface PolicyTarget {
  id: string;
  name?: string;
  groups?: string[];
  tags?: string[];
}

export type RportDecision =
  | { allowed: true; rule: RportRule; secondApprover: boolean }
  | { allowed: false; reason: string };

export interface PolicyEngine {
  readonly policy: Policy;
  rolesOf(actor: Actor): string[];
  hasRole(actor: Actor, role: string): boolean;
  /** May this actor use this intent at all? */
  can(actor: Actor, intent: string): boolean;
  /** Members of a role as written (emails, platform ids), e.g. to show who may confirm. */
  membersOf(role: string): string[];
  checkRportCommand(
    actor: Actor,
    request: { command: string; targets: PolicyTarget[]; sudo: boolean },
  ): RportDecision;
}

/**
 * Evaluates the policy. `groupMembers` resolves `group:<name>` members (BeyondInsight user groups) from a
 * cache kept elsewhere; without it such members match nobody.
 */
export function createPolicyEngine(
  policy: Policy,
  options: { groupMembers?: (group: string) => string[] } = {},
): PolicyEngine {
  const deny = policy.rport.deny.map((p) => ({ text: p, re: compilePattern(p, { safe: false }) }));
  const rules = policy.rport.rules.map((rule) => ({
    rule,
    allow: rule.allow.map((p) => compilePattern(p, { safe: true })),
  }));

  function isMember(actor: Actor, member: string): boolean {
    if (member.startsWith('group:')) {
      return (options.groupMembers?.(member.slice(6)) ?? []).some((m) => m !== member && isMember(actor, m));
    }
    if (member.includes('@') && !member.includes(':')) {
      return !!actor.email && actor.email.toLowerCase() === member.toLowerCase();
    }
    return member === `${actor.platform}:${actor.userId}`;
  }

  const rolesOf = (actor: Actor) =>
    Object.entries(policy.roles)
      .filter(([, r]) => r.members.some((m) => isMember(actor, m)))
      .map(([name]) => name);

  function targetAllowed(rule: RportRule, target: PolicyTarget): boolean {
    const t = rule.targets;
    if (!t) return true;
    return (
      !!t.clients?.some((c) => c === target.id || c === target.name) ||
      !!t.groups?.some((g) => target.groups?.includes(g)) ||
      !!t.tags?.some((tag) => target.tags?.includes(tag))
    );
  }

  return {
    policy,
    rolesOf,
    hasRole: (actor, role) => rolesOf(actor).includes(role),
    can(actor, intent) {
      if (intent === 'help' || policy.everyone.some((p) => matchesIntent(p, intent))) return true;
      return rolesOf(actor).some((r) => policy.roles[r]?.intents.some((p) => matchesIntent(p, intent)));
    },
    membersOf: (role) => policy.roles[role]?.members ?? [],
    checkRportCommand(actor, { command, targets, sudo }) {
      const denied = deny.find((d) => d.re.test(command));
      if (denied) return { allowed: false, reason: `the policy denies commands matching "${denied.text}"` };
      const roles = rolesOf(actor);
      const matching = rules.filter(({ allow }) => allow.some((re) => re.test(command)));
      if (matching.length === 0)
        return { allowed: false, reason: 'no rport rule in the policy allows this command' };
      const forRole = matching.filter(({ rule }) => !rule.roles || rule.roles.some((r) => roles.includes(r)));
      if (forRole.length === 0) {
        return {
          allowed: false,
          reason: `rule "${matching[0]!.rule.name}" allows this command only for the roles ${matching[0]!.rule.roles!.join(', ')}`,
        };
      }
      const withSudo = forRole.filter(({ rule }) => !sudo || rule.sudo);
      if (withSudo.length === 0)
        return { allowed: false, reason: `rule "${forRole[0]!.rule.name}" does not allow --sudo` };
      const fit = withSudo.find(({ rule }) => targets.every((t) => targetAllowed(rule, t)));
      if (!fit) {
        const rule = withSudo[0]!.rule;
        const outside = targets.filter((t) => !targetAllowed(rule, t)).map((t) => t.name ?? t.id);
        return {
          allowed: false,
          reason: `rule "${rule.name}" does not allow this command on ${outside.join(', ')}`,
        };
      }
      return { allowed: true, rule: fit.rule, secondApprover: fit.rule.second_approver };
    },
  };
}

import type { Actor } from '../intents/envelope.ts';
import { actorKey } from '../intents/envelope.ts';
import { createRportCheck, type RportDecision, type RportRequest } from './check-rport-command.ts';
import { matchesIntent } from './match.ts';
import { createPeople, type Identity } from './people.ts';
import type { Policy } from './policy-schema.ts';

export type { PolicyTarget, RportDecision, RportRequest } from './check-rport-command.ts';
export type { Identity } from './people.ts';

export interface PolicyEngine {
  readonly policy: Policy;
  rolesOf(actor: Actor): string[];
  hasRole(actor: Actor, role: string): boolean;
  /** May this actor use this intent at all? */
  can(actor: Actor, intent: string): boolean;
  /** `can` for many intents at once (help lists every command): the actor's roles are worked out once. */
  permits(actor: Actor): (intent: string) => boolean;
  /** Members of a role as written (emails, platform ids), e.g. to show who may confirm. */
  membersOf(role: string): string[];
  /** The one person behind an account on any platform (`person:carol`, an email), or undefined. */
  personOf(actor: Actor): string | undefined;
  /** The person, or the sentence naming the mapping that is missing. */
  identify(actor: Actor): Identity;
  /** A PM Cloud requester (Windows account, UPN) as a person, or what is missing (a clause). */
  identifyAccount(account: { windows?: string; email?: string }): Identity;
  checkRportCommand(actor: Actor, request: RportRequest): RportDecision;
}

/**
 * Evaluates the policy. `groupMembers` resolves `group:<name>` members (BeyondInsight user groups) from a
 * cache kept elsewhere; without it such members match nobody. Role membership goes through the person model
 * (people.ts), so one person has the same roles on every platform.
 */
export function createPolicyEngine(
  policy: Policy,
  options: { groupMembers?: (group: string) => string[] } = {},
): PolicyEngine {
  const people = createPeople(policy);
  const checkRport = createRportCheck(policy.rport);
  // The person a role member names depends on the policy alone: worked out once per member.
  const memberPerson = new Map<string, string | undefined>();
  const personOfMember = (member: string) => {
    if (!memberPerson.has(member)) memberPerson.set(member, people.personOfMember(member));
    return memberPerson.get(member);
  };

  function isMember(actor: Actor, identity: Identity, member: string, seen: Set<string>): boolean {
    if (member.startsWith('group:')) {
      if (seen.has(member)) return false;
      const inner = new Set(seen).add(member);
      return (options.groupMembers?.(member.slice(6)) ?? []).some((m) => isMember(actor, identity, m, inner));
    }
    // The very account listed; then the person a member names (an email, person:key, an account in people).
    if (member === actorKey(actor)) return true;
    return !!identity.person && personOfMember(member) === identity.person;
  }

  function rolesOf(actor: Actor): string[] {
    const identity = people.whoIs(actor);
    // An account the people entries contradict gets nothing until the policy is fixed.
    if (!identity.person && 'conflict' in identity && identity.conflict) return [];
    return Object.entries(policy.roles)
      .filter(([, r]) => r.members.some((m) => isMember(actor, identity, m, new Set())))
      .map(([name]) => name);
  }

  function permits(actor: Actor): (intent: string) => boolean {
    let roles: string[] | undefined;
    return (intent) => {
      if (intent === 'help' || policy.everyone.some((p) => matchesIntent(p, intent))) return true;
      roles ??= rolesOf(actor);
      return roles.some((r) => policy.roles[r]?.intents.some((p) => matchesIntent(p, intent)));
    };
  }

  return {
    policy,
    rolesOf,
    hasRole: (actor, role) => rolesOf(actor).includes(role),
    can: (actor, intent) => permits(actor)(intent),
    permits,
    membersOf: (role) => policy.roles[role]?.members ?? [],
    personOf: (actor) => people.whoIs(actor).person,
    identify: people.whoIs,
    identifyAccount: people.whoIsAccount,
    checkRportCommand: (actor, request) => checkRport(rolesOf(actor), request),
  };
}

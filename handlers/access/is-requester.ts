import type { Actor } from '../../src/intents/envelope.ts';
import type { PolicyEngine } from '../../src/policy/policy-engine.ts';
import type { AdminAccessRequest } from '../../src/vendors/pmcloud/index.ts';

/** "CORP\\amelia.hart" / "amelia.hart@corp.example" → "ameliahart": the account without domain or dots. */
function account(text: string): string {
  const withoutDomain = text.split('\\').at(-1)?.split('@')[0] ?? '';
  return withoutDomain.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Names shorter than this are too ambiguous to compare on their own. */
const MIN_ACCOUNT = 3;

/** The old guess: the account name against the actor's email, platform id and display name. */
function looksAlike(user: AdminAccessRequest['user'], actor: Actor): boolean {
  const theirs = new Set([user.name, user.email ?? ''].map(account).filter((a) => a.length >= MIN_ACCOUNT));
  const mine = [actor.email ?? '', actor.userId, actor.name].map(account);
  return mine.some((a) => a.length >= MIN_ACCOUNT && theirs.has(a));
}

export interface Refusal {
  title: string;
  sentence: string;
}

/**
 * Undefined only when Gatehouse can prove `actor` is not the person who asked for the admin access: both
 * resolve to a person (the approver through the policy's people or a verified email; the requester, whom
 * PM Cloud knows by a Windows account and maybe a UPN, through `people.*.windows` or that UPN) and the two
 * differ. Anything less fails closed with the mapping that is missing. Where either side is only an email,
 * a name that looks like the requester's still refuses: a false match asks someone else to decide, a missed
 * one would let a person grant themselves admin rights.
 */
export function refuseRequester(
  request: Pick<AdminAccessRequest, 'user' | 'computer'>,
  actor: Actor,
  policy: PolicyEngine,
): Refusal | undefined {
  const { user } = request;
  const own = {
    title: 'Not yours to decide',
    sentence: `You cannot decide your own admin access request (${user.name} on ${request.computer.name}): someone else with the ${policy.policy.access.approver_role} role must.`,
  };
  const approver = policy.identify(actor);
  if ('problem' in approver) return { title: 'Who are you?', sentence: approver.problem };
  const requester = policy.identifyAccount({
    windows: user.name,
    ...(user.email ? { email: user.email } : {}),
  });
  if ('problem' in requester)
    return {
      title: 'Requester unknown',
      sentence: `Gatehouse cannot prove you are not the requester: ${requester.problem}; list ${user.name} under windows of their entry in the policy's people, or decide it in PM Cloud.`,
    };
  if (requester.person === approver.person) return own;
  if (!(requester.declared && approver.declared) && looksAlike(user, actor))
    return {
      title: 'Not yours to decide',
      sentence: `You look like the requester (${user.name}), so Gatehouse will not let you decide this; if you are two people, the policy's people must name you both.`,
    };
  return undefined;
}

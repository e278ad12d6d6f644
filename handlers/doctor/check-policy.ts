import { matchesIntent } from '../../src/policy/match.ts';
import type { Policy } from '../../src/policy/policy-schema.ts';
import { type DoctorLine, fail, ok } from './doctor-line.ts';

const POLICY = 'Policy';

export interface PolicyUse {
  /** Every registered intent name. */
  intents: string[];
  /** Platforms configured here (slack, teams, console). */
  platforms: string[];
}

/**
 * Every intent pattern matches a registered intent; every role has members and is granted something or
 * named by a setting; every channel is on a configured platform; every alert route sends somewhere.
 */
export function checkPolicy(policy: Policy, use: PolicyUse): DoctorLine[] {
  const problems: string[] = [];
  // `help` is the dispatcher's own answer, not a registered intent; the policy may name it.
  const known = [...use.intents, 'help'];
  const named = new Set([
    policy.access.approver_role,
    policy.rport.approver_role,
    policy.alerts.responder_role,
  ]);
  for (const rule of policy.rport.rules) for (const r of rule.roles ?? []) named.add(r);
  for (const [name, role] of Object.entries(policy.roles)) {
    for (const p of role.intents) {
      if (!known.some((i) => matchesIntent(p, i)))
        problems.push(`role ${name}'s intent "${p}" matches no command`);
    }
    if (role.members.length === 0) problems.push(`role ${name} has no members`);
    if (role.intents.length === 0 && !named.has(name))
      problems.push(`role ${name} grants nothing and no setting names it`);
  }
  for (const p of policy.everyone) {
    if (!known.some((i) => matchesIntent(p, i))) problems.push(`everyone's intent "${p}" matches no command`);
  }
  for (const r of named) {
    if (!(r in policy.roles)) problems.push(`the role ${r} that a setting names is not defined`);
  }
  const channelSets: Array<[string, Policy['access']['channels']]> = [
    ['access.channels', policy.access.channels],
    ...policy.alerts.routes.map((r): [string, Policy['access']['channels']] => [
      `route ${r.name}`,
      r.channels,
    ]),
  ];
  for (const [where, channels] of channelSets) {
    for (const [platform, list] of Object.entries(channels)) {
      if (list.length > 0 && !use.platforms.includes(platform)) {
        problems.push(`${where} lists ${platform} channels, but ${platform} is not configured`);
      }
    }
  }
  for (const route of policy.alerts.routes) {
    if (Object.values(route.channels).every((l) => l.length === 0))
      problems.push(`route ${route.name} sends nowhere`);
  }
  if (problems.length === 0) {
    return [ok(POLICY, 'used', 'every intent, role, channel and route in it is used')];
  }
  return problems.map((p) => fail(POLICY, 'used', `${p}: fix or remove it in POLICY_FILE.`));
}

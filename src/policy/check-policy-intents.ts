import { ConfigError } from '../errors.ts';
import type { Intent } from '../intents/intent.ts';
import { nearestName } from '../intents/nearest-name.ts';
import { policyLocation } from './load-policy.ts';
import { matchesIntent } from './match.ts';
import type { Policy } from './policy-schema.ts';

/** A registry where two intents share a name stops start-up (a map would silently keep the last). */
export function checkUniqueIntents(intents: readonly Pick<Intent, 'name'>[]): void {
  const seen = new Set<string>();
  for (const { name } of intents) {
    if (seen.has(name))
      throw new ConfigError(`Two intents are registered as "${name}"; each name must be unique.`);
    seen.add(name);
  }
}

/**
 * Every intent name or pattern the policy grants (`everyone`, `roles.<role>.intents`) must match something
 * Gatehouse has: a typo such as `acess.*` would otherwise grant nothing, silently. Stops start-up naming the
 * policy file, the line, and the nearest real name.
 */
export function checkPolicyIntents(
  policy: Policy,
  intents: readonly Pick<Intent, 'name' | 'permission'>[],
): void {
  checkUniqueIntents(intents);
  const names = new Set<string>(['help']);
  for (const i of intents) {
    names.add(i.name);
    if (i.permission !== 'none') names.add(i.permission);
  }
  const groups = new Set([...names].flatMap(groupsOf));
  const grants: Array<{ path: PropertyKey[]; pattern: string }> = [
    ...policy.everyone.map((pattern, i) => ({ path: ['everyone', i], pattern })),
    ...Object.entries(policy.roles).flatMap(([role, r]) =>
      r.intents.map((pattern, i) => ({ path: ['roles', role, 'intents', i], pattern })),
    ),
  ];
  for (const { path, pattern } of grants) {
    if ([...names].some((n) => matchesIntent(pattern, n))) continue;
    const nearest = nearestName(pattern, pattern.endsWith('.*') ? groups : names);
    const hint = nearest ? ` Did you mean "${nearest}"?` : '';
    throw new ConfigError(
      `${policyLocation(policy, path)}: ${path.join('.')}: "${pattern}" matches no intent Gatehouse has.${hint}`,
    );
  }
}

/** `user.quarantine.confirm` → `user.*`, `user.quarantine.*`: the group patterns that cover a name. */
function groupsOf(name: string): string[] {
  const parts = name.split('.');
  return parts.slice(1).map((_, i) => `${parts.slice(0, i + 1).join('.')}.*`);
}

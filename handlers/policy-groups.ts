import type { Logger } from '../src/log.ts';
import type { Policy } from '../src/policy/policy-schema.ts';
import type { PasswordSafeClient } from '../src/vendors/password-safe/index.ts';

/** The BeyondInsight user groups a policy names as `group:<name>` members. */
export function policyGroups(policy: Policy): string[] {
  const names = Object.values(policy.roles).flatMap((r) =>
    r.members.filter((m) => m.startsWith('group:')).map((m) => m.slice(6)),
  );
  return [...new Set(names)];
}

export interface GroupDirectory {
  /** Emails of the group's members as last resolved (empty until the first refresh, or when unknown). */
  members(group: string): string[];
  /** Resolve every group through Password Safe; a group that fails keeps its last known members. */
  refresh(): Promise<void>;
}

/**
 * Role membership through BeyondInsight user groups: `group:PAM Approvers` in the policy holds whoever that
 * group holds in Password Safe, matched by email. Each replica keeps its own copy, refreshed periodically,
 * so a policy check never waits on Password Safe.
 */
export function createGroupDirectory(
  groups: string[],
  ps: PasswordSafeClient | undefined,
  log: Logger,
): GroupDirectory {
  const known = new Map<string, string[]>();
  return {
    members: (group) => known.get(group.toLowerCase()) ?? [],
    async refresh() {
      if (!ps) return;
      for (const name of groups) {
        try {
          const group = await ps.findUserGroup(name);
          if (!group) {
            log.warn(
              { group: name },
              'the policy names a BeyondInsight user group that Password Safe does not know',
            );
            known.set(name.toLowerCase(), []);
            continue;
          }
          const users = group.isActive ? await ps.listUserGroupMembers(group.id) : [];
          const emails = users
            .filter((u) => u.isActive && !u.isQuarantined && u.emailAddress)
            .map((u) => u.emailAddress!.toLowerCase());
          known.set(name.toLowerCase(), emails);
        } catch (err) {
          log.warn(
            { err: { message: (err as Error).message }, group: name },
            'could not resolve a policy user group; keeping its last members',
          );
        }
      }
    },
  };
}

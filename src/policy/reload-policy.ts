import type { AuditLog } from '../intents/audit-log.ts';
import type { Actor } from '../intents/envelope.ts';
import type { Logger } from '../log.ts';
import { loadPolicy } from './load-policy.ts';
import type { PolicyEngine } from './policy-engine.ts';
import type { Policy } from './policy-schema.ts';
import type { ReloadablePolicy } from './reloadable-policy.ts';

/** Who changes the policy on a reload: the audit trail names the system, not a person. */
export const SYSTEM_ACTOR: Actor = {
  platform: 'console',
  userId: 'system',
  name: 'Gatehouse (policy reload)',
};

export type ReloadResult = { ok: true; changed: boolean; diff: string } | { ok: false; error: string };

export interface PolicyReloaderOptions {
  file: string;
  policy: ReloadablePolicy;
  /** Builds an engine for a freshly read policy (with the same group lookup as the first one). */
  build: (policy: Policy) => PolicyEngine;
  audit: AuditLog;
  log: Logger;
  /** Told after each attempt (metrics). */
  onResult?: (result: ReloadResult) => void;
}

/** A short, human diff of roles and rport rules: "roles +oncall -contractors ~admins; rules +restart-web". */
export function diffPolicies(before: Policy, after: Policy): string {
  const part = (what: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    const added = Object.keys(b).filter((k) => !(k in a));
    const removed = Object.keys(a).filter((k) => !(k in b));
    const changed = Object.keys(b).filter((k) => k in a && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    const words = [
      ...added.map((k) => `+${k}`),
      ...removed.map((k) => `-${k}`),
      ...changed.map((k) => `~${k}`),
    ];
    return words.length ? `${what} ${words.join(' ')}` : '';
  };
  const byName = (p: Policy) => Object.fromEntries(p.rport.rules.map((r) => [r.name, r]));
  const rest = (p: Policy) => {
    const { roles: _roles, rport, ...others } = p;
    return { ...others, rport_deny: rport.deny };
  };
  const parts = [
    part('roles', before.roles, after.roles),
    part('rules', byName(before), byName(after)),
    part('settings', rest(before), rest(after)),
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'no change';
}

/**
 * Re-read POLICY_FILE and put it in force. A file that does not parse or validate is refused with the same
 * "file line N: reason" message as at start-up, and the policy in force stays; a change is audited once.
 */
export function createPolicyReloader(options: PolicyReloaderOptions): () => Promise<ReloadResult> {
  const { file, policy, build, audit, log } = options;
  let running: Promise<ReloadResult> | undefined;

  async function reload(): Promise<ReloadResult> {
    let next: Policy;
    try {
      next = loadPolicy(file);
    } catch (err) {
      const error = (err as Error).message;
      log.error({ file }, `policy reload refused, the previous policy stays in force: ${error}`);
      return { ok: false, error };
    }
    const before = policy.current().policy;
    const diff = diffPolicies(before, next);
    const changed = diff !== 'no change';
    if (changed) {
      policy.swap(build(next));
      await audit.record({
        actor: SYSTEM_ACTOR,
        action: 'policy.reload',
        targets: [file],
        decision: 'applied',
        result: 'ok',
        detail: diff.slice(0, 300),
      });
    }
    log.info({ file, diff }, changed ? 'policy reloaded' : 'policy reloaded: no change');
    return { ok: true, changed, diff };
  }

  return () => {
    running ??= reload()
      .then((result) => {
        options.onResult?.(result);
        return result;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}

import { climbs, compileAllow, compileCwd, compileDeny, denyForms } from './match.ts';
import type { Policy, RportRule } from './policy-schema.ts';

/** A target as the policy sees it: an rport client with its name, groups and tags. */
export interface PolicyTarget {
  id: string;
  name?: string;
  groups?: string[];
  tags?: string[];
}

export interface RportRequest {
  command: string;
  targets: PolicyTarget[];
  sudo: boolean;
  /** `--interpreter`; absent is the client's default. */
  interpreter?: string;
  /** `--cwd`; absent runs where rport runs commands by default. */
  cwd?: string;
}

export type RportDecision =
  | { allowed: true; rule: RportRule; secondApprover: boolean }
  | { allowed: false; reason: string };

/** Longer commands are refused: nobody types more into chat, and a long one hides what it does. */
export const MAX_COMMAND_BYTES = 2048;

interface Compiled {
  rule: RportRule;
  allow: RegExp[];
  cwd: RegExp[];
}

/** One step of the rule search: which rules survive it, and why none did. */
interface Step {
  keep(c: Compiled): boolean;
  reason(rule: RportRule): string;
}

function targetAllowed(rule: RportRule, target: PolicyTarget): boolean {
  const t = rule.targets;
  if (!t) return true;
  return (
    !!t.clients?.some((c) => c === target.id || c === target.name) ||
    !!t.groups?.some((g) => target.groups?.includes(g)) ||
    !!t.tags?.some((tag) => target.tags?.includes(tag))
  );
}

/**
 * The rport part of the policy: refuse what is too long, holds a control character or matches a deny pattern
 * (as typed or unquoted); then the first rule that matches the whole command, is open to the requester's
 * roles, allows --sudo, the interpreter and the working directory asked for, and covers every target decides.
 */
export function createRportCheck(rport: Policy['rport']) {
  const deny = rport.deny.map((p) => ({ text: p, re: compileDeny(p) }));
  const rules: Compiled[] = rport.rules.map((rule) => ({
    rule,
    allow: rule.allow.map(compileAllow),
    cwd: (rule.cwd ?? []).map(compileCwd),
  }));

  return function checkRportCommand(roles: string[], request: RportRequest): RportDecision {
    const { command, targets, sudo, interpreter, cwd } = request;
    if (Buffer.byteLength(command, 'utf8') > MAX_COMMAND_BYTES)
      return { allowed: false, reason: `the command is longer than 2 KB (${MAX_COMMAND_BYTES} bytes)` };
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(command))
      return {
        allowed: false,
        reason: 'the command holds a line break, tab or other control character; send one plain line',
      };
    const forms = denyForms(command);
    const denied = deny.find((d) => forms.some((f) => d.re.test(f)));
    if (denied) return { allowed: false, reason: `the policy denies commands matching "${denied.text}"` };
    const asked = interpreter?.toLowerCase();
    const steps: Step[] = [
      {
        keep: (c) => c.allow.some((re) => re.test(command)),
        reason: () => 'no rport rule in the policy allows this command',
      },
      {
        keep: ({ rule }) => !rule.roles || rule.roles.some((r) => roles.includes(r)),
        reason: (rule) =>
          `rule "${rule.name}" allows this command only for the roles ${rule.roles!.join(', ')}`,
      },
      {
        keep: ({ rule }) => !sudo || rule.sudo,
        reason: (rule) => `rule "${rule.name}" does not allow --sudo`,
      },
      {
        keep: ({ rule }) => !asked || !!rule.interpreters?.some((i) => i.toLowerCase() === asked),
        reason: (rule) =>
          `rule "${rule.name}" does not allow --interpreter ${interpreter} (it allows ${rule.interpreters?.length ? `${rule.interpreters.join(', ')} and ` : ''}the default interpreter)`,
      },
      {
        keep: (c) => cwd === undefined || (!climbs(cwd) && c.cwd.some((re) => re.test(cwd))),
        reason: (rule) =>
          `rule "${rule.name}" does not allow --cwd ${cwd}${rule.cwd?.length ? ` (it allows ${rule.cwd.join(', ')})` : ''}`,
      },
      {
        keep: ({ rule }) => targets.every((t) => targetAllowed(rule, t)),
        reason: (rule) =>
          `rule "${rule.name}" does not allow this command on ${targets
            .filter((t) => !targetAllowed(rule, t))
            .map((t) => t.name ?? t.id)
            .join(', ')}`,
      },
    ];
    let left = rules;
    for (const step of steps) {
      const kept = left.filter((c) => step.keep(c));
      if (kept.length === 0) return { allowed: false, reason: step.reason(left[0]?.rule as RportRule) };
      left = kept;
    }
    const fit = left[0]!.rule;
    return { allowed: true, rule: fit, secondApprover: fit.second_approver };
  };
}

import { z } from 'zod';
import { parseDuration } from '../intents/duration.ts';

const duration = (what: string) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const seconds = typeof v === 'number' ? v : parseDuration(v);
    if (seconds === undefined || seconds <= 0) {
      ctx.addIssue({ code: 'custom', message: `${what} must be a duration like 30s, 5m, 2h or 1d` });
      return z.NEVER;
    }
    return seconds;
  });

/**
 * A person is named by a `people` key (`person:carol`), by email (`alice@example.com`), by platform user id
 * (`slack:U0123ABC`, `teams:<aad object id>`, `console:alice`), or by BeyondInsight user group
 * (`group:<name>`, resolved through Password Safe).
 */
const member = z
  .string()
  .min(1)
  .refine((m) => m.includes('@') || /^(slack|teams|console|group|person):.+$/.test(m), {
    message:
      'a member is an email address, person:<key of people> or platform:id (slack:U…, teams:…, console:name, group:name)',
  });

const oneOrMany = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((v) => (typeof v === 'string' ? [v] : v));

/**
 * One person, declared once: every account listed here is that person, on every platform, for roles, votes
 * and confirmations. `windows` are the accounts PM Cloud names requesters by (`CORP\\carol`).
 */
const person = z.strictObject({
  email: z.string().includes('@', { message: 'must be an email address' }).optional(),
  slack: oneOrMany.optional(),
  /** AAD object ids. */
  teams: oneOrMany.optional(),
  console: oneOrMany.optional(),
  windows: oneOrMany.optional(),
});

const role = z.strictObject({
  members: z.array(member).default([]),
  /** Intent names or patterns (`rport.*`, `*`) this role may use. */
  intents: z.array(z.string().min(1)).default([]),
});

const targets = z.strictObject({
  clients: z.array(z.string().min(1)).optional(),
  groups: z.array(z.string().min(1)).optional(),
  tags: z.array(z.string().min(1)).optional(),
});

const rportRule = z.strictObject({
  name: z.string().min(1),
  /** Command patterns: `*` matches any text except shell control characters; `re:<regex>` for a regex. */
  allow: z.array(z.string().min(1)).min(1),
  /** Roles that may use this rule; absent means every role allowed to run rport commands. */
  roles: z.array(z.string().min(1)).optional(),
  targets: targets.optional(),
  /** `--interpreter` values this rule allows (compared ignoring case); absent: only the default one. */
  interpreters: z.array(z.string().min(1)).optional(),
  /** `--cwd` directories this rule allows, `*` standing for one path segment; absent: no `--cwd`. */
  cwd: z.array(z.string().min(1)).optional(),
  /** A different person with the approver role must confirm. */
  second_approver: z.boolean().default(false),
  sudo: z.boolean().default(false),
  /** Confirming a command of this rule needs a fresh second factor (step-up). */
  step_up: z.boolean().default(false),
});

const channels = z.strictObject({
  slack: z.array(z.string().min(1)).default([]),
  teams: z.array(z.string().min(1)).default([]),
  /** Console channels (the demo's); ignored where no console runs. */
  console: z.array(z.string().min(1)).default([]),
});

const alertRoute = z.strictObject({
  name: z.string().min(1),
  match: z
    .strictObject({
      source: z.array(z.string()).optional(),
      severity: z.array(z.enum(['critical', 'warning', 'info'])).optional(),
      labels: z.record(z.string(), z.string()).optional(),
    })
    .default({}),
  channels: channels.default({ slack: [], teams: [], console: [] }),
  /** Link this route's alerts to an rport command offered as a button (through the normal confirmation). */
  action: z
    .strictObject({ name: z.string().min(1), targets: z.string().min(1), command: z.string().min(1) })
    .optional(),
});

/** Actions that need a fresh TOTP code from the person taking them, and how long a code keeps them verified. */
const stepUp = z.strictObject({
  for: z.array(z.string().min(1)).default([]),
  within: duration('step_up.within').default(300),
});

const policyShape = z.strictObject({
  /** People declared once, by key (`carol`); roles name them as `person:carol`. */
  people: z
    .record(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a person key is letters, digits, . _ -'),
      person,
    )
    .default({}),
  roles: z.record(z.string().min(1), role).default({}),
  /** Intents every identified person may use (help is always allowed). */
  everyone: z.array(z.string().min(1)).default(['help']),
  rport: z
    .strictObject({
      approver_role: z.string().min(1).default('approver'),
      confirm_expiry: duration('rport.confirm_expiry').default(300),
      default_timeout: duration('rport.default_timeout').default(60),
      max_timeout: duration('rport.max_timeout').default(3600),
      deny: z.array(z.string().min(1)).default([]),
      rules: z.array(rportRule).default([]),
    })
    .default({
      approver_role: 'approver',
      confirm_expiry: 300,
      default_timeout: 60,
      max_timeout: 3600,
      deny: [],
      rules: [],
    }),
  access: z
    .strictObject({
      approver_role: z.string().min(1).default('approver'),
      channels: channels.default({ slack: [], teams: [], console: [] }),
      /** Duration choices offered on the card: `once` or durations. */
      durations: z
        .array(
          z
            .string()
            .min(1)
            .refine((d) => d.trim().toLowerCase() === 'once' || (parseDuration(d) ?? 0) >= 300, {
              message:
                'each of access.durations must be once or a duration of at least 5m (PM Cloud’s shortest)',
            }),
        )
        .default(['once', '1h', '4h', '8h', '1d']),
      default_duration: z.string().default('1h'),
      max_duration: duration('access.max_duration')
        .refine((s) => s >= 300 && s <= 86_400, {
          message:
            'access.max_duration must be between 5m and 1d (a PM Cloud JIT admin session lasts 5 minutes to 24 hours)',
        })
        .default(86_400),
      required_approvals: z.number().int().min(1).max(5).default(1),
      /** A pending request older than this is shown as expired, nothing granted. */
      expire_after: duration('access.expire_after').default(86_400),
    })
    .default({
      approver_role: 'approver',
      channels: { slack: [], teams: [], console: [] },
      durations: ['once', '1h', '4h', '8h', '1d'],
      default_duration: '1h',
      max_duration: 86_400,
      required_approvals: 1,
      expire_after: 86_400,
    }),
  sessionkey: z
    .strictObject({
      /** Post "Alice generated a session key for team Helpdesk, expires 10:45" in the channel (never the key). */
      announce_in_channel: z.boolean().default(false),
      default_expiry: duration('sessionkey.default_expiry').default(1800),
      /** The longest `--expires` anyone may ask for. */
      max_expiry: duration('sessionkey.max_expiry').default(86_400),
    })
    .default({ announce_in_channel: false, default_expiry: 1800, max_expiry: 86_400 }),
  alerts: z
    .strictObject({
      routes: z.array(alertRoute).default([]),
      /** Role allowed to subscribe/unsubscribe channels and to ack/resolve/mute. */
      responder_role: z.string().min(1).default('oncall'),
    })
    .default({ routes: [], responder_role: 'oncall' }),
  step_up: stepUp.default({ for: [], within: 300 }),
});

export const policySchema = policyShape.superRefine(checkPeople);

/** Every account belongs to at most one person, and every `person:` member names one. */
function checkPeople(
  policy: { people: Record<string, z.infer<typeof person>>; roles: Record<string, { members: string[] }> },
  ctx: z.RefinementCtx,
): void {
  const owner = new Map<string, string>();
  for (const [key, p] of Object.entries(policy.people)) {
    const accounts = [
      ...(p.email ? [`email ${p.email.toLowerCase()}`] : []),
      ...(['slack', 'teams', 'console'] as const).flatMap((k) => (p[k] ?? []).map((id) => `${k}:${id}`)),
      ...(p.windows ?? []).map((w) => `windows ${w.toLowerCase()}`),
    ];
    for (const account of accounts) {
      const other = owner.get(account);
      if (other && other !== key)
        ctx.addIssue({ code: 'custom', path: ['people', key], message: `${account} is already ${other}'s` });
      owner.set(account, key);
    }
  }
  for (const [name, r] of Object.entries(policy.roles)) {
    r.members.forEach((m, i) => {
      if (m.startsWith('person:') && !policy.people[m.slice(7)])
        ctx.addIssue({
          code: 'custom',
          path: ['roles', name, 'members', i],
          message: `${m} names no entry of people`,
        });
    });
  }
}

export type Policy = z.infer<typeof policySchema>;
export type RportRule = Policy['rport']['rules'][number];
export type AlertRoute = Policy['alerts']['routes'][number];

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
 * A person is named by email (`alice@example.com`), by platform user id (`slack:U0123ABC`, `teams:<aad object
 * id>`, `console:alice`), or by BeyondInsight user group (`group:<name>`, resolved through Password Safe).
 */
const member = z
  .string()
  .min(1)
  .refine((m) => m.includes('@') || /^(slack|teams|console|group):.+$/.test(m), {
    message: 'a member is an email address or platform:id (slack:U…, teams:…, console:name, group:name)',
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

export const policySchema = z.strictObject({
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
      durations: z.array(z.string().min(1)).default(['once', '1h', '4h', '8h', '1d']),
      default_duration: z.string().default('1h'),
      max_duration: duration('access.max_duration').default(86_400),
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
    })
    .default({ announce_in_channel: false, default_expiry: 1800 }),
  alerts: z
    .strictObject({
      routes: z.array(alertRoute).default([]),
      /** Role allowed to subscribe/unsubscribe channels and to ack/resolve/mute. */
      responder_role: z.string().min(1).default('oncall'),
    })
    .default({ routes: [], responder_role: 'oncall' }),
  step_up: stepUp.default({ for: [], within: 300 }),
});

export type Policy = z.infer<typeof policySchema>;
export type RportRule = Policy['rport']['rules'][number];
export type AlertRoute = Policy['alerts']['routes'][number];

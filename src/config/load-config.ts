import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';

const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Each group is all-or-nothing: absent → that platform or vendor is off; partly set → start-up stops. */
const GROUPS = {
  slack: {
    required: ['SLACK_BOT_TOKEN'],
    optional: ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'SLACK_COMMAND'],
  },
  teams: {
    required: ['TEAMS_APP_ID'],
    optional: ['TEAMS_APP_PASSWORD', 'TEAMS_APP_TENANT_ID', 'TEAMS_APP_TYPE'],
  },
  pmc: { required: ['PMC_URL', 'PMC_CLIENT_ID', 'PMC_CLIENT_SECRET'], optional: ['PMC_POLL_SECONDS'] },
  rs: {
    required: ['RS_URL', 'RS_CLIENT_ID', 'RS_CLIENT_SECRET'],
    optional: ['RS_CACHE_SECONDS', 'RS_HEALTH_POLL_SECONDS'],
  },
  ps: { required: ['PS_URL', 'PS_API_KEY', 'PS_RUNAS'], optional: ['PS_POLL_SECONDS'] },
  rport: { required: ['RPORT_URL', 'RPORT_USER', 'RPORT_TOKEN'], optional: ['RPORT_ALERTS_POLL_SECONDS'] },
} as const;

const seconds = (fallback: number) =>
  z.coerce.number().int().min(1, 'must be at least 1 (seconds)').default(fallback);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORE_URL: z
    .string()
    .regex(/^(sqlite|redis|rediss):\/\/.+/, 'must be sqlite://<path> or redis://host:port')
    .default('sqlite://./data/gatehouse.sqlite'),
  POLICY_FILE: nonEmpty.default('./policy.yaml'),
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  ALERT_BEARER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  SLACK_SIGNING_SECRET: nonEmpty.optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token (xoxb-…)')
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
    .optional(),
  SLACK_API_URL: url.optional(),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]+$/, 'must be a slash command like /pam')
    .default('/pam'),

  TEAMS_APP_ID: nonEmpty.optional(),
  TEAMS_APP_PASSWORD: nonEmpty.optional(),
  TEAMS_APP_TENANT_ID: nonEmpty.optional(),
  TEAMS_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),

  PMC_URL: url.optional(),
  PMC_CLIENT_ID: nonEmpty.optional(),
  PMC_CLIENT_SECRET: nonEmpty.optional(),
  PMC_POLL_SECONDS: seconds(30),

  RS_URL: url.optional(),
  RS_CLIENT_ID: nonEmpty.optional(),
  RS_CLIENT_SECRET: nonEmpty.optional(),
  RS_CACHE_SECONDS: seconds(60),
  RS_HEALTH_POLL_SECONDS: seconds(60),

  PS_URL: url.optional(),
  PS_API_KEY: nonEmpty.optional(),
  PS_RUNAS: nonEmpty.optional(),
  PS_POLL_SECONDS: seconds(60),

  RPORT_URL: url.optional(),
  RPORT_USER: nonEmpty.optional(),
  RPORT_TOKEN: nonEmpty.optional(),
  RPORT_ALERTS_POLL_SECONDS: seconds(60),

  GATEHOUSE_SECRET_KEY: nonEmpty.optional(),
});

type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  logLevel: Env['LOG_LEVEL'];
  storeUrl: string;
  policyFile: string;
  alerts: { webhookSecret?: string; bearerToken?: string };
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; command: string };
  teams?: {
    appId: string;
    appPassword?: string;
    tenantId?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  pmc?: { url: string; clientId: string; clientSecret: string; pollSeconds: number };
  rs?: {
    url: string;
    clientId: string;
    clientSecret: string;
    cacheSeconds: number;
    healthPollSeconds: number;
  };
  ps?: { url: string; apiKey: string; runAs: string; pollSeconds: number };
  rport?: { url: string; user: string; token: string; alertsPollSeconds: number };
  /** GATEHOUSE_SECRET_KEY: seals step-up secrets (and signs the audit chain's head). */
  secretKey?: string;
}

/** The variables from `.env` (when present) under those of the real environment, which win. */
export function readEnv(env: NodeJS.ProcessEnv, envFile = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/**
 * Parse the configuration once. A bad or missing value throws a ConfigError naming the variable and how to
 * fix it; the caller prints it and exits. Nothing else in Gatehouse reads the environment.
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name} ${issue.message}.`);
  }
  const e = result.data;
  for (const [group, { required, optional }] of Object.entries(GROUPS)) {
    const set = [...required, ...optional].filter((n) => present[n] !== undefined);
    const missing = required.filter((n) => present[n] === undefined);
    if (set.length > 0 && missing.length > 0) {
      throw new ConfigError(
        `${missing[0]} is missing: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, so ${group} needs ${required.join(', ')} too (or unset them all to turn ${group} off).`,
      );
    }
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET is missing: HTTP mode needs it to verify requests (or set SLACK_APP_TOKEN for Socket Mode).',
    );
  }
  const config: Config = {
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    storeUrl: e.STORE_URL,
    policyFile: e.POLICY_FILE,
    alerts: { webhookSecret: e.ALERT_WEBHOOK_SECRET, bearerToken: e.ALERT_BEARER_TOKEN },
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          command: e.SLACK_COMMAND,
        }
      : undefined,
    teams: e.TEAMS_APP_ID
      ? {
          appId: e.TEAMS_APP_ID,
          appPassword: e.TEAMS_APP_PASSWORD,
          tenantId: e.TEAMS_APP_TENANT_ID,
          appType: e.TEAMS_APP_TYPE ?? 'MultiTenant',
        }
      : undefined,
    pmc:
      e.PMC_URL && e.PMC_CLIENT_ID && e.PMC_CLIENT_SECRET
        ? {
            url: e.PMC_URL,
            clientId: e.PMC_CLIENT_ID,
            clientSecret: e.PMC_CLIENT_SECRET,
            pollSeconds: e.PMC_POLL_SECONDS,
          }
        : undefined,
    rs:
      e.RS_URL && e.RS_CLIENT_ID && e.RS_CLIENT_SECRET
        ? {
            url: e.RS_URL,
            clientId: e.RS_CLIENT_ID,
            clientSecret: e.RS_CLIENT_SECRET,
            cacheSeconds: e.RS_CACHE_SECONDS,
            healthPollSeconds: e.RS_HEALTH_POLL_SECONDS,
          }
        : undefined,
    ps:
      e.PS_URL && e.PS_API_KEY && e.PS_RUNAS
        ? { url: e.PS_URL, apiKey: e.PS_API_KEY, runAs: e.PS_RUNAS, pollSeconds: e.PS_POLL_SECONDS }
        : undefined,
    rport:
      e.RPORT_URL && e.RPORT_USER && e.RPORT_TOKEN
        ? {
            url: e.RPORT_URL,
            user: e.RPORT_USER,
            token: e.RPORT_TOKEN,
            alertsPollSeconds: e.RPORT_ALERTS_POLL_SECONDS,
          }
        : undefined,
    ...(e.GATEHOUSE_SECRET_KEY ? { secretKey: e.GATEHOUSE_SECRET_KEY } : {}),
  };
  return Object.freeze(config);
}

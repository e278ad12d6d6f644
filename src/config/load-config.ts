import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { type AuditConfig, loadAuditConfig } from '../audit/audit-config.ts';
import { ConfigError } from '../errors.ts';
import { checkGroups } from './config-groups.ts';

const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const commaList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .refine((items) => items.length > 0, 'must list at least one value');

const seconds = (fallback: number) =>
  z.coerce.number().int().min(1, 'must be at least 1 (seconds)').default(fallback);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_WORK_IN_FLIGHT: z.coerce.number().int().min(1, 'must be at least 1 (turns at once)').default(64),
  COMMANDS_PER_MINUTE: z.coerce.number().int().min(1, 'must be at least 1 (commands a minute)').default(30),
  STORE_URL: z
    .string()
    .regex(/^(sqlite|redis|rediss):\/\/.+/, 'must be sqlite://<path> or redis://host:port')
    .default('sqlite://./data/gatehouse.sqlite'),
  STORE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, - or _ (no colon), at most 64')
    .default('gatehouse'),
  VENDOR_CONCURRENCY: z.coerce.number().int().min(1, 'must be at least 1').default(16),
  VENDOR_QUEUE: z.coerce.number().int().min(0, 'must be 0 or more').default(64),
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
  TEAMS_ALLOWED_TENANTS: commaList.optional(),
  TEAMS_SERVICE_URLS: commaList
    .refine((urls) => urls.every((u) => url.safeParse(u).success), 'must be comma-separated http(s) URLs')
    .optional(),
  TEAMS_ALLOW_UNAUTHENTICATED: z.enum(['true', 'false'], 'must be true or false').optional(),

  PMC_URL: url.optional(),
  PMC_CLIENT_ID: nonEmpty.optional(),
  PMC_CLIENT_SECRET: nonEmpty.optional(),
  PMC_POLL_SECONDS: seconds(30),
  /** The decision call's path from the tenant's API definition (relative to /management-api/v3, or full). */
  PMC_DECISION_PATH: z
    .string()
    .trim()
    .regex(
      /^\/(?!.*\.\.)[A-Za-z0-9_\-./{}]+$/,
      "must be a path like /AdminAccessRequest/decision, copied from the tenant's API definition",
    )
    .optional(),

  RS_URL: url.optional(),
  RS_CLIENT_ID: nonEmpty.optional(),
  RS_CLIENT_SECRET: nonEmpty.optional(),
  RS_CACHE_SECONDS: seconds(60),
  RS_HEALTH_POLL_SECONDS: seconds(60),

  PS_URL: url.optional(),
  PS_API_KEY: nonEmpty.optional(),
  PS_RUNAS: nonEmpty.optional(),
  PS_POLL_SECONDS: seconds(60),
  /** The run-as user's password, for API registrations that require it (`pwd=[…]` in PS-Auth). */
  PS_RUNAS_PASSWORD: nonEmpty.optional(),

  RPORT_URL: url.optional(),
  RPORT_USER: nonEmpty.optional(),
  RPORT_TOKEN: nonEmpty.optional(),
  RPORT_ALERTS_POLL_SECONDS: seconds(60),

  // Operations (issue 12): who may read /metrics and POST /admin/reload, and how shutdown drains.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_HOST: nonEmpty.default('127.0.0.1'),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0, 'must be 0 or more (seconds)').default(5),
});

type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** Turns (with their follow-up work) running at once; beyond it a turn is answered "busy". */
  maxWorkInFlight: number;
  /** Commands one person may send a minute (COMMANDS_PER_MINUTE); then "slow down". */
  commandsPerMinute: number;
  storeUrl: string;
  /** Key prefix (namespace) of every store key, so deployments sharing a Redis never share keys. */
  storePrefix: string;
  /** Calls in flight per vendor, and callers that may wait for one; past both: "busy, try again". */
  vendorLimits: { concurrency: number; queue: number };
  policyFile: string;
  alerts: { webhookSecret?: string; bearerToken?: string };
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; command: string };
  teams?: {
    appId: string;
    appPassword?: string;
    tenantId?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** Tenants whose activities are served (TEAMS_ALLOWED_TENANTS, else TEAMS_APP_TENANT_ID). */
    allowedTenants: string[];
    /** TEAMS_SERVICE_URLS: replaces Microsoft's Teams service URLs (adapters/teams/service-urls.ts). */
    serviceUrls?: string[];
    /** TEAMS_ALLOW_UNAUTHENTICATED=true: no app password, requests unverified (local testing only). */
    allowUnauthenticated: boolean;
  };
  pmc?: { url: string; clientId: string; clientSecret: string; pollSeconds: number; decisionPath?: string };
  rs?: {
    url: string;
    clientId: string;
    clientSecret: string;
    cacheSeconds: number;
    healthPollSeconds: number;
  };
  ps?: { url: string; apiKey: string; runAs: string; runAsPassword?: string; pollSeconds: number };
  rport?: { url: string; user: string; token: string; alertsPollSeconds: number };
  /** /metrics and /admin/reload access, and the not-ready grace before shutdown. */
  ops: { metricsToken?: string; metricsPort?: number; metricsHost: string; shutdownGraceMs: number };
  /** Audit chain and export: GATEHOUSE_SECRET_KEY, AUDIT_* (src/audit/audit-config.ts). */
  audit: AuditConfig;
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
  checkGroups(present);
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET is missing: HTTP mode needs it to verify requests (or set SLACK_APP_TOKEN for Socket Mode).',
    );
  }
  const teamsTenants = e.TEAMS_ALLOWED_TENANTS ?? (e.TEAMS_APP_TENANT_ID ? [e.TEAMS_APP_TENANT_ID] : []);
  const teamsUnauthenticated = e.TEAMS_ALLOW_UNAUTHENTICATED === 'true';
  if (e.TEAMS_APP_ID) {
    if (!e.TEAMS_APP_PASSWORD && e.TEAMS_APP_TYPE !== 'UserAssignedMSI' && !teamsUnauthenticated)
      throw new ConfigError(
        'TEAMS_APP_PASSWORD is missing: without it Teams requests cannot be verified. Set it (or TEAMS_APP_TYPE=UserAssignedMSI); for local testing only, TEAMS_ALLOW_UNAUTHENTICATED=true.',
      );
    if (teamsTenants.length === 0)
      throw new ConfigError(
        'TEAMS_ALLOWED_TENANTS is missing: name the Microsoft 365 tenant ids Gatehouse serves (comma-separated), or set TEAMS_APP_TENANT_ID.',
      );
  }
  const config: Config = {
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    maxWorkInFlight: e.MAX_WORK_IN_FLIGHT,
    commandsPerMinute: e.COMMANDS_PER_MINUTE,
    storeUrl: e.STORE_URL,
    storePrefix: e.STORE_PREFIX,
    vendorLimits: { concurrency: e.VENDOR_CONCURRENCY, queue: e.VENDOR_QUEUE },
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
          allowedTenants: teamsTenants,
          ...(e.TEAMS_SERVICE_URLS ? { serviceUrls: e.TEAMS_SERVICE_URLS } : {}),
          allowUnauthenticated: teamsUnauthenticated,
        }
      : undefined,
    pmc:
      e.PMC_URL && e.PMC_CLIENT_ID && e.PMC_CLIENT_SECRET
        ? {
            url: e.PMC_URL,
            clientId: e.PMC_CLIENT_ID,
            clientSecret: e.PMC_CLIENT_SECRET,
            pollSeconds: e.PMC_POLL_SECONDS,
            ...(e.PMC_DECISION_PATH ? { decisionPath: e.PMC_DECISION_PATH } : {}),
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
        ? {
            url: e.PS_URL,
            apiKey: e.PS_API_KEY,
            runAs: e.PS_RUNAS,
            ...(e.PS_RUNAS_PASSWORD ? { runAsPassword: e.PS_RUNAS_PASSWORD } : {}),
            pollSeconds: e.PS_POLL_SECONDS,
          }
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
    ops: {
      metricsToken: e.METRICS_TOKEN,
      metricsPort: e.METRICS_PORT,
      metricsHost: e.METRICS_HOST,
      shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    },
    audit: loadAuditConfig(present),
  };
  return Object.freeze(config);
}

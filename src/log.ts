import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Every key under which a secret can travel. pino replaces these with "[redacted]" wherever they appear at
 * the top level or one or two levels down. Secrets must also never be interpolated into a message string;
 * log them as fields (which these paths cover) or not at all.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'apiKey',
  'api_key',
  'signingSecret',
  'botToken',
  'appToken',
  'appPassword',
  'sessionKey',
  'short_key',
  'shortKey',
  'keyUrl',
  'key_url',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'TEAMS_APP_PASSWORD',
  'PMC_CLIENT_SECRET',
  'RS_CLIENT_SECRET',
  'PS_API_KEY',
  'PS_RUNAS_PASSWORD',
  'runAsPassword',
  'pwd',
  'RPORT_TOKEN',
  'ALERT_WEBHOOK_SECRET',
  'metricsToken',
  'METRICS_TOKEN',
  // The audit chain's signing key and the export endpoint's bearer token.
  'GATEHOUSE_SECRET_KEY',
  'secretKey',
  'AUDIT_EXPORT_TOKEN',
  'totpSecret',
];

export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dot = key.startsWith('[') ? '' : '.';
  return [key, `*${dot}${key}`, `*.*${dot}${key}`];
});

/** The event (Slack event or trigger id, Bot Framework activity id) whose work is running, per async context. */
const turnContext = new AsyncLocalStorage<{ eventId: string }>();

/**
 * Run `fn` as part of one event: every log line written while it runs — by the adapters, the dispatcher, the
 * handlers, the vendor clients, the audit log and the follow-up after the ack — carries `eventId`, whatever
 * logger writes it, as probot does with its delivery id.
 */
export function withEventId<T>(eventId: string, fn: () => T): T {
  return turnContext.getStore()?.eventId === eventId ? fn() : turnContext.run({ eventId }, fn);
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass an in-memory stream. Defaults to stdout. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'gatehouse' },
      mixin: () => {
        const turn = turnContext.getStore();
        return turn ? { eventId: turn.eventId } : {};
      },
    },
    options.destination,
  );
}

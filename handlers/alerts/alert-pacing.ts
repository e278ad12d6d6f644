import { setTimeout as sleepFor } from 'node:timers/promises';
import { RateLimitedError } from '../../src/errors.ts';
import type { Platform } from '../../src/intents/envelope.ts';

/**
 * How fast alerts go out, and when a burst becomes a digest. Injectable: tests use a short interval and
 * their own clock; production keeps Slack's "about one message per second per channel".
 */
export interface AlertPacing {
  /** Least time from one call's completion to the next call (post or update) into one channel, by platform. */
  intervalMs: Record<Platform, number>;
  /** More than this many new cards for one channel within `windowMs` go into that channel's digest. */
  burst: number;
  windowMs: number;
  /** Attempts for one post or update that keeps failing (a 429 waits as asked and does not count). */
  maxAttempts: number;
  /** Clock and sleep for the pacing only (alert times come from the handlers' clock). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** The platforms' documented limit for posting into one channel: about one message a second. */
export const CHANNEL_LIMIT_MS = 1000;

export const DEFAULT_PACING: AlertPacing = {
  // 10% over the limit, counted from the previous call's completion (channel-lanes.ts), so a limiter that
  // enforces exactly one a second refuses none.
  intervalMs: { slack: CHANNEL_LIMIT_MS * 1.1, teams: CHANNEL_LIMIT_MS * 1.1, console: 0 },
  burst: 10,
  windowMs: 10 * 60_000,
  maxAttempts: 3,
  now: () => Date.now(),
  // Unref'd: a queue still waiting must not keep the process alive on shutdown.
  sleep: (ms) => sleepFor(ms, undefined, { ref: false }),
};

/** A `Retry-After` header in seconds, from a headers record or a fetch-style `Headers`. */
function headerSeconds(headers: unknown): number | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const h = headers as { get?: (name: string) => unknown } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? h.get('retry-after') : (h['retry-after'] ?? h['Retry-After']);
  const seconds = Number(value);
  return value !== undefined && value !== null && Number.isFinite(seconds) ? seconds : undefined;
}

/**
 * When a 429 says to wait: ours (`retryAfterMs`), Slack's WebClient (`retryAfter`, seconds, or
 * `data.error === 'ratelimited'`), or an HTTP error with status 429 and a `Retry-After` header (Bot Framework).
 */
export function readRetryAfterMs(err: unknown): number | undefined {
  if (err instanceof RateLimitedError) return err.retryAfterMs;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as {
    retryAfterMs?: unknown;
    retryAfter?: unknown;
    code?: unknown;
    statusCode?: unknown;
    headers?: unknown;
    response?: { headers?: unknown };
    data?: { error?: unknown; retryAfter?: unknown };
  };
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  const seconds =
    typeof e.retryAfter === 'number'
      ? e.retryAfter
      : typeof e.data?.retryAfter === 'number'
        ? e.data.retryAfter
        : e.statusCode === 429
          ? (headerSeconds(e.response?.headers) ?? headerSeconds(e.headers))
          : undefined;
  if (seconds !== undefined) return seconds * 1000;
  const limited =
    e.code === 'slack_webapi_rate_limited_error' || e.data?.error === 'ratelimited' || e.statusCode === 429;
  return limited ? 1000 : undefined;
}

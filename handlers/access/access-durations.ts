import { formatDuration, parseDuration } from '../../src/intents/duration.ts';
import type { Policy } from '../../src/policy/policy-schema.ts';
import { JIT_MAX_SECONDS, JIT_MIN_SECONDS } from '../../src/vendors/pmcloud/index.ts';
import type { ViewChoice } from '../../src/views/view.ts';

/** How long admin rights last: seconds, or a single elevation ("once", as PM Cloud's UI offers it). */
export type AccessDuration = number | 'once';

/**
 * PM Cloud's decision call takes the duration in seconds only (NOTES §2.3); its UI's "Once" has no documented
 * number. Gatehouse sends "once" as this many seconds: the shortest window that still lets a person finish one
 * installation. Confirm against the tenant with the decision path (see ADMIN_ACCESS_DECISION_PATH).
 */
export const ONCE_AS_SECONDS = 900;

type AccessPolicy = Policy['access'];

const isOnce = (text: string) => text.trim().toLowerCase() === 'once';

/** "for 1 h" / "once", as the card says it after "Approved by Alice". */
export function describeGrant(duration: AccessDuration): string {
  return duration === 'once' ? 'once' : `for ${formatDuration(duration)}`;
}

/** "1 h" / "once" / "not stated". */
export function describeDuration(duration: AccessDuration | undefined): string {
  if (duration === undefined) return 'not stated';
  return duration === 'once' ? 'once' : formatDuration(duration);
}

/** The seconds PM Cloud is sent for a duration. */
export function secondsFor(duration: AccessDuration): number {
  return duration === 'once' ? ONCE_AS_SECONDS : duration;
}

function readOne(text: string): AccessDuration | undefined {
  if (isOnce(text)) return 'once';
  const seconds = parseDuration(text);
  return seconds !== undefined && seconds > 0 ? seconds : undefined;
}

const choiceValue = (d: AccessDuration) => (d === 'once' ? 'once' : String(d));

/** Inside PM Cloud's JIT range (5 min–24 h) and the policy's max_duration; "once" always is. */
const grantable = (d: AccessDuration, access: AccessPolicy) =>
  d === 'once' || (d >= JIT_MIN_SECONDS && d <= Math.min(access.max_duration, JIT_MAX_SECONDS));

/** The policy's duration choices within `max_duration`, and the one selected at first. */
export function durationChoices(access: AccessPolicy): { choices: ViewChoice[]; initial?: string } {
  const seen = new Set<string>();
  const choices: ViewChoice[] = [];
  const add = (d: AccessDuration | undefined) => {
    if (d === undefined || !grantable(d, access) || seen.has(choiceValue(d))) return;
    seen.add(choiceValue(d));
    choices.push({ label: d === 'once' ? 'Once' : formatDuration(d), value: choiceValue(d) });
  };
  for (const text of access.durations) add(readOne(text));
  const fallback = readOne(access.default_duration);
  add(fallback);
  const initial =
    fallback !== undefined && seen.has(choiceValue(fallback)) ? choiceValue(fallback) : choices[0]?.value;
  return initial === undefined ? { choices } : { choices, initial };
}

/**
 * A duration from a card's select or from `--for`: "once", a choice's seconds, or text like 2h; absent means
 * the policy's default. Anything unreadable, under 5 minutes, over 24 hours (PM Cloud's JIT range) or over
 * `max_duration` is refused with the sentence to show.
 */
export function readAccessDuration(
  text: string | undefined,
  access: AccessPolicy,
): { duration: AccessDuration } | { problem: string } {
  const given = text?.trim() ? text : undefined;
  const duration = readOne(given ?? access.default_duration);
  if (duration === undefined) {
    return given
      ? { problem: `"${given}" is not a duration: use once, or e.g. 30m, 2h or 1d.` }
      : { problem: 'The policy has no usable default_duration for access requests; give one with --for.' };
  }
  if (duration !== 'once' && duration > access.max_duration) {
    return {
      problem: `Admin access may be granted for at most ${formatDuration(access.max_duration)} here (asked for ${formatDuration(duration)}).`,
    };
  }
  if (duration !== 'once' && (duration < JIT_MIN_SECONDS || duration > JIT_MAX_SECONDS)) {
    return {
      problem: `PM Cloud grants admin access for 5 minutes to 24 hours (asked for ${formatDuration(duration)}).`,
    };
  }
  return { duration };
}

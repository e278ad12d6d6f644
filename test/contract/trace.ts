import type { Gatehouse } from '../../adapters/server.ts';
import { STATE_MARKS } from '../../cards/state-marks.ts';
import { createAuditLog } from '../../src/intents/audit-log.ts';
import type { Intent } from '../../src/intents/intent.ts';
import { createLogger } from '../../src/log.ts';

const RUNNING = STATE_MARKS.running;

/** The people of both harnesses: same names and emails on Slack and Teams, so one policy covers both. */
export type Person = 'alice' | 'bob' | 'carol' | 'eve';

/** One thing a platform showed: a card in the channel (by card and title), or a private answer (its sentence). */
export type Shown =
  | { audience: 'channel'; card: string; title: string; summary: string; fields: string[] }
  | { audience: 'private'; summary: string };

/** A handler that ran: which intent, for whom, with what input (refs are opaque and differ per run). */
export interface IntentCall {
  name: string;
  actor: string;
  input: Record<string, unknown>;
}

/** What a scenario produced on one platform, in platform-neutral terms. */
export interface Trace {
  intents: IntentCall[];
  audit: string[];
  /** Each channel card's titles in order (repeats of the same title collapsed), cards in order of first post. */
  cards: string[][];
  /** The same with each version's sentence and field labels (who acknowledged, …): `title · summary · labels`. */
  cardStates: string[][];
  /** Private answers, sorted: their order across Slack's response_url and its Web API is not observable. */
  private: string[];
  vendor: string[];
}

/** Record every intent handler call of a Gatehouse (the dispatcher holds these same intent objects). */
export function recordIntents(gatehouse: Gatehouse): IntentCall[] {
  const calls: IntentCall[] = [];
  for (const intent of gatehouse.dispatcher.intents as Intent[]) {
    const handle = intent.handle.bind(intent);
    intent.handle = async (input, ctx) => {
      const shown = { ...(input as Record<string, unknown>) };
      if (typeof shown.ref === 'string') shown.ref = '<ref>';
      calls.push({ name: intent.name, actor: ctx.actor.email ?? ctx.actor.userId, input: shown });
      return handle(input, ctx);
    };
  }
  return calls;
}

/** The audit trail as `actor action decision`, oldest first. */
export async function auditTrail(gatehouse: Gatehouse): Promise<string[]> {
  const audit = createAuditLog(gatehouse.store, createLogger({ level: 'silent' }));
  return (await audit.last(200))
    .reverse()
    .map((e) => `${e.actor.email ?? e.actor.userId} ${e.action} ${e.decision}`);
}

/**
 * Summaries are compared up to a length both platforms keep whole, with what differs between any two runs
 * masked: ids (rport job ids) and clock times.
 */
const clipSummary = (s: string) =>
  s
    .slice(0, 600)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b\d{1,2}:\d{2}( UTC)?\b/g, '<time>');

export function toTrace(shown: Shown[], intents: IntentCall[], audit: string[], vendor: string[]): Trace {
  const titles = new Map<string, string[]>();
  const states = new Map<string, string[]>();
  const privates: string[] = [];
  const push = (map: Map<string, string[]>, card: string, value: string) => {
    const list = map.get(card) ?? [];
    const last = list.at(-1);
    // Progress while running depends on when a poll lands: only the first running state is compared.
    const progress = last?.startsWith(`${RUNNING} `) && value.split(' · ')[0] === last.split(' · ')[0];
    if (last !== value && !progress) list.push(value);
    map.set(card, list);
  };
  for (const s of shown) {
    if (s.audience === 'private') {
      privates.push(clipSummary(s.summary));
      continue;
    }
    push(titles, s.card, s.title);
    push(states, s.card, `${s.title} · ${clipSummary(s.summary)} · ${s.fields.join(', ')}`);
  }
  return {
    intents,
    audit,
    cards: [...titles.values()],
    cardStates: [...states.values()],
    private: privates.sort(),
    vendor,
  };
}

/** Whether `text` has been shown: as a title, a sentence or a field label. */
export function wasShown(shown: Shown[], text: string): boolean {
  return shown.some((s) =>
    s.audience === 'private'
      ? s.summary.includes(text)
      : s.title.includes(text) || s.summary.includes(text) || s.fields.includes(text),
  );
}

/** `⏳ Title: summary` → summary, given the title part. */
export function summaryAfter(fallback: string, title: string): string {
  return fallback.startsWith(`${title}: `) ? fallback.slice(title.length + 2) : fallback;
}

/** Wait until `done()` holds and `activity()` has not changed for a while (work after the ack has ended). */
export async function settleOn(
  activity: () => number,
  done: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const now = activity();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
    if (done() && Date.now() - quietSince >= 300) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

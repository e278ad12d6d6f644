import { createHash } from 'node:crypto';
import type { CoreDeps } from '../deps.ts';
import { createAlertCards } from './alert-cards.ts';
import { type AlertPacing, DEFAULT_PACING } from './alert-pacing.ts';
import { createAlertPlacement } from './alert-placement.ts';
import { createAlertSubscriptions, matchRoutes } from './alert-routing.ts';
import type { AlertEvent, AlertInput, AlertRecord } from './alert-types.ts';
import { cardSubject, OPEN_INDEX, RECEIVED_COUNTER, recordKey } from './alert-types.ts';
import { type Applied, applyAlertEvents } from './apply-alert-events.ts';
import { createChannelLanes } from './channel-lanes.ts';
import { createGroupCommit, createGroupedCounter } from './group-commit.ts';

/** An alert record nobody touched for this long goes away with its key. */
const RECORD_TTL_MS = 90 * 86_400_000;
/**
 * A placed card that has no posted copy this long after the alert opened was lost with the replica that
 * queued it (paced queues drain in seconds; a 429 asks for less than a minute).
 */
export const LOST_CARD_AFTER_MS = 5 * 60_000;

export interface AlertServiceOptions {
  pacing?: Partial<Omit<AlertPacing, 'intervalMs'>> & { intervalMs?: Partial<AlertPacing['intervalMs']> };
}

export interface Accepted {
  /** The alert's number among every alert Gatehouse received. */
  id: string;
  dedupKey: string;
}

/** `source:<hash of title and labels>` for an alert that brought no key of its own. */
export function deriveDedupKey(input: Pick<AlertInput, 'source' | 'title' | 'labels'>): string {
  const labels = Object.entries(input.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const hash = createHash('sha256')
    .update(JSON.stringify([input.title, labels]))
    .digest('hex');
  return `${input.source}:${hash.slice(0, 16)}`;
}

/**
 * The alert service every source feeds: record and count each alert (grouped writes, nothing dropped),
 * dedup by key, route by the policy, and post through paced per-channel queues. Buttons and commands use
 * the same service to change an occurrence and every copy of its card.
 */
export function createAlertService(deps: CoreDeps, options: AlertServiceOptions = {}) {
  const { store, log, posted } = deps;
  const pacing: AlertPacing = {
    ...DEFAULT_PACING,
    ...options.pacing,
    intervalMs: { ...DEFAULT_PACING.intervalMs, ...options.pacing?.intervalMs },
  };
  const lanes = createChannelLanes({ messengers: deps.messengers, pacing, log });
  const subscriptions = createAlertSubscriptions(store);
  const cards = createAlertCards({ store, posted, lanes, now: deps.now });
  const placement = createAlertPlacement({ ...deps, subscriptions, cards, pacing });
  const received = createGroupedCounter((key, by) => store.increment(key, by));
  const ledger = createGroupCommit<AlertEvent, Applied['outcomes'][number]>(flushKey);

  async function updateIndex(key: string, open: boolean): Promise<void> {
    await store.update<string[]>(OPEN_INDEX, (cur) => {
      const keys = cur ?? [];
      if (keys.includes(key) === open) return undefined;
      return open ? [...keys, key] : keys.filter((k) => k !== key);
    });
  }

  /** After an occurrence changed: keep closed ones drawable, update the open index and every copy. */
  async function afterChange(before: AlertRecord | undefined, applied: Omit<Applied, 'outcomes'>) {
    const { next } = applied;
    for (const closed of applied.closed) {
      await cards.keepClosed(closed);
      cards.refresh(closed);
    }
    if (next?.status === 'firing' && applied.opened) await updateIndex(next.key, true);
    if (next?.status === 'resolved' && before?.status === 'firing') await updateIndex(next.key, false);
    if (!next) return;
    if (applied.place) await placement.place(next);
    else if (next.status === 'firing' && applied.repeats > 0) cards.refresh(next);
  }

  async function flushKey(key: string, events: AlertEvent[]) {
    const routes = deps.policy.policy.alerts.routes;
    const at = deps.now().toISOString();
    let applied: Applied | undefined;
    let before: AlertRecord | undefined;
    await store.update<AlertRecord>(
      recordKey(key),
      (cur) => {
        before = cur;
        applied = applyAlertEvents(cur, events, (e) => matchRoutes(routes, e).map((r) => r.name), at);
        return applied.next === cur ? undefined : applied.next;
      },
      RECORD_TTL_MS,
    );
    const done = applied!;
    try {
      await afterChange(before, done);
    } catch (err) {
      log.error({ err, key }, 'alert recorded, but updating its cards failed');
    }
    return done.outcomes;
  }

  /** Change an occurrence (ack, mute, resolve from a button); undefined when it is not that occurrence now. */
  async function change(
    key: string,
    epoch: number,
    fn: (r: AlertRecord) => AlertRecord | undefined,
  ): Promise<AlertRecord | undefined> {
    let changed: AlertRecord | undefined;
    let before: AlertRecord | undefined;
    await store.update<AlertRecord>(
      recordKey(key),
      (cur) => {
        before = cur;
        changed = cur?.epoch === epoch ? fn(cur) : undefined;
        return changed;
      },
      RECORD_TTL_MS,
    );
    if (!changed) return undefined;
    const closed = changed.status === 'resolved' && before?.status === 'firing';
    await afterChange(before, {
      next: changed,
      closed: closed ? [changed] : [],
      opened: false,
      repeats: 0,
      place: false,
    });
    if (!closed) cards.refresh(changed);
    return changed;
  }

  return {
    subscriptions,
    createButton: placement.createButton,
    loadOccurrence: cards.loadOccurrence,
    change,

    /** Record one alert; resolves once it is stored and counted. Cards follow through the queues. */
    async ingest(input: AlertInput): Promise<Accepted> {
      const dedupKey = input.dedupKey ?? deriveDedupKey(input);
      const event: AlertEvent = { ...input, dedupKey, at: deps.now().toISOString() };
      const seq = await received.next(RECEIVED_COUNTER);
      const outcome = await ledger.add(dedupKey, event);
      log.debug(
        { alert: { id: seq, dedupKey, source: input.source, status: input.status, outcome } },
        'alert',
      );
      return { id: String(seq), dedupKey };
    },

    /** How many alerts Gatehouse has received, every source together. */
    received: () => store.increment(RECEIVED_COUNTER, 0),

    /** Open occurrences, newest first. */
    async listOpen(): Promise<AlertRecord[]> {
      const keys = (await store.get<string[]>(OPEN_INDEX)) ?? [];
      const records = await Promise.all(keys.map((k) => store.get<AlertRecord>(recordKey(k))));
      return records
        .filter((r): r is AlertRecord => r?.status === 'firing')
        .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : -1));
    },

    /**
     * Post the cards of open alerts that were placed but never posted (their replica crashed with them in
     * its queue). Each lost copy is claimed in the store, so it is posted once however many replicas sweep.
     */
    async recoverLostCards(): Promise<number> {
      let queued = 0;
      for (const key of (await store.get<string[]>(OPEN_INDEX)) ?? []) {
        const record = await store.get<AlertRecord>(recordKey(key));
        if (record?.status !== 'firing' || !record.placements) continue;
        if (deps.now().getTime() - Date.parse(record.firstSeen) < LOST_CARD_AFTER_MS) continue;
        const subject = cardSubject(key, record.epoch);
        const refs = await posted.refs(subject);
        for (const p of record.placements) {
          if (p.digest || !deps.messengers[p.platform]) continue;
          if (refs.some((r) => r.platform === p.platform && r.channel === p.channel)) continue;
          const claim = await store.claim(
            `alerts:recover:${subject}:${p.platform}:${p.channel}`,
            'recover',
            LOST_CARD_AFTER_MS,
          );
          if (!claim.won) continue;
          log.warn(
            { key, platform: p.platform, channel: p.channel },
            'posting an alert card that was never posted',
          );
          cards.postCard(p, key, record.epoch);
          queued += 1;
        }
      }
      return queued;
    },

    /** Resolves when every queued post and update has gone out (tests, shutdown). */
    idle: () => lanes.idle(),
    queueStats: () => lanes.stats(),
  };
}

export type AlertService = ReturnType<typeof createAlertService>;

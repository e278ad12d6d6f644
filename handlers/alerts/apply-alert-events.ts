import type { AlertEvent, AlertRecord } from './alert-types.ts';

/** A replica that claimed placement and died is replaced after this long. */
export const PLACING_TAKEOVER_MS = 120_000;

export interface Applied {
  /** The record to store (unchanged object when nothing happened). */
  next: AlertRecord | undefined;
  /** Occurrences this batch closed, as they ended (their cards turn resolved). */
  closed: AlertRecord[];
  /** An occurrence opened in this batch. */
  opened: boolean;
  /** Firing repeats counted into an open occurrence. */
  repeats: number;
  /** This caller must place the occurrence in its channels (claimed in the same atomic update). */
  place: boolean;
  /** Per event, in order: what it did. */
  outcomes: Array<'opened' | 'repeat' | 'resolved' | 'ignored'>;
}

/** The later of two ISO 8601 times (they sort as text). */
const later = (a: string, b: string) => (a > b ? a : b);

export function isMuted(record: Pick<AlertRecord, 'mute'> | undefined, at: string): boolean {
  return !!record?.mute && record.mute.until > at;
}

/**
 * The dedup rules, pure: a firing alert opens an occurrence or counts into the open one (latest title and text
 * win, the count and last seen move on); a resolved one closes it. Muted keys still count, as suppressed.
 * Runs inside the store's atomic update, so every replica's alerts for a key apply one batch at a time.
 */
export function applyAlertEvents(
  current: AlertRecord | undefined,
  events: AlertEvent[],
  routesFor: (event: AlertEvent) => string[],
  now: string,
): Applied {
  let rec = current;
  const closed: AlertRecord[] = [];
  const outcomes: Applied['outcomes'] = [];
  let opened = false;
  let repeats = 0;
  for (const e of events) {
    if (e.status === 'resolved') {
      if (rec?.status === 'firing') {
        rec = { ...rec, status: 'resolved', resolvedAt: e.at, lastSeen: e.at };
        closed.push(rec);
        outcomes.push('resolved');
      } else outcomes.push('ignored');
      continue;
    }
    const muted = isMuted(rec, e.at);
    if (rec?.status === 'firing') {
      rec = {
        ...rec,
        severity: e.severity,
        title: e.title,
        ...(e.text !== undefined ? { text: e.text } : {}),
        labels: { ...rec.labels, ...e.labels },
        links: e.links?.length ? e.links : rec.links,
        lastSeen: later(e.at, rec.lastSeen),
        count: rec.count + 1,
        suppressed: rec.suppressed + (muted ? 1 : 0),
      };
      repeats += 1;
      outcomes.push('repeat');
      continue;
    }
    rec = {
      key: e.dedupKey,
      epoch: (rec?.epoch ?? 0) + 1,
      status: 'firing',
      source: e.source,
      severity: e.severity,
      title: e.title,
      ...(e.text !== undefined ? { text: e.text } : {}),
      labels: e.labels ?? {},
      links: e.links ?? [],
      ...(e.origin ? { origin: e.origin } : {}),
      ...(rec?.mute ? { mute: rec.mute } : {}),
      firstSeen: e.at,
      lastSeen: e.at,
      count: 1,
      suppressed: muted ? 1 : 0,
      routes: routesFor(e),
    };
    opened = true;
    outcomes.push('opened');
  }
  let place = false;
  const stale = (since: string) => Date.parse(now) - Date.parse(since) > PLACING_TAKEOVER_MS;
  if (
    rec?.status === 'firing' &&
    rec.placements === undefined &&
    !isMuted(rec, now) &&
    (!rec.placing || stale(rec.placing))
  ) {
    rec = { ...rec, placing: now };
    place = true;
  }
  return {
    next: rec,
    closed,
    opened,
    repeats,
    place,
    outcomes,
  };
}

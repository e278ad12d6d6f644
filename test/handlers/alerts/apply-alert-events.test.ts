import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../handlers/alerts/alert-types.ts';
import { applyAlertEvents, PLACING_TAKEOVER_MS } from '../../../handlers/alerts/apply-alert-events.ts';

const at = (min: number) => new Date(Date.UTC(2025, 2, 4, 10, min)).toISOString();
const event = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  source: 'probe',
  severity: 'warning',
  title: 'Probe failing',
  dedupKey: 'k',
  status: 'firing',
  at: at(0),
  ...over,
});
const routes = () => ['everything'];

describe('the dedup rules', () => {
  it('opens an occurrence, counts repeats with the newest text, and claims its placement once', () => {
    const first = applyAlertEvents(undefined, [event(), event({ at: at(5), text: 'still' })], routes, at(5));
    expect(first).toMatchObject({ opened: true, repeats: 1, place: true, outcomes: ['opened', 'repeat'] });
    expect(first.next).toMatchObject({
      epoch: 1,
      count: 2,
      firstSeen: at(0),
      lastSeen: at(5),
      text: 'still',
    });
    expect(first.next?.placing).toBe(at(5));

    const again = applyAlertEvents(first.next, [event({ at: at(6) })], routes, at(6));
    expect(again).toMatchObject({ opened: false, place: false, repeats: 1 });
    expect(again.next?.count).toBe(3);
  });

  it('lets another replica take over a placement that was claimed and never finished', () => {
    const claimed = applyAlertEvents(undefined, [event()], routes, at(0)).next;
    const later = new Date(Date.parse(at(0)) + PLACING_TAKEOVER_MS + 1000).toISOString();
    expect(applyAlertEvents(claimed, [event({ at: later })], routes, later).place).toBe(true);
  });

  it('closes on resolved, ignores a resolve for nothing, and opens the next occurrence after', () => {
    const open = applyAlertEvents(undefined, [event()], routes, at(0)).next!;
    const placed = { ...open, placements: [{ platform: 'slack' as const, channel: 'C1' }] };
    const batch = applyAlertEvents(
      placed,
      [
        event({ status: 'resolved', at: at(3) }),
        event({ status: 'resolved', at: at(4) }),
        event({ at: at(9) }),
      ],
      routes,
      at(9),
    );
    expect(batch.outcomes).toEqual(['resolved', 'ignored', 'opened']);
    expect(batch.closed).toEqual([
      expect.objectContaining({ epoch: 1, status: 'resolved', resolvedAt: at(3) }),
    ]);
    expect(batch.closed[0]?.placements).toEqual(placed.placements);
    expect(batch.next).toMatchObject({ epoch: 2, status: 'firing', count: 1 });
    expect(batch.next?.placements).toBeUndefined();
    expect(applyAlertEvents(undefined, [event({ status: 'resolved' })], routes, at(0)).next).toBeUndefined();
  });

  it('counts alerts of a muted key as suppressed and does not place a new occurrence until the mute ends', () => {
    const mute = { until: at(30), by: 'Alice', at: at(0) };
    const muted = applyAlertEvents(
      { ...applyAlertEvents(undefined, [event()], routes, at(0)).next!, status: 'resolved', mute },
      [event({ at: at(10) }), event({ at: at(11) })],
      routes,
      at(11),
    );
    expect(muted).toMatchObject({ opened: true, place: false });
    expect(muted.next).toMatchObject({ epoch: 2, count: 2, suppressed: 2, mute });
    const after = applyAlertEvents(muted.next, [event({ at: at(31) })], routes, at(31));
    expect(after).toMatchObject({ place: true, repeats: 1 });
    expect(after.next).toMatchObject({ count: 3, suppressed: 2 });
  });
});

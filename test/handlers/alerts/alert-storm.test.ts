import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import type { View } from '../../../src/views/view.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { field, INTERVAL_MS, type RecordingMessenger, startAlertRig } from './alert-harness.ts';

const STORM_POLICY = `
alerts:
  routes:
    - name: probes
      match: { source: [probe] }
      channels: { slack: [C0STORM], teams: ['19:storm@thread.tacv2'] }
`;

const KEYS = 50;
const TOTAL = 10_000;

const number = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));

/** What one channel shows at the end: its own cards, its digests, and every call in order. */
function channelState(m: RecordingMessenger, channel: string) {
  const calls = m.calls.filter((c) => c.channel === channel);
  const posts = calls.filter((c) => c.kind === 'post');
  const now = (id: string) => m.current.get(`${channel}/${id}`) as View;
  const digests = posts.filter((p) => p.view.title.startsWith('Digest:')).map((p) => now(p.id));
  const cards = posts.filter((p) => !p.view.title.startsWith('Digest:')).map((p) => now(p.id));
  return { calls, posts, digests, cards };
}

describe.each(storeBackends)('an alert storm (%s)', (_name, makeStore) => {
  let store: Store;
  afterEach(async () => {
    await store.close();
  });

  it('10,000 alerts over 50 keys: one card per key at most, then one digest per channel, paced, all counted', async () => {
    store = makeStore();
    const rig = startAlertRig(store, { policyText: STORM_POLICY });
    // Arriving in waves, as a flapping fleet would send them.
    for (let wave = 0; wave < 20; wave++) {
      await Promise.all(
        Array.from({ length: TOTAL / 20 }, (_, i) => {
          const k = (wave * 7 + i) % KEYS;
          return rig.service.ingest({
            source: 'probe',
            severity: k % 5 === 0 ? 'critical' : 'warning',
            title: `Probe ${k} failing`,
            dedupKey: `probe-${k}`,
            status: 'firing',
          });
        }),
      );
    }
    await rig.service.idle();

    expect(await rig.service.received()).toBe(TOTAL);
    const open = await rig.service.listOpen();
    expect(open).toHaveLength(KEYS);
    expect(open.reduce((sum, r) => sum + r.count, 0)).toBe(TOTAL);

    for (const [messenger, channel] of [
      [rig.slack, 'C0STORM'],
      [rig.teams, '19:storm@thread.tacv2'],
    ] as const) {
      const { calls, posts, digests, cards } = channelState(messenger, channel);
      // At most one message per key, and the keys past the burst share one digest that kept updating.
      expect(new Set(cards.map((c) => c.title)).size).toBe(cards.length);
      expect(cards).toHaveLength(10);
      expect(digests).toHaveLength(1);
      expect(posts).toHaveLength(cards.length + digests.length);
      expect(digests[0]!.title).toMatch(/^Digest: [\d,]+ alerts across 40 keys$/);
      // Nothing dropped: what the cards and the digest say adds up to every alert.
      const onCards = cards.reduce((sum, c) => sum + number(field(c, 'Count')), 0);
      const inDigest = number(/Digest: ([\d,]+) alerts/.exec(digests[0]!.title)?.[1]);
      expect(onCards + inDigest).toBe(TOTAL);
      // Paced: never two calls into this channel less than the interval apart.
      for (let i = 1; i < calls.length; i++)
        expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(INTERVAL_MS);
      // Updates were coalesced: far fewer calls than alerts.
      expect(calls.length).toBeLessThan(TOTAL / 10);
    }
  });
});

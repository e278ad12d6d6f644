import { afterEach, describe, expect, it } from 'vitest';
import { LOST_CARD_AFTER_MS } from '../../../handlers/alerts/alert-service.ts';
import { recordKey } from '../../../handlers/alerts/alert-types.ts';
import type { Store } from '../../../src/store/store.ts';
import { storeBackends } from '../../helpers/stores.ts';
import { firing, startAlertRig } from './alert-harness.ts';

describe.each(storeBackends)('alert cards lost with a crashed replica, on %s', (_name, makeStore) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('are posted once by the replicas that sweep, and only once the loss is certain', async () => {
    store = makeStore();
    // Replica A places the alert, then "crashes" with the card in its queue: its post never completes.
    const crashed = startAlertRig(store);
    crashed.slack.post = () => new Promise(() => undefined);
    await crashed.service.ingest(firing({ severity: 'warning', dedupKey: 'disk:1', title: 'Disk filling' }));
    await expect
      .poll(async () => (await store.get<{ placements?: unknown[] }>(recordKey('disk:1')))?.placements)
      .toBeTruthy();

    const b = startAlertRig(store);
    const c = startAlertRig(store, { shareWith: b });
    expect(await b.service.recoverLostCards()).toBe(0); // too early: A may still be pacing its queue

    b.advance(LOST_CARD_AFTER_MS + 1000);
    c.advance(LOST_CARD_AFTER_MS + 1000);
    const queued = await Promise.all([b.service.recoverLostCards(), c.service.recoverLostCards()]);
    expect(queued.reduce((x, y) => x + y, 0)).toBe(1);
    await Promise.all([b.service.idle(), c.service.idle()]);
    expect(b.slack.posts('C0ALERTS').map((p) => p.view.title)).toEqual(['Disk filling']);

    // Posted now: nothing is lost any more, so later sweeps post nothing.
    b.advance(LOST_CARD_AFTER_MS * 2);
    expect(await b.service.recoverLostCards()).toBe(0);
  });
});

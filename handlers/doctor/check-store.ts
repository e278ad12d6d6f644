import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/store/store.ts';
import { type DoctorLine, fail, ok } from './doctor-line.ts';

const STORE = 'Store';

/** Reachable, writable, and a claim is atomic: the same set-if-absent twice wins once. Leaves nothing behind. */
export async function checkStore(store: Store): Promise<DoctorLine[]> {
  const key = `doctor:${randomUUID()}`;
  try {
    if (!(await store.ping())) {
      return [
        fail(
          STORE,
          'reachable',
          `the ${store.backend} store does not answer: check STORE_URL and that it is up.`,
        ),
      ];
    }
    await store.set(key, { at: Date.now() }, 60_000);
    const back = await store.get<{ at: number }>(key);
    await store.delete(key);
    if (!back)
      return [
        fail(STORE, 'writable', `a value written to ${store.backend} did not read back: check STORE_URL.`),
      ];
    const first = await store.claim(`${key}:claim`, 'doctor-a', 60_000);
    const second = await store.claim(`${key}:claim`, 'doctor-b', 60_000);
    await store.releaseClaim(`${key}:claim`, 'doctor-a');
    const atomic = first.won && !second.won;
    return [
      ok(STORE, 'reachable and writable', `${store.backend} answers and keeps what is written`),
      atomic
        ? ok(STORE, 'atomic claim', 'the same claim taken twice is won once')
        : fail(
            STORE,
            'atomic claim',
            'a claim was won twice: decisions could run twice; use redis:// or one process.',
          ),
    ];
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [
      fail(
        STORE,
        'reachable',
        `the ${store.backend} store failed (${reason.slice(0, 120)}): check STORE_URL.`,
      ),
    ];
  }
}

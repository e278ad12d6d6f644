import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../src/store/store.ts';
import { SIGNATURE_WINDOW_SEC } from './verify-alert-request.ts';

export interface Answer {
  status: number;
  body: unknown;
}

/** How long a duplicate waits for the first delivery's answer before asking the sender to retry. */
const WAIT_MS = 5000;
const STEP_MS = 50;

/**
 * The same delivery twice (a sender's retry, or someone replaying a captured request while its signature is
 * still inside the window) is answered like the first, with the same alert ids, and recorded once. A delivery
 * is its route, its timestamp (or the bearer token's absence of one) and its exact body; it is remembered for
 * the whole window either side of our clock. Only accepted deliveries are remembered, so a failed one can be
 * retried.
 */
export function createDeliveryMemory(store: Pick<Store, 'claim' | 'releaseClaim' | 'get' | 'set'>) {
  const ttlMs = (2 * SIGNATURE_WINDOW_SEC + 60) * 1000;

  return async function once(
    delivery: { path: string; timestamp?: string; rawBody: string },
    work: () => Promise<Answer>,
  ): Promise<Answer> {
    const hash = createHash('sha256')
      .update(`${delivery.path}\n${delivery.timestamp ?? 'bearer'}\n${delivery.rawBody}`)
      .digest('hex');
    const key = `alerts:delivery:${hash}`;
    const owner = randomUUID();
    const claim = await store.claim(key, owner, ttlMs);
    if (!claim.won) {
      for (let waited = 0; waited < WAIT_MS; waited += STEP_MS) {
        const first = await store.get<Answer>(`${key}:answer`);
        if (first) return first;
        await sleep(STEP_MS);
      }
      return { status: 503, body: { error: 'the same alert is still being recorded; try again' } };
    }
    let answer: Answer | undefined;
    try {
      answer = await work();
      return answer;
    } finally {
      if (answer?.status === 202) await store.set(`${key}:answer`, answer, ttlMs);
      else await store.releaseClaim(key, owner);
    }
  };
}

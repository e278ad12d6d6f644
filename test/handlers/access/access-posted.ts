import type { Store } from '../../../src/store/store.ts';
import type { View } from '../../../src/views/view.ts';
import { type AccessHarness, buttonRef, postedCard, startAccessHarness, textOf } from './access-harness.ts';

export type PostedOptions = Parameters<typeof startAccessHarness>[1];

/** Shared by the decision tests: a harness whose poller has posted the seed requests. */
export async function posted(
  open: Array<{ close(): Promise<void> }>,
  makeStore: () => Store,
  o: PostedOptions = {},
) {
  const h = await startAccessHarness(makeStore, o);
  open.push(h);
  await h.poll();
  const card = postedCard(h, 'FIN-LT-0142');
  const request = h.fake.requests.find((r) => r.computerName === 'FIN-LT-0142')!;
  return { h, card, ref: buttonRef(card, 'Approve'), request };
}

/** The copies of the FIN-LT-0142 card on every platform. */
export const finCopies = (h: AccessHarness): View[] =>
  h.copies().filter((v) => textOf(v).includes('FIN-LT-0142'));

export const sentence = (view: View) => view.summary;

/** Calls that reached PM Cloud's decision endpoint, answered or failed. */
export const decisionCalls = (h: AccessHarness) =>
  h.fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/AdminAccessRequest/decision'));

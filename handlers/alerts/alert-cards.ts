import type { ChannelTarget, Messenger } from '../../src/intents/envelope.ts';
import type { PostedCards } from '../../src/intents/posted-cards.ts';
import type { Store } from '../../src/store/store.ts';
import type { View } from '../../src/views/view.ts';
import type { AlertRecord, DigestRecord } from './alert-types.ts';
import { cardSubject, digestKey, digestSubject, recordKey } from './alert-types.ts';
import { alertView, digestView } from './alert-views.ts';
import type { ChannelLanes } from './channel-lanes.ts';

/** Closed occurrences stay readable this long, so their cards can still be drawn once a newer one opened. */
export const CLOSED_TTL_MS = 30 * 86_400_000;
export const closedKey = (dedupKey: string, epoch: number) => `alert-closed:${dedupKey}#${epoch}`;

/**
 * Drawing and sending alert cards and digests through the paced lanes. Every job reads the store when it
 * runs, so a card that waited in the queue goes out with the newest count and state.
 */
export function createAlertCards(deps: {
  store: Store;
  posted: PostedCards;
  lanes: ChannelLanes;
  now: () => Date;
}) {
  const { store, posted, lanes } = deps;

  /** One occurrence as it is now, or as it ended when a newer one has opened since. */
  async function loadOccurrence(key: string, epoch: number): Promise<AlertRecord | undefined> {
    const record = await store.get<AlertRecord>(recordKey(key));
    if (record?.epoch === epoch) return record;
    return store.get<AlertRecord>(closedKey(key, epoch));
  }

  async function renderCard(key: string, epoch: number): Promise<View | undefined> {
    const record = await loadOccurrence(key, epoch);
    return record ? alertView(record, deps.now()) : undefined;
  }

  async function renderDigest(id: string): Promise<View | undefined> {
    const digest = await store.get<DigestRecord>(digestKey(id));
    if (!digest) return undefined;
    const members = await Promise.all(
      digest.members.map((m) => {
        const at = m.lastIndexOf('#');
        return loadOccurrence(m.slice(0, at), Number(m.slice(at + 1)));
      }),
    );
    return digestView(
      digest,
      members.filter((m): m is AlertRecord => m !== undefined),
      deps.now(),
    );
  }

  const inChannel = (target: ChannelTarget) => (ref: { platform: string; channel: string }) =>
    ref.platform === target.platform && ref.channel === target.channel;

  /** Post once into the target; if the state moved on while posting, follow with an update. */
  function queuePost(target: ChannelTarget, subject: string, render: () => Promise<View | undefined>) {
    lanes.enqueue(target, {
      id: `post:${subject}`,
      run: async (messenger: Messenger) => {
        const view = await render();
        if (!view) return;
        const ref = await messenger.post(target.channel, view);
        await posted.add(subject, ref);
        const after = await render();
        if (after && JSON.stringify(after) !== JSON.stringify(view)) queueUpdate(target, subject, render);
      },
    });
  }

  /** Bring the target's copies of `subject` to the newest state (one waiting update per card at most). */
  function queueUpdate(target: ChannelTarget, subject: string, render: () => Promise<View | undefined>) {
    if (lanes.isWaiting(target, `post:${subject}`)) return; // the waiting post will draw the newest state
    lanes.enqueue(target, {
      id: `update:${subject}`,
      run: async (messenger: Messenger) => {
        const refs = (await posted.refs(subject)).filter(inChannel(target));
        if (refs.length === 0) return;
        const view = await render();
        if (!view) return;
        for (const ref of refs) await messenger.update(ref, view);
      },
    });
  }

  return {
    loadOccurrence,
    renderCard,
    postCard(target: ChannelTarget, key: string, epoch: number) {
      queuePost(target, cardSubject(key, epoch), () => renderCard(key, epoch));
    },
    postDigest(target: ChannelTarget, id: string) {
      queuePost(target, digestSubject(id), () => renderDigest(id));
    },
    /** Every copy of an occurrence, and every digest it is in, shows its newest state. */
    refresh(record: AlertRecord) {
      for (const p of record.placements ?? []) {
        if (p.digest) {
          const id = p.digest;
          queueUpdate(p, digestSubject(id), () => renderDigest(id));
        } else {
          queueUpdate(p, cardSubject(record.key, record.epoch), () => renderCard(record.key, record.epoch));
        }
      }
    },
    async keepClosed(record: AlertRecord) {
      await store.set(closedKey(record.key, record.epoch), record, CLOSED_TTL_MS);
    },
  };
}

export type AlertCards = ReturnType<typeof createAlertCards>;

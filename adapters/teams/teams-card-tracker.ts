import { randomBytes } from 'node:crypto';
import type { MessageRef } from '../../src/intents/envelope.ts';
import type { Store } from '../../src/store/store.ts';
import type { View } from '../../src/views/view.ts';

/** Cards are answered on refresh for as long as people may scroll back to them. */
const CARD_TTL_MS = 30 * 86_400_000;

interface TrackedCard {
  view: View;
  ref?: MessageRef;
}

/**
 * The current view of every card the bot posted in Teams, by the card's subject (a random id the card
 * carries in its buttons and its refresh action), and the subject of each posted message. A refresh
 * answers with the stored view, so whoever opens the card sees it as it is now, on any replica.
 */
export function createTeamsCardTracker(store: Store) {
  const cardKey = (subject: string) => `teams:card:${subject}`;
  const refKey = (ref: MessageRef) => `teams:cardref:${ref.channel}|${ref.id}`;

  return {
    newSubject: () => randomBytes(12).toString('base64url'),

    async save(subject: string, view: View, ref?: MessageRef): Promise<void> {
      await store.update<TrackedCard>(
        cardKey(subject),
        (current) => ({ view, ...(ref ? { ref } : current?.ref ? { ref: current.ref } : {}) }),
        CARD_TTL_MS,
      );
      if (ref) await store.set(refKey(ref), subject, CARD_TTL_MS);
    },

    async view(subject: string): Promise<View | undefined> {
      return (await store.get<TrackedCard>(cardKey(subject)))?.view;
    },

    async subjectOf(ref: MessageRef): Promise<string | undefined> {
      return store.get<string>(refKey(ref));
    },
  };
}

export type TeamsCardTracker = ReturnType<typeof createTeamsCardTracker>;

import { randomBytes } from 'node:crypto';
import type { MessageRef } from '../../src/intents/envelope.ts';
import type { Store } from '../../src/store/store.ts';
import type { View } from '../../src/views/view.ts';

/** Cards are answered on refresh for as long as people may scroll back to them. */
const CARD_TTL_MS = 30 * 86_400_000;

interface TrackedCard {
  /** Absent for a card in a 1:1 chat: its content is never stored. */
  view?: View;
  ref?: MessageRef;
}

/**
 * A 1:1 chat with the bot (Teams personal conversation ids start with `a:`) is where private replies go:
 * session keys, refusals meant for one person. Nothing shown there is kept in the store.
 */
export function isPersonalChat(conversationId: string): boolean {
  return conversationId.startsWith('a:');
}

/**
 * The current view of every card the bot posted in a team or group chat, by the card's subject (a random
 * id the card carries in its buttons and its refresh action), and the subject of each posted message. A
 * refresh answers with the stored view, so whoever opens the card sees it as it is now, on any replica.
 * Cards in 1:1 chats are tracked without their view (a refresh there finds nothing and the card stays as
 * it was written; updates still replace the message), and so is a view whose conversation is unknown.
 */
export function createTeamsCardTracker(store: Store) {
  const cardKey = (subject: string) => `teams:card:${subject}`;
  const refKey = (ref: MessageRef) => `teams:cardref:${ref.channel}|${ref.id}`;

  return {
    newSubject: () => randomBytes(12).toString('base64url'),

    async save(subject: string, view: View, ref?: MessageRef): Promise<void> {
      await store.update<TrackedCard>(
        cardKey(subject),
        (current) => {
          const where = ref ?? current?.ref;
          if (!where || isPersonalChat(where.channel)) return where ? { ref: where } : undefined;
          return { view, ref: where };
        },
        CARD_TTL_MS,
      );
      if (ref) await store.set(refKey(ref), subject, CARD_TTL_MS);
    },

    async view(subject: string): Promise<View | undefined> {
      const card = await store.get<TrackedCard>(cardKey(subject));
      return card?.ref && !isPersonalChat(card.ref.channel) ? card.view : undefined;
    },

    async subjectOf(ref: MessageRef): Promise<string | undefined> {
      return store.get<string>(refKey(ref));
    },
  };
}

export type TeamsCardTracker = ReturnType<typeof createTeamsCardTracker>;

import { renderConsoleText } from '../../cards/console-text.ts';
import type { MessageRef, Messenger } from '../../src/intents/envelope.ts';
import type { View } from '../../src/views/view.ts';

export interface ConsoleCard {
  number: number;
  channel: string;
  view: View;
}

export interface ConsoleMessenger extends Messenger {
  card(number: number): ConsoleCard | undefined;
  /** Print something only the current person sees. */
  showPrivate(view: View): void;
}

/**
 * The demo's "chat": cards are numbered as they are posted so a person can press their buttons by number;
 * an update reprints the card under the same number.
 */
export function createConsoleMessenger(write: (text: string) => void): ConsoleMessenger {
  const cards = new Map<number, ConsoleCard>();
  let next = 1;
  const print = (card: ConsoleCard, note: string) =>
    write(`\n#${card.number} ${note} in ${card.channel}\n${renderConsoleText(card.view)}\n`);

  return {
    platform: 'console',
    async post(channel, view) {
      const card = { number: next++, channel, view };
      cards.set(card.number, card);
      print(card, 'posted');
      return { platform: 'console', channel, id: String(card.number) } satisfies MessageRef;
    },
    async update(ref, view) {
      const card = cards.get(Number(ref.id));
      if (!card) return;
      card.view = view;
      print(card, 'updated');
    },
    async sendDirect(user, view) {
      const card = { number: next++, channel: `direct message to ${user}`, view };
      cards.set(card.number, card);
      print(card, 'sent');
      return { platform: 'console', channel: card.channel, id: String(card.number) };
    },
    async lookupUserByEmail(email) {
      return email.split('@')[0];
    },
    card: (number) => cards.get(number),
    showPrivate(view) {
      if (!view.actions?.length) {
        write(`\n(only you see this)\n${renderConsoleText(view)}\n`);
        return;
      }
      // A private card with buttons (a step-up prompt) gets a number too, so its buttons can be pressed.
      const card = { number: next++, channel: 'your private view', view };
      cards.set(card.number, card);
      write(`\n#${card.number} (only you see this)\n${renderConsoleText(view)}\n`);
    },
  };
}

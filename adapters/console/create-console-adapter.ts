import { deliver, type ReplySink } from '../../src/intents/deliver.ts';
import type { Dispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { ConsoleMessenger } from './console-messenger.ts';

/** Demo people: the console name is the user id, and the email is what the policy matches. */
export type ConsolePeople = Record<string, { name: string; email: string }>;

export interface ConsoleAdapter {
  /** Handle one typed line; resolves when its reply (not its follow-up) is shown. */
  handleLine(line: string): Promise<void>;
  /** Wait for follow-ups still running (job polling) to finish. */
  settle(): Promise<void>;
  readonly actor: Actor;
}

/**
 * The console platform: a line is a command (the same grammar as Slack and Teams), `as <name>` changes who
 * is typing, and `press <card> <button>` (or `<card>.<button>`) clicks a button, asking for its inputs.
 */
export function createConsoleAdapter(options: {
  dispatcher: Dispatcher;
  messenger: ConsoleMessenger;
  people: ConsolePeople;
  channel: string;
  ask: (question: string) => Promise<string>;
  write: (text: string) => void;
  log: Logger;
  initial: string;
}): ConsoleAdapter {
  const { dispatcher, messenger, people, channel, ask, write, log } = options;
  let actor = toActor(options.initial);
  const followUps: Promise<void>[] = [];

  function toActor(id: string): Actor {
    const person = people[id];
    return {
      platform: 'console',
      userId: id,
      name: person?.name ?? id,
      ...(person ? { email: person.email } : {}),
    };
  }

  const sink = (sourceCard?: number): ReplySink => ({
    async show(result) {
      if (result.visibility === 'private') {
        messenger.showPrivate(result.view);
        if (result.channelNotice) write(`\n(in ${channel}) ${result.channelNotice}\n`);
        return undefined;
      }
      if (sourceCard !== undefined) {
        const ref = { platform: 'console' as const, channel, id: String(sourceCard) };
        await messenger.update(ref, result.view);
        return ref;
      }
      return messenger.post(channel, result.view);
    },
    update: (ref, view) => messenger.update(ref, view),
  });

  /** Deliver the reply; a follow-up (job polling) goes on in the background and prints when it changes. */
  async function show(result: Parameters<typeof deliver>[0], sourceCard?: number) {
    const { followUp, ...now } = result;
    const ref = await sink(sourceCard).show(now);
    if (followUp) {
      const running = deliver(
        { ...now, followUp },
        { show: async () => ref, update: sink(sourceCard).update },
        log,
      );
      followUps.push(running);
    }
  }

  async function press(cardNumber: number, buttonNumber: number) {
    const card = messenger.card(cardNumber);
    const action = card?.view.actions?.[buttonNumber - 1];
    if (!card || !action) {
      write(`There is no button ${buttonNumber} on card #${cardNumber}.\n`);
      return;
    }
    const values: Record<string, string> = {};
    for (const id of action.inputs ?? []) {
      const input = card.view.inputs?.find((i) => i.id === id);
      if (!input) continue;
      if (input.type === 'select') {
        const choices = input.choices.map((c) => c.value).join('/');
        const answer = (
          await ask(`${input.label} (${choices})${input.initial ? ` [${input.initial}]` : ''}: `)
        ).trim();
        values[id] = answer || input.initial || '';
      } else {
        values[id] = (await ask(`${input.label}: `)).trim();
      }
    }
    const result = await dispatcher.dispatch(
      action.verb,
      { ref: action.ref, ...values },
      {
        actor,
        conversation: { platform: 'console', id: channel },
        source: { platform: 'console', channel, id: String(cardNumber) },
        prefix: '',
      },
    );
    await show(result, cardNumber);
  }

  return {
    get actor() {
      return actor;
    },
    async settle() {
      await Promise.allSettled(followUps);
    },
    async handleLine(line) {
      const text = line.trim();
      if (!text) return;
      const as = /^as\s+(\S+)$/i.exec(text);
      if (as) {
        actor = toActor(as[1]!.toLowerCase());
        write(`You are now ${actor.name}${actor.email ? ` <${actor.email}>` : ''}.\n`);
        return;
      }
      const pressed = /^(?:press\s+)?#?(\d+)(?:\s+|\.)(\d+)$/i.exec(text);
      if (pressed) {
        await press(Number(pressed[1]), Number(pressed[2]));
        return;
      }
      const result = await dispatcher.handleText(text, {
        actor,
        conversation: { platform: 'console', id: channel },
        prefix: '',
      });
      await show(result);
    },
  };
}

import type { ReplySink } from '../../src/intents/deliver.ts';
import type { Actor, Envelope, TurnInput } from '../../src/intents/envelope.ts';
import type { TurnRunner } from '../../src/intents/run-turn.ts';
import type { ViewInput } from '../../src/views/view.ts';
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

/** A select's prompt in the words the card shows: `Grant for (Once/1 h/4 h) [1 h]: `. */
export function selectPrompt(input: Extract<ViewInput, { type: 'select' }>): string {
  const initial = input.choices.find((c) => c.value === input.initial);
  return `${input.label} (${input.choices.map((c) => c.label).join('/')})${initial ? ` [${initial.label}]` : ''}: `;
}

/** What the person typed for a select → the choice's value: by its label (any case) or its value. */
export function selectAnswer(input: Extract<ViewInput, { type: 'select' }>, typed: string): string {
  const answer = typed.trim().toLowerCase();
  if (!answer) return input.initial ?? '';
  const choice = input.choices.find(
    (c) => c.label.toLowerCase() === answer || c.value.toLowerCase() === answer,
  );
  return choice?.value ?? typed.trim();
}

/**
 * The console platform: a line is a command (the same grammar as Slack and Teams), `as <name>` changes who
 * is typing, and `press <card> <button>` (or `<card>.<button>`) clicks a button, asking for its inputs.
 * Each goes through the same turn runner as Slack and Teams.
 */
export function createConsoleAdapter(options: {
  turns: TurnRunner;
  messenger: ConsoleMessenger;
  people: ConsolePeople;
  channel: string;
  ask: (question: string) => Promise<string>;
  write: (text: string) => void;
  initial: string;
}): ConsoleAdapter {
  const { turns, messenger, people, channel, ask, write } = options;
  let actor = toActor(options.initial);
  const running: Promise<void>[] = [];
  let events = 0;
  const runTurn = turns.forPlatform<string>(async (id) => toActor(id));

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

  /** Run the turn; resolve once its reply is shown, while a follow-up (job polling) goes on in the background. */
  async function turn(input: TurnInput, sourceCard?: number) {
    const envelope: Envelope<string> = {
      platform: 'console',
      eventId: `console-${++events}`,
      user: actor.userId,
      conversation: { platform: 'console', id: channel },
      input,
      prefix: '',
      ...(sourceCard !== undefined
        ? { source: { platform: 'console', channel, id: String(sourceCard) } }
        : {}),
    };
    const target = sink(sourceCard);
    let shown: () => void = () => undefined;
    const firstShown = new Promise<void>((resolve) => {
      shown = resolve;
    });
    const done = runTurn(envelope, {
      show: (result) => target.show(result).finally(shown),
      update: target.update,
    });
    running.push(done);
    await Promise.race([firstShown, done]);
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
      values[id] =
        input.type === 'select'
          ? selectAnswer(input, await ask(selectPrompt(input)))
          : (await ask(`${input.label}: `)).trim();
    }
    await turn({ kind: 'action', verb: action.verb, ref: action.ref, values }, cardNumber);
  }

  return {
    get actor() {
      return actor;
    },
    async settle() {
      await Promise.allSettled(running);
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
      await turn({ kind: 'text', text });
    },
  };
}

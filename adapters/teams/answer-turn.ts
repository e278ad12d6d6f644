import type { IntentResult } from '../../src/intents/intent.ts';
import type { TurnAck } from '../../src/intents/run-turn.ts';
import type { TaskSet } from './task-set.ts';

/** Teams gives a request a few seconds: a message or a click is answered within this, finished or not. */
export const TEAMS_ANSWER_MS = 1500;

/**
 * Run a turn as work that outlives Teams' request, and resolve with the request's answer as soon as the turn
 * has acked (its reply ready within TEAMS_ANSWER_MS, or not) — or with `otherwise` if the turn ended without
 * acking. `answer` turns the ready reply into Teams' answer, and says whether that answer already showed it.
 */
export function answerTurn<T>(options: {
  tasks: TaskSet;
  what: string;
  run: (ack: TurnAck) => Promise<void>;
  answer: (ready: IntentResult | undefined) => Promise<{ value: T; shown: boolean }>;
  otherwise: T;
}): Promise<T> {
  const { tasks, what, run, answer, otherwise } = options;
  return new Promise<T>((resolve) => {
    tasks.run(what, async () => {
      try {
        await run({
          budgetMs: TEAMS_ANSWER_MS,
          async ack(ready) {
            let answered = { value: otherwise, shown: false };
            try {
              answered = await answer(ready);
            } finally {
              resolve(answered.value);
            }
            return answered.shown;
          },
        });
      } finally {
        resolve(otherwise);
      }
    });
  });
}

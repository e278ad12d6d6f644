import { describe, expect, it } from 'vitest';
import { createTaskSet } from '../../../adapters/teams/task-set.ts';
import { captureLogs } from '../../helpers/log-capture.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('task set (work after the answer to Teams)', () => {
  it('is idle at once when nothing runs', async () => {
    const { log } = captureLogs();
    await createTaskSet(log).idle();
  });

  it('idle() waits for every task, including one started while waiting', async () => {
    const { log } = captureLogs();
    const tasks = createTaskSet(log);
    const first = gate();
    const second = gate();
    const done: string[] = [];
    tasks.run('first', async () => {
      await first.opened;
      done.push('first');
      tasks.run('second', async () => {
        await second.opened;
        done.push('second');
      });
    });
    let idle = false;
    const waiting = tasks.idle().then(() => {
      idle = true;
    });
    first.open();
    await new Promise((r) => setImmediate(r));
    expect(done).toEqual(['first']);
    expect(idle).toBe(false);
    second.open();
    await waiting;
    expect(done).toEqual(['first', 'second']);
  });

  it('logs a failed task instead of throwing it, and still becomes idle', async () => {
    const { log, text } = captureLogs();
    const tasks = createTaskSet(log);
    tasks.run('the reply', async () => {
      throw new Error('connector said 502');
    });
    await tasks.idle();
    expect(text()).toContain('the reply failed after the answer to Teams');
    expect(text()).toContain('connector said 502');
  });
});

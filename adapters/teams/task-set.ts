import type { Logger } from '../../src/log.ts';

/**
 * Work that goes on after Teams has its answer (a command's reply, a job's follow-up updates): errors are
 * logged, never thrown at the platform, and `idle()` lets shutdown and tests wait for it to finish.
 *
 * Running work is counted, not kept in a Set: a long-lived Set that gains and loses an entry on every turn is
 * rehashed again and again, and each table it replaces still holds what it held, so the finished work stays
 * alive through the young-generation collections, which then take milliseconds instead of a fraction of one
 * (issue 13; see sqlite-kv.ts).
 */
export function createTaskSet(log: Logger) {
  let running = 0;
  let waiters: Array<() => void> = [];
  const finished = () => {
    if (--running > 0) return;
    const done = waiters;
    waiters = [];
    for (const wake of done) wake();
  };
  return {
    run(what: string, work: () => Promise<void>): void {
      const task = work();
      running++;
      task
        .catch((err: unknown) => log.error({ err }, `${what} failed after the answer to Teams`))
        .finally(finished);
    },
    /** Resolves once nothing is running, including work started while waiting. */
    idle(): Promise<void> {
      if (running === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

export type TaskSet = ReturnType<typeof createTaskSet>;

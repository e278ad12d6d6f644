import type { Logger } from '../../src/log.ts';

/**
 * Work that goes on after Teams has its answer (a command's reply, a job's follow-up updates): errors are
 * logged, never thrown at the platform, and `idle()` lets shutdown and tests wait for it to finish.
 */
export function createTaskSet(log: Logger) {
  const running = new Set<Promise<void>>();
  return {
    run(what: string, work: () => Promise<void>): void {
      const task = work()
        .catch((err: unknown) => log.error({ err }, `${what} failed after the answer to Teams`))
        .finally(() => running.delete(task));
      running.add(task);
    },
    /** Resolves once nothing is running, including work started while waiting. */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

export type TaskSet = ReturnType<typeof createTaskSet>;

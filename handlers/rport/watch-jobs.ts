import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, RportApi } from '../../src/vendors/rport/index.ts';

export type Started = { kind: 'single'; clientId: string; jid: string } | { kind: 'multi'; jid: string };

/** The jobs of a started run, as rport reports them now. */
export async function fetchJobs(rport: RportApi, started: Started): Promise<Job[]> {
  if (started.kind === 'single') return [await rport.getJob(started.clientId, started.jid)];
  return (await rport.getMultiJob(started.jid)).jobs;
}

/**
 * Poll a run until every job has ended, or until its timeout plus a grace period has passed (then the jobs
 * still `running` are reported as they are). `onChange` sees each new state so the card can follow.
 */
export async function watchJobs(
  rport: RportApi,
  started: Started,
  options: {
    expected: number;
    timeoutSec: number;
    intervalMs: number;
    onChange?: (jobs: Job[]) => Promise<void>;
  },
): Promise<Job[]> {
  const deadline = Date.now() + (options.timeoutSec + 30) * 1000;
  let last = '';
  let jobs: Job[] = [];
  for (;;) {
    jobs = await fetchJobs(rport, started);
    const done = jobs.length >= options.expected && jobs.every((j) => j.status !== 'running');
    const signature = jobs.map((j) => `${j.clientId}:${j.status}`).join(',');
    if (!done && signature !== last && options.onChange) await options.onChange(jobs);
    last = signature;
    if (done || Date.now() > deadline) return jobs;
    await sleep(options.intervalMs);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import {
  createRportClient,
  type Job,
  type MultiJob,
  type RportApi,
} from '../../../src/vendors/rport/index.ts';
import { type FakeRport, type FakeRportOptions, startFakeRport } from '../../fakes/rport-server.ts';

export const ADMIN = 'admin';
export const ADMIN_TOKEN = 'k3Xa9QzT_6f0c2d4e-8b1a-4c7d-9e2f-3a5b7c9d1e0f';

/** A fake rportd with the built-in estate and a client logged in as its administrator. */
export async function startRport(
  options: Partial<FakeRportOptions> = {},
): Promise<{ fake: FakeRport; api: RportApi; as(user: string, token: string): RportApi }> {
  const fake = await startFakeRport({ user: ADMIN, token: ADMIN_TOKEN, jobDurationMs: 60, ...options });
  const as = (user: string, token: string) => createRportClient({ baseUrl: fake.url, user, token });
  return { fake, api: as(ADMIN, ADMIN_TOKEN), as };
}

/** Poll a job until it leaves `running` (bounded, so a stuck job fails the test instead of hanging). */
export async function waitForJob(api: RportApi, clientId: string, jid: string): Promise<Job> {
  for (let i = 0; i < 200; i++) {
    const job = await api.getJob(clientId, jid);
    if (job.status !== 'running') return job;
    await sleep(20);
  }
  throw new Error(`job ${jid} still running`);
}

/** Poll a multi-client job until it has `expected` child jobs and none is running. */
export async function waitForMultiJob(api: RportApi, jid: string, expected: number): Promise<MultiJob> {
  for (let i = 0; i < 200; i++) {
    const job = await api.getMultiJob(jid);
    if (job.jobs.length >= expected && job.jobs.every((j) => j.status !== 'running')) return job;
    await sleep(20);
  }
  throw new Error(`multi-client job ${jid} did not finish`);
}

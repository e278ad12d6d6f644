import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { startRport, waitForJob, waitForMultiJob } from './harness.ts';

let fake: FakeRport | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A clock the test moves, so job progress is checked without racing real time. */
function manualClock(start = Date.parse('2024-06-01T10:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('rport commands on one client', () => {
  it('runs a command and polls the job from running to successful, with its output', async () => {
    const clock = manualClock();
    const started = await startRport({ now: clock.now, jobDurationMs: 1_000 });
    fake = started.fake;
    const { api } = started;

    const { jid } = await api.runCommand('fra-web-01', {
      command: 'echo "hello from gatehouse"',
      timeoutSec: 30,
    });
    const running = await api.getJob('fra-web-01', jid);
    expect(running).toMatchObject({ jid, status: 'running', result: null, finishedAt: null, exitCode: null });
    expect(running.clientName).toBe('web-01');
    expect(running.timeoutSec).toBe(30);

    clock.advance(1_000);
    const done = await api.getJob('fra-web-01', jid);
    expect(done.status).toBe('successful');
    expect(done.result).toEqual({ stdout: 'hello from gatehouse\n', stderr: '', summary: '' });
    expect(done.exitCode).toBe(0);
    expect(done.finishedAt).toBe('2024-06-01T10:00:01.000Z');
  });

  it('finishes on its own in real time too (default progression)', async () => {
    const started = await startRport();
    fake = started.fake;
    const { jid } = await started.api.runCommand('fra-db-01', { command: 'uptime' });
    const job = await waitForJob(started.api, 'fra-db-01', jid);
    expect(job.status).toBe('successful');
    expect(job.result?.stdout).toMatch(/load average/);
  });

  it('reports a failing command as failed with stderr and its exit code', async () => {
    const started = await startRport();
    fake = started.fake;
    const { jid } = await started.api.runCommand('fra-web-02', {
      command: 'systemctl restart nginx || exit 3',
    });
    const job = await waitForJob(started.api, 'fra-web-02', jid);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('exit status 3');
    expect(job.exitCode).toBe(3);
    expect(job.result?.stderr).toMatch(/web-02\.fra\.example\.net/);
  });

  it('reports a command that outlives its timeout as unknown', async () => {
    const started = await startRport();
    fake = started.fake;
    const { jid } = await started.api.runCommand('fra-web-01', { command: 'sleep 120', timeoutSec: 5 });
    const job = await waitForJob(started.api, 'fra-web-01', jid);
    expect(job.status).toBe('unknown');
    expect(job.exitCode).toBeNull();
  });

  it('sends only the keys rport knows, in its names', async () => {
    const started = await startRport();
    fake = started.fake;
    await started.api.runCommand('fra-web-01', {
      command: 'whoami',
      interpreter: '/bin/bash',
      cwd: '/tmp',
      isSudo: true,
      timeoutSec: 45,
    });
    await started.api.runCommand('fra-web-02', { command: 'whoami' });
    const [full, minimal] = fake.commandCalls();
    expect(full!.body).toEqual({
      command: 'whoami',
      interpreter: '/bin/bash',
      cwd: '/tmp',
      is_sudo: true,
      timeout_sec: 45,
    });
    expect(minimal!.body).toEqual({ command: 'whoami' });
    expect(fake.calls.every((c) => c.user === 'admin')).toBe(true);
  });

  it('refuses an empty command before calling rport', async () => {
    const started = await startRport();
    fake = started.fake;
    await expect(started.api.runCommand('fra-web-01', { command: '   ' })).rejects.toBeInstanceOf(
      BadInputError,
    );
    expect(fake.calls).toHaveLength(0);
  });
});

describe('rport multi-client commands', () => {
  it('runs concurrently on a group and aggregates the child jobs', async () => {
    const started = await startRport();
    fake = started.fake;
    const { jid } = await started.api.runMultiCommand({
      groupIds: ['web-servers'],
      command: 'hostname',
      executeConcurrently: true,
    });
    const multi = await waitForMultiJob(started.api, jid, 2);
    expect(multi).toMatchObject({ groupIds: ['web-servers'], concurrent: true, command: 'hostname' });
    expect(multi.jobs.map((j) => [j.clientId, j.status, j.result?.stdout, j.multiJobId])).toEqual([
      ['fra-web-01', 'successful', 'web-01.fra.example.net\n', jid],
      ['fra-web-02', 'successful', 'web-02.fra.example.net\n', jid],
    ]);
    expect(fake.commandCalls()[0]!.body).toEqual({
      command: 'hostname',
      group_ids: ['web-servers'],
      execute_concurrently: true,
    });
  });

  it('runs sequentially, one client after the other', async () => {
    const clock = manualClock();
    const started = await startRport({ now: clock.now, jobDurationMs: 1_000 });
    fake = started.fake;
    const { api } = started;
    const { jid } = await api.runMultiCommand({ clientIds: ['fra-db-01', 'fra-web-01'], command: 'uptime' });

    let multi = await api.getMultiJob(jid);
    expect(multi.jobs.map((j) => [j.clientId, j.status])).toEqual([['fra-db-01', 'running']]);
    clock.advance(1_000);
    multi = await api.getMultiJob(jid);
    expect(multi.jobs.map((j) => [j.clientId, j.status])).toEqual([
      ['fra-db-01', 'successful'],
      ['fra-web-01', 'running'],
    ]);
    clock.advance(1_000);
    multi = await api.getMultiJob(jid);
    expect(multi.jobs.map((j) => j.status)).toEqual(['successful', 'successful']);
    expect(multi.abortOnError).toBe(true);
  });

  it('aborts a sequential run after a failure unless told not to', async () => {
    const clock = manualClock();
    const started = await startRport({ now: clock.now, jobDurationMs: 1_000 });
    fake = started.fake;
    const { api } = started;
    const aborting = await api.runMultiCommand({
      clientIds: ['fra-web-01', 'fra-web-02'],
      command: 'fail-over',
    });
    const continuing = await api.runMultiCommand({
      clientIds: ['fra-db-01', 'fra-win-01'],
      command: 'fail-over',
      abortOnError: false,
    });
    clock.advance(5_000);
    expect((await api.getMultiJob(aborting.jid)).jobs.map((j) => j.status)).toEqual(['failed']);
    expect((await api.getMultiJob(continuing.jid)).jobs.map((j) => j.status)).toEqual(['failed', 'failed']);
  });

  it('targets tags, and records a disconnected client as a failed child job', async () => {
    const started = await startRport();
    fake = started.fake;
    const { jid } = await started.api.runMultiCommand({
      tags: { tags: ['db'], operator: 'OR' },
      command: 'df -h /var/lib/postgresql',
      executeConcurrently: true,
    });
    const multi = await waitForMultiJob(started.api, jid, 2);
    const byClient = Object.fromEntries(multi.jobs.map((j) => [j.clientId, j]));
    expect(byClient['fra-db-01']!.status).toBe('successful');
    expect(byClient['ams-db-02']).toMatchObject({
      status: 'failed',
      error: 'client is not connected',
      pid: null,
    });
    expect(multi.tags).toEqual({ tags: ['db'], operator: 'OR' });
  });

  it('refuses tags mixed with ids, or no target at all, before calling', async () => {
    const started = await startRport();
    fake = started.fake;
    const { api } = started;
    await expect(
      api.runMultiCommand({
        clientIds: ['fra-web-01'],
        tags: { tags: ['web'], operator: 'OR' },
        command: 'ls',
      }),
    ).rejects.toBeInstanceOf(BadInputError);
    await expect(api.runMultiCommand({ command: 'ls' })).rejects.toBeInstanceOf(BadInputError);
    expect(fake.calls).toHaveLength(0);
  });
});

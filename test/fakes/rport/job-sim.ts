import { randomUUID } from 'node:crypto';
import type { FakeClient, FakeRportState, JobOutcome, SimJob, SimMultiJob } from './types.ts';
import { iso } from './types.ts';

/**
 * How jobs behave: a started job is `running` until `jobDurationMs` has passed, then ends the way its
 * command says. Computed from the clock on every read, so no timers are left behind.
 */

let nextPid = 4100;

/** Why the client would not start a command now, as rport reports it; null when it would. */
export function refusal(
  state: FakeRportState,
  client: FakeClient,
  command: string,
  at: number,
): { kind: 'disconnected' | 'paused' | 'refused'; text: string } | null {
  if (client.connection_state !== 'connected')
    return { kind: 'disconnected', text: 'client is not connected' };
  const reason = state.paused.get(client.id);
  if (reason !== undefined) {
    return {
      kind: 'paused',
      text: `failed to execute command/script for client with id ${client.id} due to client being paused (reason = ${reason})`,
    };
  }
  if (state.deniedCommands.get(client.id)?.test(command)) {
    return { kind: 'refused', text: `command is not allowed: ${command}` };
  }
  const busy = state.jobs.some((j) => j.clientId === client.id && j.startedMs <= at && j.endsMs > at);
  if (busy) return { kind: 'refused', text: 'a previous command is still running' };
  return null;
}

export interface StartParams {
  command: string;
  cwd: string;
  interpreter: string;
  isSudo: boolean;
  timeoutSec: number;
  createdBy: string;
  multiJobId: string | null;
}

/** Record a job that runs; the caller has checked `refusal` first. */
export function startJob(state: FakeRportState, client: FakeClient, p: StartParams, at: number): SimJob {
  const { outcome, runs } = simulate(client, p);
  const job: SimJob = {
    jid: randomUUID(),
    clientId: client.id,
    clientName: client.name,
    ...p,
    pid: nextPid++,
    startedMs: at,
    endsMs: at + (runs ? state.jobDurationMs : 0),
    outcome,
  };
  state.jobs.push(job);
  return job;
}

/** A child job the server could not send (api_helper_jobs.go): saved as failed with the error. */
function failedJob(
  state: FakeRportState,
  client: FakeClient,
  p: StartParams,
  at: number,
  error: string,
): SimJob {
  const job: SimJob = {
    jid: randomUUID(),
    clientId: client.id,
    clientName: client.name,
    ...p,
    pid: null,
    startedMs: at,
    endsMs: at,
    outcome: { status: 'failed', stdout: '', stderr: '', error },
  };
  state.jobs.push(job);
  return job;
}

/** What the command does on this machine. */
function simulate(client: FakeClient, p: StartParams): { outcome: JobOutcome; runs: boolean } {
  const cmd = p.command.trim();
  const ok = (stdout: string): { outcome: JobOutcome; runs: boolean } => ({
    outcome: { status: 'successful', stdout, stderr: '', error: '' },
    runs: true,
  });
  const sleep = /\b(?:sleep|Start-Sleep(?:\s+-Seconds)?)\s+(\d+)/i.exec(cmd);
  if (sleep && Number(sleep[1]) > p.timeoutSec) {
    return { outcome: { status: 'unknown', stdout: '', stderr: '', error: '' }, runs: true };
  }
  const exit = /\bexit\s+(\d+)/.exec(cmd);
  if (/fail/i.test(cmd) || (exit && exit[1] !== '0')) {
    const code = exit ? exit[1] : '1';
    return {
      outcome: {
        status: 'failed',
        stdout: '',
        stderr: `${cmd.split(/\s+/)[0]}: operation failed on ${client.hostname}\n`,
        error: `exit status ${code}`,
      },
      runs: true,
    };
  }
  const echo = /^(?:echo|Write-Output)\s+(.*)$/is.exec(cmd);
  if (echo) return ok(`${echo[1]!.replace(/^(['"])(.*)\1$/s, '$2')}\n`);
  if (/^uptime\b/.test(cmd)) {
    return ok(' 10:32:01 up 41 days,  3:07,  1 user,  load average: 0.08, 0.12, 0.10\n');
  }
  if (/^hostname\b/i.test(cmd)) return ok(`${client.hostname}\n`);
  if (/^whoami\b/i.test(cmd)) {
    return ok(client.os_kernel === 'windows' ? 'nt authority\\system\n' : `${p.isSudo ? 'root' : 'rport'}\n`);
  }
  if (sleep) return ok('');
  return ok(`${cmd} finished on ${client.hostname}\n`);
}

/** rport's SummaryBuffer: the text between `<summary>` and `</summary>`. */
function summaryOf(stdout: string): string {
  const match = /<summary>([\s\S]*?)<\/summary>/i.exec(stdout);
  return match ? match[1]! : '';
}

/** The job as `GET /clients/{id}/commands/{jid}` shows it at `now` (share/models/job.go). */
export function viewJob(job: SimJob, now: number): Record<string, unknown> {
  const done = now >= job.endsMs;
  return {
    jid: job.jid,
    status: done ? job.outcome.status : 'running',
    finished_at: done ? iso(job.endsMs) : null,
    client_id: job.clientId,
    client_name: job.clientName,
    command: job.command,
    cwd: job.cwd,
    interpreter: job.interpreter,
    pid: job.pid,
    started_at: iso(job.startedMs),
    created_by: job.createdBy,
    timeout_sec: job.timeoutSec,
    multi_job_id: job.multiJobId,
    schedule_id: null,
    error: done ? job.outcome.error : '',
    result: done
      ? { stdout: job.outcome.stdout, stderr: job.outcome.stderr, summary: summaryOf(job.outcome.stdout) }
      : null,
    is_sudo: job.isSudo,
    is_script: false,
    stream_result: false,
  };
}

/** Start one child of a multi-client job: running, or failed when the client refuses. */
function startChild(state: FakeRportState, mj: SimMultiJob, clientId: string, at: number): SimJob {
  const client = state.clients.find((c) => c.id === clientId)!;
  const p: StartParams = {
    command: mj.command,
    cwd: mj.cwd,
    interpreter: mj.interpreter,
    isSudo: mj.isSudo,
    timeoutSec: mj.timeoutSec,
    createdBy: mj.createdBy,
    multiJobId: mj.jid,
  };
  const refused = refusal(state, client, mj.command, at);
  const job = refused ? failedJob(state, client, p, at, refused.text) : startJob(state, client, p, at);
  mj.jobIds.push(job.jid);
  return job;
}

/** Begin a multi-client job: all children at once when concurrent, else the first one. */
export function beginMultiJob(state: FakeRportState, mj: SimMultiJob): void {
  state.multiJobs.push(mj);
  const first = mj.concurrent ? mj.order : mj.order.slice(0, 1);
  for (const id of first) startChild(state, mj, id, mj.startedMs);
}

/** Sequential jobs: start the next child once the previous ended (unless it failed and abort_on_error). */
export function advanceMultiJobs(state: FakeRportState, now: number): void {
  for (const mj of state.multiJobs) {
    if (mj.concurrent) continue;
    for (;;) {
      const last = state.jobs.find((j) => j.jid === mj.jobIds[mj.jobIds.length - 1]);
      if (!last || last.endsMs > now || mj.jobIds.length >= mj.order.length) break;
      if (mj.abortOnErr && last.outcome.status === 'failed') break;
      startChild(state, mj, mj.order[mj.jobIds.length]!, last.endsMs);
    }
  }
}

export function viewMultiJob(state: FakeRportState, mj: SimMultiJob, now: number): Record<string, unknown> {
  return {
    jid: mj.jid,
    started_at: iso(mj.startedMs),
    created_by: mj.createdBy,
    schedule_id: null,
    client_ids: mj.clientIds,
    group_ids: mj.groupIds,
    tags: mj.tags,
    command: mj.command,
    cwd: mj.cwd,
    interpreter: mj.interpreter,
    timeout_sec: mj.timeoutSec,
    concurrent: mj.concurrent,
    abort_on_err: mj.abortOnErr,
    jobs: mj.jobIds
      .map((id) => state.jobs.find((j) => j.jid === id)!)
      .slice(0, 100)
      .map((j) => viewJob(j, now)),
    is_sudo: mj.isSudo,
    is_script: false,
  };
}

import { z } from 'zod';
import type { ClientGroup, ConnectionState, Job, MultiJob, Problem, RportClient } from './types.ts';

/**
 * rportd wire formats (NOTES §1, spec components), written loose: unknown fields pass, absent or null
 * optional fields become empty values. Each `to…` function turns a wire record into Gatehouse's type.
 */

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const texts = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
/** Go's zero time means "not set". */
const time = z
  .string()
  .nullish()
  .transform((v) => (!v || v.startsWith('0001-01-01') ? null : v));

export const clientWire = z.looseObject({
  id: z.string(),
  name: text,
  hostname: text,
  connection_state: z.string().nullish(),
  tags: texts,
  groups: texts,
  os_full_name: text,
  os_kernel: text,
  ipv4: texts,
  disconnected_at: time,
  last_heartbeat_at: time,
});

export function toClient(c: z.infer<typeof clientWire>): RportClient {
  const state: ConnectionState =
    c.connection_state === 'connected' || c.connection_state === 'disconnected'
      ? c.connection_state
      : 'unknown';
  return {
    id: c.id,
    name: c.name,
    hostname: c.hostname,
    connectionState: state,
    tags: c.tags,
    groups: c.groups,
    osFullName: c.os_full_name,
    osKernel: c.os_kernel,
    ipv4: c.ipv4,
    disconnectedAt: c.disconnected_at,
    lastHeartbeatAt: c.last_heartbeat_at,
  };
}

export const clientListWire = z.looseObject({
  data: z.array(clientWire),
  meta: z.looseObject({ count: z.number().int().nonnegative() }).nullish(),
});

export const clientOneWire = z.looseObject({ data: clientWire });

export const jobWire = z.looseObject({
  jid: z.string(),
  status: z.enum(['running', 'successful', 'failed', 'unknown']),
  client_id: text,
  client_name: text,
  command: text,
  interpreter: text,
  cwd: text,
  is_sudo: z.boolean().nullish(),
  timeout_sec: z.number().nullish(),
  pid: z.number().nullish(),
  started_at: text,
  finished_at: time,
  created_by: text,
  multi_job_id: z.string().nullish(),
  error: text,
  result: z.looseObject({ stdout: text, stderr: text, summary: text }).nullish(),
});

/** `exit status 2` (Go's exec error text, which rport puts in `error`) → 2. */
function exitCodeOf(status: Job['status'], error: string): number | null {
  if (status === 'successful') return 0;
  const match = /exit status (\d+)/.exec(error);
  return match ? Number(match[1]) : null;
}

export function toJob(j: z.infer<typeof jobWire>): Job {
  return {
    jid: j.jid,
    clientId: j.client_id,
    clientName: j.client_name,
    status: j.status,
    command: j.command,
    interpreter: j.interpreter,
    cwd: j.cwd,
    isSudo: j.is_sudo ?? false,
    timeoutSec: j.timeout_sec ?? 0,
    pid: j.pid ?? null,
    startedAt: j.started_at,
    finishedAt: j.finished_at,
    createdBy: j.created_by,
    multiJobId: j.multi_job_id || null,
    error: j.error,
    result: j.result ? { stdout: j.result.stdout, stderr: j.result.stderr, summary: j.result.summary } : null,
    exitCode: exitCodeOf(j.status, j.error),
  };
}

export const jobOneWire = z.looseObject({ data: jobWire });

export const jidWire = z.looseObject({ data: z.looseObject({ jid: z.string().min(1) }) });

export const multiJobWire = z.looseObject({
  jid: z.string(),
  started_at: text,
  created_by: text,
  client_ids: texts,
  group_ids: texts,
  tags: z.looseObject({ tags: texts, operator: z.string().nullish() }).nullish(),
  command: text,
  interpreter: text,
  cwd: text,
  is_sudo: z.boolean().nullish(),
  timeout_sec: z.number().nullish(),
  concurrent: z.boolean().nullish(),
  abort_on_err: z.boolean().nullish(),
  jobs: z
    .array(jobWire)
    .nullish()
    .transform((v) => v ?? []),
});

export function toMultiJob(m: z.infer<typeof multiJobWire>): MultiJob {
  return {
    jid: m.jid,
    startedAt: m.started_at,
    createdBy: m.created_by,
    clientIds: m.client_ids,
    groupIds: m.group_ids,
    tags:
      m.tags && m.tags.tags.length > 0
        ? { tags: m.tags.tags, operator: m.tags.operator?.toUpperCase() === 'AND' ? 'AND' : 'OR' }
        : null,
    command: m.command,
    interpreter: m.interpreter,
    cwd: m.cwd,
    isSudo: m.is_sudo ?? false,
    timeoutSec: m.timeout_sec ?? 0,
    concurrent: m.concurrent ?? false,
    abortOnError: m.abort_on_err ?? true,
    jobs: m.jobs.map(toJob),
  };
}

export const multiJobOneWire = z.looseObject({ data: multiJobWire });

export const clientGroupWire = z.looseObject({
  id: z.string(),
  description: text,
  client_ids: z.array(z.string()).nullish(),
});

export function toClientGroup(g: z.infer<typeof clientGroupWire>): ClientGroup {
  return { id: g.id, description: g.description, clientIds: g.client_ids ?? null };
}

export const clientGroupListWire = z.looseObject({
  data: z.array(clientGroupWire),
  meta: z.looseObject({ count: z.number().int().nonnegative() }).nullish(),
});

export const clientGroupOneWire = z.looseObject({ data: clientGroupWire });

/**
 * Spec `Problem`. Some rport releases name the flag `state` (`active` | `resolved`) instead of `active`
 * (plus/alerting code); both are read, one must be there.
 */
export const problemWire = z
  .looseObject({
    problem_id: z.string(),
    rule_id: text,
    client_id: text,
    client_name: text,
    active: z.boolean().optional(),
    state: z.string().optional(),
    created_at: text,
    resolved_at: time,
  })
  .refine((p) => p.active !== undefined || p.state !== undefined, {
    message: 'is missing',
    path: ['active'],
  });

export function toProblem(p: z.infer<typeof problemWire>): Problem {
  return {
    problemId: p.problem_id,
    ruleId: p.rule_id,
    clientId: p.client_id,
    clientName: p.client_name,
    active: p.active ?? p.state?.toLowerCase() === 'active',
    createdAt: p.created_at,
    resolvedAt: p.resolved_at,
  };
}

export const problemListWire = z.looseObject({
  data: z
    .array(problemWire)
    .nullish()
    .transform((v) => v ?? []),
  meta: z.looseObject({ count: z.number().int().nonnegative() }).nullish(),
});

export const problemOneWire = z.looseObject({ data: problemWire });

/** `{errors:[{code,title,detail}]}`, rport's error envelope (NOTES §1.1). */
export const errorEnvelopeWire = z.looseObject({
  errors: z.array(z.looseObject({ code: z.unknown(), title: text, detail: text })).min(1),
});

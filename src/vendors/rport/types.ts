/** What Gatehouse works with from rportd, in its own names. Wire names live in schemas.ts only. */

export type ConnectionState = 'connected' | 'disconnected' | 'unknown';

/** A machine running the rport client. */
export interface RportClient {
  id: string;
  name: string;
  hostname: string;
  /** `unknown` when the server did not send `connection_state` (field not requested). */
  connectionState: ConnectionState;
  tags: string[];
  /** Ids of the client groups the machine belongs to. */
  groups: string[];
  osFullName: string;
  /** `linux`, `windows`, … */
  osKernel: string;
  ipv4: string[];
  disconnectedAt: string | null;
  lastHeartbeatAt: string | null;
}

export type JobStatus = 'running' | 'successful' | 'failed' | 'unknown';

export interface JobResult {
  stdout: string;
  stderr: string;
  /** Text the command printed between `<summary>` and `</summary>` (rport's convention), often empty. */
  summary: string;
}

/** One command on one client. `unknown` means the timeout elapsed and the client stopped watching. */
export interface Job {
  jid: string;
  clientId: string;
  clientName: string;
  status: JobStatus;
  command: string;
  interpreter: string;
  cwd: string;
  isSudo: boolean;
  timeoutSec: number;
  pid: number | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string;
  multiJobId: string | null;
  /** Non-empty when rport could not run the command, or the exit error (`exit status 2`). */
  error: string;
  /** Null while the job runs. */
  result: JobResult | null;
  /** 0 for a successful job, N from `exit status N`, otherwise null (running, unknown, not started). */
  exitCode: number | null;
}

export interface TagTarget {
  tags: string[];
  operator: 'OR' | 'AND';
}

/** A command sent to several clients; `jobs` holds the per-client jobs started so far. */
export interface MultiJob {
  jid: string;
  startedAt: string;
  createdBy: string;
  clientIds: string[];
  groupIds: string[];
  tags: TagTarget | null;
  command: string;
  interpreter: string;
  cwd: string;
  isSudo: boolean;
  timeoutSec: number;
  concurrent: boolean;
  abortOnError: boolean;
  jobs: Job[];
}

export interface ClientGroup {
  id: string;
  description: string;
  /** Present when the server sends it (always on getClientGroup). */
  clientIds: string[] | null;
}

/** An alerting-service problem (spec `Problem`). */
export interface Problem {
  problemId: string;
  ruleId: string;
  clientId: string;
  /** Not in the spec's schema, but a documented filter field; empty when absent. */
  clientName: string;
  active: boolean;
  createdAt: string;
  resolvedAt: string | null;
}

export const CLIENT_SORT_FIELDS = ['id', 'name', 'os', 'hostname', 'version'] as const;
export type ClientSort = (typeof CLIENT_SORT_FIELDS)[number] | `-${(typeof CLIENT_SORT_FIELDS)[number]}`;

export interface ListClientsOptions {
  /** `filter[<field>]=<value>`: values may use `*`, `a,b` (or), `or(a,b)`, `and(a,b)` (tags). */
  filter?: Record<string, string>;
  /** Free text matched (case-insensitive, partial) against id, name and hostname. */
  search?: string;
  sort?: ClientSort;
  /** Page size, 1–500 (rport's maximum). */
  limit?: number;
  offset?: number;
}

export interface RunCommandInput {
  command: string;
  interpreter?: string;
  cwd?: string;
  isSudo?: boolean;
  /** 0 or absent: the server's default (60 s). */
  timeoutSec?: number;
}

export interface RunMultiCommandInput extends RunCommandInput {
  clientIds?: string[];
  groupIds?: string[];
  /** Cannot be combined with clientIds or groupIds. */
  tags?: TagTarget;
  executeConcurrently?: boolean;
  /** Only when not concurrent; rport's default is true. */
  abortOnError?: boolean;
}

export type ProblemSort =
  | 'rule_id'
  | 'client_id'
  | 'client_name'
  | 'active'
  | 'created_at'
  | 'resolved_at'
  | '-rule_id'
  | '-client_id'
  | '-client_name'
  | '-active'
  | '-created_at'
  | '-resolved_at';

export interface ListProblemsOptions {
  active?: boolean;
  clientId?: string;
  sort?: ProblemSort;
  /** 1–500, default 50. */
  limit?: number;
  offset?: number;
}

/** State of the fake rportd. Wire-shaped records use rport's snake_case names. */

export type TokenScope = 'read' | 'read+write' | 'clients-auth';

export interface FakeUser {
  user: string;
  /** API token (`prefix_uuid`) accepted as the Basic password. */
  token: string;
  scope: TokenScope;
  /** `Administrators` sees and may do everything. */
  groups: string[];
  /** Group permissions such as `commands`; ignored for Administrators. */
  permissions: string[];
}

/** A client as rport stores it (without `groups`, which is computed from the client groups). */
export interface FakeClient {
  id: string;
  name: string;
  hostname: string;
  os: string;
  os_full_name: string;
  os_kernel: string;
  os_family: string;
  os_arch: string;
  os_version: string;
  version: string;
  address: string;
  ipv4: string[];
  ipv6: string[];
  tags: string[];
  labels: Record<string, string>;
  num_cpus: number;
  mem_total: number;
  timezone: string;
  client_auth_id: string;
  allowed_user_groups: string[];
  connection_state: 'connected' | 'disconnected';
  disconnected_at: string | null;
  last_heartbeat_at: string;
}

export interface FakeGroup {
  id: string;
  description: string;
  /** Membership rules (wildcards allowed, every given param must match), as rport's ClientParams. */
  params: {
    client_id?: string[];
    name?: string[];
    hostname?: string[];
    os_kernel?: string[];
    tag?: string[];
  };
  allowed_user_groups: string[];
}

export type FinalStatus = 'successful' | 'failed' | 'unknown';

export interface JobOutcome {
  status: FinalStatus;
  stdout: string;
  stderr: string;
  error: string;
}

/** A job and how it will end; `viewJob` turns it into the wire shape at a given instant. */
export interface SimJob {
  jid: string;
  clientId: string;
  clientName: string;
  command: string;
  cwd: string;
  interpreter: string;
  isSudo: boolean;
  timeoutSec: number;
  createdBy: string;
  multiJobId: string | null;
  pid: number | null;
  startedMs: number;
  endsMs: number;
  outcome: JobOutcome;
}

export interface SimMultiJob {
  jid: string;
  startedMs: number;
  createdBy: string;
  clientIds: string[];
  groupIds: string[];
  tags: { tags: string[]; operator: string } | null;
  command: string;
  cwd: string;
  interpreter: string;
  isSudo: boolean;
  timeoutSec: number;
  concurrent: boolean;
  abortOnErr: boolean;
  /** Target clients in execution order. */
  order: string[];
  jobIds: string[];
}

export interface FakeProblem {
  problem_id: string;
  rule_id: string;
  client_id: string;
  client_name: string;
  active: boolean;
  created_at: string;
  resolved_at: string | null;
  actions: Array<{ notify?: string[]; log?: string }>;
}

export interface FakeRportState {
  users: FakeUser[];
  clients: FakeClient[];
  groups: FakeGroup[];
  jobs: SimJob[];
  multiJobs: SimMultiJob[];
  problems: FakeProblem[];
  /** Client id → pause reason. */
  paused: Map<string, string>;
  /** Client id → the client's command allow-list rejects matching commands (409). */
  deniedCommands: Map<string, RegExp>;
  jobDurationMs: number;
  now: () => number;
}

/** A failure a route reports; the server turns it into rport's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail = '',
  ) {
    super(title);
  }
}

export function isAdmin(user: FakeUser): boolean {
  return user.groups.includes('Administrators');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

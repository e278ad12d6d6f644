import type { FakeClient, FakeGroup, FakeProblem, SimJob } from './types.ts';
import { iso } from './types.ts';

/** A small, realistic estate for tests and `npm run demo`: four Linux machines and one Windows server. */

export interface FakeRportSeed {
  clients: FakeClient[];
  groups: FakeGroup[];
  problems: FakeProblem[];
  jobs: SimJob[];
}

const MIN = 60_000;

function linux(
  id: string,
  name: string,
  host: string,
  ip: string,
  tags: string[],
  allowed: string[],
): FakeClient {
  return {
    id,
    name,
    hostname: host,
    os: 'Linux 5.15.0-105-generic x86_64',
    os_full_name: 'Ubuntu 22.04.4 LTS',
    os_kernel: 'linux',
    os_family: 'debian',
    os_arch: 'amd64',
    os_version: '22.04',
    version: '0.9.12',
    address: `${ip}:53914`,
    ipv4: [ip],
    ipv6: [],
    tags,
    labels: { site: host.split('.')[1] ?? '' },
    num_cpus: 4,
    mem_total: 8_322_625_536,
    timezone: 'UTC (UTC+00:00)',
    client_auth_id: 'clients-prod',
    allowed_user_groups: allowed,
    connection_state: 'connected',
    disconnected_at: null,
    last_heartbeat_at: '',
  };
}

export function createSeed(now: number): FakeRportSeed {
  const heartbeat = iso(now - 20_000);
  const clients: FakeClient[] = [
    linux(
      'fra-web-01',
      'web-01',
      'web-01.fra.example.net',
      '10.20.1.11',
      ['prod', 'web', 'nginx'],
      ['operators'],
    ),
    linux(
      'fra-web-02',
      'web-02',
      'web-02.fra.example.net',
      '10.20.1.12',
      ['prod', 'web', 'nginx'],
      ['operators'],
    ),
    linux('fra-db-01', 'db-01', 'db-01.fra.example.net', '10.20.2.21', ['prod', 'db', 'postgres'], ['dba']),
    {
      ...linux(
        'ams-db-02',
        'db-02',
        'db-02.ams.example.net',
        '10.30.2.22',
        ['prod', 'db', 'postgres'],
        ['dba'],
      ),
      connection_state: 'disconnected',
      disconnected_at: iso(now - 47 * MIN),
    },
    {
      ...linux(
        'fra-win-01',
        'win-app-01',
        'WIN-APP-01',
        '10.20.3.31',
        ['staging', 'windows', 'iis'],
        ['operators'],
      ),
      os: 'Microsoft Windows Server 2019 Standard 10.0.17763 Build 17763',
      os_full_name: 'Microsoft Windows Server 2019 Standard',
      os_kernel: 'windows',
      os_family: 'Server',
      os_version: '10.0.17763 Build 17763',
      timezone: 'W. Europe Standard Time (UTC+01:00)',
    },
  ];
  for (const c of clients) c.last_heartbeat_at = c.disconnected_at ?? heartbeat;

  const groups: FakeGroup[] = [
    {
      id: 'web-servers',
      description: 'Production web servers',
      params: { tag: ['web'] },
      allowed_user_groups: [],
    },
    {
      id: 'db-servers',
      description: 'PostgreSQL servers',
      params: { tag: ['db'] },
      allowed_user_groups: ['dba'],
    },
  ];

  const job = (jid: string, clientId: string, command: string, agoMin: number, stdout: string): SimJob => {
    const client = clients.find((c) => c.id === clientId)!;
    const started = now - agoMin * MIN;
    return {
      jid,
      clientId,
      clientName: client.name,
      command,
      cwd: '',
      interpreter: '',
      isSudo: false,
      timeoutSec: 60,
      createdBy: 'admin',
      multiJobId: null,
      pid: 3817,
      startedMs: started,
      endsMs: started + 1_200,
      outcome: { status: 'successful', stdout, stderr: '', error: '' },
    };
  };
  const jobs = [
    job(
      '6b8a3d8e-2f1c-4a77-9d35-1c0f5a1e9b01',
      'fra-web-01',
      'uptime',
      95,
      ' 08:57:12 up 41 days,  1:32,  0 users,  load average: 0.21, 0.18, 0.11\n',
    ),
    job(
      '0f4d2c6b-8e3a-4d1f-b2a9-7c5e3f1d8a02',
      'fra-db-01',
      'systemctl is-active postgresql',
      30,
      'active\n',
    ),
  ];

  const problem = (
    id: string,
    rule: string,
    clientId: string,
    agoMin: number,
    resolvedAgoMin?: number,
  ): FakeProblem => ({
    problem_id: id,
    rule_id: rule,
    client_id: clientId,
    client_name: clients.find((c) => c.id === clientId)!.name,
    active: resolvedAgoMin === undefined,
    created_at: iso(now - agoMin * MIN),
    resolved_at: resolvedAgoMin === undefined ? null : iso(now - resolvedAgoMin * MIN),
    actions: [{ notify: ['ops@example.net'] }],
  });
  const problems = [
    problem('9c1e7f0a-52d4-4b8e-a1f3-0d6c2b7e4f11', 'high-cpu-usage', 'fra-db-01', 12),
    problem('2a7d4e9b-13c8-4f6a-8e2d-5b1f0c9a3e22', 'disk-space-low', 'fra-web-02', 240),
    problem('e5b0c3f8-7a91-4d2e-b6c4-9f8a1d2e5c33', 'client-disconnected', 'ams-db-02', 47),
    problem('4f2a9e6d-c8b1-4e3a-9d7f-2a6b5c1e8d44', 'high-memory-usage', 'fra-web-01', 600, 540),
  ];
  return { clients, groups, problems, jobs };
}

/** The fake appliance's records: what `npm run demo` and the tests see unless they pass their own. */

export interface FakeRep {
  id: number;
  username: string;
  publicDisplayName: string;
  privateDisplayName: string;
  type: 'Normal' | 'Invited';
  /** Unix seconds. */
  loggedInSince: number;
  supportSessionCount: number;
  showingOnRepList: boolean;
}

export interface FakeIssue {
  id: number;
  codeName: string;
  description: string;
}

export interface FakeTeam {
  id: number;
  name: string;
  codeName: string;
  comments: string;
  issues: FakeIssue[];
  memberIds: number[];
}

export interface FakeAppliance {
  id: string;
  hostname: string;
  /** Left out of the answer when undefined (the parser must show it as unknown). */
  version?: string;
  success: boolean;
  errorMessage?: string;
  failoverRole?: 'none' | 'primary' | 'backup';
  enabledSharedIps: string[];
  /** Unix seconds. */
  lastDataSyncTime?: number;
  lastDataSyncStatus?: string;
}

export interface FakeApiInfo {
  apiVersion: string;
  companyName: string;
  permissions: Record<string, string>;
}

export interface FakeRemoteSupportSeed {
  /** The public site's host name, used in session key URLs. */
  siteHost: string;
  reps: FakeRep[];
  teams: FakeTeam[];
  /**
   * The appliance the API address reaches first: a real `<health_check>` describes that one only. The
   * `nested` health layout answers with every appliance listed.
   */
  appliances: FakeAppliance[];
  apiInfo: FakeApiInfo;
}

const hourAgo = () => Math.floor(Date.now() / 1000) - 3600;

export function defaultRemoteSupportSeed(): FakeRemoteSupportSeed {
  const since = hourAgo();
  return {
    siteHost: 'support.example.com',
    reps: [
      rep(1, 'anguyen', 'Alice Nguyen', 'Alice Nguyen (Tier 2)', since, 2, true),
      rep(2, 'bmartins', 'Bob Martins', 'Bob Martins (Network)', since + 600, 0, true),
      rep(3, 'cwei', 'Chen Wei', 'Chen Wei (Security)', since + 1200, 1, false),
      {
        ...rep(4, 'dana.invited', 'Dana Okafor', 'Dana Okafor (vendor)', since + 1800, 0, true),
        type: 'Invited',
      },
    ],
    teams: [
      {
        id: 1,
        name: 'Helpdesk',
        codeName: 'helpdesk',
        comments: 'First line: desktops, accounts, printers',
        issues: [
          { id: 11, codeName: 'password_reset', description: 'Password reset' },
          { id: 12, codeName: 'printer', description: 'Printer & scanner problems' },
        ],
        memberIds: [1, 4],
      },
      {
        id: 2,
        name: 'Network',
        codeName: 'network',
        comments: '',
        issues: [{ id: 21, codeName: 'vpn', description: 'VPN does not connect' }],
        memberIds: [2],
      },
      {
        id: 3,
        name: 'Security',
        codeName: 'security',
        comments: 'Incident response',
        issues: [
          { id: 31, codeName: 'phishing', description: 'Suspicious email' },
          { id: 32, codeName: 'malware', description: 'Possible malware' },
        ],
        memberIds: [3],
      },
    ],
    appliances: [
      {
        id: '5b0e7a1c-3f5d-4c2e-9a51-0d6b1f3e2a01',
        hostname: 'rs-a.example.com',
        version: '24.3.1 (build 41725)',
        success: true,
        failoverRole: 'primary',
        enabledSharedIps: ['10.20.0.10'],
        lastDataSyncTime: since + 3000,
        lastDataSyncStatus: 'Success',
      },
      {
        id: '9c4d2e8f-1a7b-4e36-b0c2-5f8e9d1a7b02',
        hostname: 'rs-b.example.com',
        version: '24.3.1 (build 41725)',
        success: true,
        failoverRole: 'backup',
        enabledSharedIps: [],
        lastDataSyncTime: since + 3000,
        lastDataSyncStatus: 'Success',
      },
    ],
    apiInfo: {
      apiVersion: '1.24.1',
      companyName: 'Example Corp',
      permissions: {
        perm_backup: '0',
        perm_command: 'full_access',
        perm_configuration: '0',
        perm_real_time_state: '1',
        perm_reporting_support: '1',
        perm_reporting_archive: '0',
      },
    },
  };
}

function rep(
  id: number,
  username: string,
  publicDisplayName: string,
  privateDisplayName: string,
  loggedInSince: number,
  supportSessionCount: number,
  showingOnRepList: boolean,
): FakeRep {
  return {
    id,
    username,
    publicDisplayName,
    privateDisplayName,
    type: 'Normal',
    loggedInSince,
    supportSessionCount,
    showingOnRepList,
  };
}

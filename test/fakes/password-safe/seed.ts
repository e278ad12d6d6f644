/** Wire shapes the fake Password Safe stores and answers with (seed 001 Sessions, seed 003 Users). */
export interface FakePsSession {
  SessionID: number;
  UserID: number;
  NodeID: string;
  Status: number;
  ArchiveStatus: number;
  Protocol: number;
  StartTime: string;
  EndTime: string | null;
  Duration: number;
  AssetName: string;
  ManagedSystemID: number | null;
  ManagedAccountID: number;
  ManagedAccountName: string;
  RecordKey: string;
  /** A secret in the real API; the client must never pass it on. */
  Token: string;
}

export interface FakePsUser {
  UserID: number;
  UserName: string;
  DomainName: string | null;
  DistinguishedName: string | null;
  FirstName: string | null;
  LastName: string | null;
  EmailAddress: string | null;
  LastLoginDate: string | null;
  LastLoginAuthenticationType: string | null;
  LastLoginConfigurationName: string | null;
  LastLoginSAMLIDPURL: string | null;
  LastLoginSSOURL: string | null;
  IsQuarantined: boolean;
  IsActive: boolean;
}

export interface FakePsUserGroup {
  GroupID: number;
  Name: string;
  UserIDs: number[];
}

export interface FakePasswordSafeSeed {
  sessions?: FakePsSession[];
  users?: FakePsUser[];
  userGroups?: FakePsUserGroup[];
}

const NODE = '8e4b3c1a-2f6d-4e7a-9b0c-1d2e3f4a5b6c';

export function fakePsSession(fields: Partial<FakePsSession> & { SessionID: number }): FakePsSession {
  return {
    UserID: 2,
    NodeID: NODE,
    Status: 1,
    ArchiveStatus: 0,
    Protocol: 1,
    StartTime: '2025-03-04T09:12:00',
    EndTime: null,
    Duration: 0,
    AssetName: 'asset',
    ManagedSystemID: 1,
    ManagedAccountID: 1,
    ManagedAccountName: 'root',
    RecordKey: `rk-${fields.SessionID}`,
    Token: `tok-${fields.SessionID}-${Math.random().toString(36).slice(2, 14)}`,
    ...fields,
  };
}

export function fakePsUser(fields: Partial<FakePsUser> & { UserID: number; UserName: string }): FakePsUser {
  return {
    DomainName: null,
    DistinguishedName: null,
    FirstName: null,
    LastName: null,
    EmailAddress: null,
    LastLoginDate: null,
    LastLoginAuthenticationType: null,
    LastLoginConfigurationName: null,
    LastLoginSAMLIDPURL: null,
    LastLoginSSOURL: null,
    IsQuarantined: false,
    IsActive: true,
    ...fields,
  };
}

/** A small, realistic tenant: two sessions in progress, three that ended, five users (one inactive), two groups. */
export function defaultPasswordSafeSeed(): Required<FakePasswordSafeSeed> {
  return {
    sessions: [
      fakePsSession({
        SessionID: 101,
        UserID: 3,
        Protocol: 1,
        Status: 1,
        StartTime: '2025-03-04T09:12:40',
        AssetName: 'db-prod-01',
        ManagedSystemID: 12,
        ManagedAccountID: 40,
        ManagedAccountName: 'root',
      }),
      fakePsSession({
        SessionID: 102,
        UserID: 4,
        Protocol: 0,
        Status: 1,
        StartTime: '2025-03-04T09:30:05',
        AssetName: 'dc01.corp.example',
        ManagedSystemID: 7,
        ManagedAccountID: 22,
        ManagedAccountName: 'CORP\\svc-backup',
      }),
      fakePsSession({
        SessionID: 95,
        UserID: 3,
        Protocol: 1,
        Status: 2,
        StartTime: '2025-03-03T14:00:00',
        EndTime: '2025-03-03T14:42:10',
        Duration: 2530,
        AssetName: 'web-prod-02',
        ManagedSystemID: 15,
        ManagedAccountID: 51,
        ManagedAccountName: 'deploy',
        ArchiveStatus: 1,
      }),
      fakePsSession({
        SessionID: 96,
        UserID: 5,
        Protocol: 0,
        Status: 8,
        StartTime: '2025-03-03T16:05:00',
        EndTime: '2025-03-03T16:20:30',
        Duration: 930,
        AssetName: 'fs01.corp.example',
        ManagedSystemID: null,
        ManagedAccountID: 23,
        ManagedAccountName: 'CORP\\fs-admin',
      }),
      fakePsSession({
        SessionID: 97,
        UserID: 4,
        Protocol: 0,
        Status: 9,
        StartTime: '2025-03-03T18:10:00',
        EndTime: '2025-03-03T18:11:15',
        Duration: 75,
        AssetName: 'dc01.corp.example',
        ManagedSystemID: 7,
        ManagedAccountID: 22,
        ManagedAccountName: 'CORP\\svc-backup',
      }),
    ],
    users: [
      fakePsUser({
        UserID: 2,
        UserName: 'gatehouse-api',
        FirstName: 'Gatehouse',
        LastName: 'API',
        LastLoginDate: '2025-03-04T08:00:00',
      }),
      fakePsUser({
        UserID: 3,
        UserName: 'alice',
        DomainName: 'CORP',
        DistinguishedName: 'CN=Alice Martin,OU=Ops,DC=corp,DC=example',
        FirstName: 'Alice',
        LastName: 'Martin',
        EmailAddress: 'alice@corp.example',
        LastLoginDate: '2025-03-04T09:10:00',
        LastLoginAuthenticationType: 'Active Directory',
      }),
      fakePsUser({
        UserID: 4,
        UserName: 'bob',
        DomainName: 'CORP',
        DistinguishedName: 'CN=Bob Okafor,OU=Ops,DC=corp,DC=example',
        FirstName: 'Bob',
        LastName: 'Okafor',
        EmailAddress: 'bob@corp.example',
        LastLoginDate: '2025-03-04T09:28:00',
        LastLoginAuthenticationType: 'Active Directory',
      }),
      fakePsUser({
        UserID: 5,
        UserName: 'carol',
        FirstName: 'Carol',
        LastName: 'Nguyen',
        EmailAddress: 'carol@corp.example',
        LastLoginDate: '2025-03-03T16:00:00',
        LastLoginAuthenticationType: 'Local',
      }),
      fakePsUser({
        UserID: 6,
        UserName: 'dave',
        FirstName: 'Dave',
        LastName: 'Former',
        EmailAddress: 'dave@corp.example',
        IsActive: false,
      }),
    ],
    userGroups: [
      { GroupID: 10, Name: 'PAM Approvers', UserIDs: [3, 4] },
      { GroupID: 11, Name: 'Auditors', UserIDs: [5] },
    ],
  };
}

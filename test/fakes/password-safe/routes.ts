import type { FakePsSession, FakePsUser, FakePsUserGroup } from './seed.ts';

/** The fake's data, shared by the server and the test that drives it. */
export interface FakePsData {
  sessions: FakePsSession[];
  users: FakePsUser[];
  userGroups: FakePsUserGroup[];
}

export interface RouteAnswer {
  status: number;
  body?: unknown;
}

const SESSION_STATUSES = new Set([0, 1, 2, 5, 7, 8, 9]);

/**
 * The resources behind the signed-in session, as seeds 001 and 003 describe them. Paths arrive relative to
 * the API base; ASP.NET routes are case-insensitive, so matching is too. `undefined` means no such route.
 */
export function answerResource(
  data: FakePsData,
  method: string,
  path: string,
  query: URLSearchParams,
): RouteAnswer | undefined {
  const parts = path.split('/').filter(Boolean);
  const [first = '', second, third] = parts.map((p) => p.toLowerCase());
  if (method === 'GET' && first === 'sessions' && parts.length === 1) return listSessions(data, query);
  if (method === 'GET' && first === 'sessions' && parts.length === 2) {
    const session = data.sessions.find((s) => String(s.SessionID) === second);
    return session ? { status: 200, body: session } : notFound('Session');
  }
  if (method === 'GET' && first === 'users' && parts.length === 1) return listUsers(data, query);
  if (method === 'POST' && first === 'users' && third === 'quarantine' && parts.length === 3) {
    const user = data.users.find((u) => String(u.UserID) === second);
    if (!user) return notFound('User');
    user.IsQuarantined = true;
    const {
      UserID,
      UserName,
      DomainName,
      DistinguishedName,
      FirstName,
      LastName,
      EmailAddress,
      IsQuarantined,
      IsActive,
    } = user;
    // Seed 003 prints this answer in brackets: one user inside an array.
    return {
      status: 200,
      body: [
        {
          UserID,
          UserName,
          DomainName,
          DistinguishedName,
          FirstName,
          LastName,
          EmailAddress,
          IsQuarantined,
          IsActive,
        },
      ],
    };
  }
  if (method === 'GET' && first === 'usergroups' && parts.length === 1 && query.get('name') !== null) {
    const wanted = (query.get('name') ?? '').toLowerCase();
    const groups = data.userGroups.filter((g) => g.Name.toLowerCase() === wanted);
    return {
      status: 200,
      body: groups.map((g) => ({
        GroupID: g.GroupID,
        Name: g.Name,
        GroupType: 'BeyondInsight',
        IsActive: true,
      })),
    };
  }
  if (method === 'GET' && first === 'usergroups' && third === 'users' && parts.length === 3) {
    const group = data.userGroups.find((g) => String(g.GroupID) === second);
    if (!group) return notFound('User group');
    return { status: 200, body: data.users.filter((u) => group.UserIDs.includes(u.UserID)) };
  }
  return undefined;
}

function listSessions(data: FakePsData, query: URLSearchParams): RouteAnswer {
  let sessions = data.sessions;
  const status = query.get('status');
  if (status !== null) {
    const wanted = status.split(',').map((s) => Number(s.trim()));
    if (wanted.some((s) => !SESSION_STATUSES.has(s)))
      return { status: 400, body: `Invalid status: ${status}` };
    sessions = sessions.filter((s) => wanted.includes(s.Status));
  }
  const userId = query.get('userID') ?? query.get('userid');
  if (userId !== null) {
    if (!/^\d+$/.test(userId)) return { status: 400, body: `Invalid userID: ${userId}` };
    sessions = sessions.filter((s) => s.UserID === Number(userId));
  }
  return { status: 200, body: sessions };
}

function listUsers(data: FakePsData, query: URLSearchParams): RouteAnswer {
  const includeInactive = (query.get('includeInactive') ?? 'false').toLowerCase() === 'true';
  let users = includeInactive ? data.users : data.users.filter((u) => u.IsActive);
  const username = query.get('username');
  if (username !== null) {
    const wanted = username.toLowerCase();
    users = users.filter((u) => {
      // "username" finds local users; "domain\username" or a UPN finds directory users (seed 003).
      if (wanted.includes('\\'))
        return u.DomainName !== null && `${u.DomainName}\\${u.UserName}`.toLowerCase() === wanted;
      if (wanted.includes('@')) return u.DomainName !== null && u.EmailAddress?.toLowerCase() === wanted;
      return u.DomainName === null && u.UserName.toLowerCase() === wanted;
    });
  }
  return { status: 200, body: users };
}

function notFound(what: string): RouteAnswer {
  return { status: 404, body: `${what} not found` };
}

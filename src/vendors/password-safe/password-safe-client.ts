import { BadInputError, VendorError } from '../../errors.ts';
import {
  callVendor,
  parseJson,
  type VendorRequest,
  type VendorResponse,
  type VendorTransport,
} from '../http.ts';
import { parseVendorResponse } from '../validate.ts';
import { mapPasswordSafeError, PASSWORD_SAFE, type PsOperation } from './map-password-safe-error.ts';
import { createPasswordSafeSignIn } from './password-safe-sign-in.ts';
import {
  type PsSession,
  psSessionListSchema,
  psSessionSchema,
  SESSION_STATUS_NAMES,
  toPsSession,
} from './ps-session.ts';
import {
  type PsUser,
  psOneUserSchema,
  psUserGroupLookupSchema,
  psUserListSchema,
  psUserLookupSchema,
  qualifiedUserName,
  toPsUser,
} from './ps-user.ts';

export interface PasswordSafeClientOptions extends VendorTransport {
  /** `https://<server>/BeyondTrust/api/public/v3` (PS_URL). */
  baseUrl: string;
  /** The API registration's key (PS_API_KEY). */
  apiKey: string;
  /** The BeyondInsight user the key runs as (PS_RUNAS), e.g. `jdoe` or `CORP\jdoe`. */
  runAs: string;
  /** The run-as user's password (PS_RUNAS_PASSWORD), for registrations that require it. */
  runAsPassword?: string;
}

export interface PasswordSafeClient {
  /** `GET Sessions?status=…&userID=…`; without a status filter, every session the run-as user may see. */
  listSessions(filter?: { status?: number[]; userId?: number }): Promise<PsSession[]>;
  getSession(id: number): Promise<PsSession>;
  /** `GET Users?username=`; `jdoe` finds a local user, `CORP\jdoe` or a UPN a directory one. */
  findUser(username: string, options?: { includeInactive?: boolean }): Promise<PsUser | undefined>;
  quarantineUser(userId: number): Promise<PsUser>;
  listUserGroupMembers(groupId: number): Promise<PsUser[]>;
  /** `GET UserGroups?name=`: the group's id, or undefined when there is none by that name. */
  findUserGroup(name: string): Promise<{ id: number; name: string; isActive: boolean } | undefined>;
  /** `POST Auth/Signout`, for shutdown; the next call signs in again. */
  signOut(): Promise<void>;
  /** Sign-ins this client performed. */
  readonly signIns: number;
}

const SESSIONS_PERMISSION =
  'membership of the Administrators group, or the ISA or auditor role on at least one asset Smart Rule';
const USERS_READ = 'the User Accounts Management (Read) permission';

/**
 * Password Safe / BeyondInsight public API v3 (NOTES §4). Signs in lazily with the API key, keeps the session
 * cookie, signs in once more when a call finds the session lapsed (401 after ~20 min idle), and maps every
 * failure to one sentence in `mapPasswordSafeError`.
 */
export function createPasswordSafeClient(options: PasswordSafeClientOptions): PasswordSafeClient {
  const { apiKey, runAs, runAsPassword, ...transport } = options;
  const auth = createPasswordSafeSignIn(transport, {
    apiKey,
    runAs,
    ...(runAsPassword !== undefined ? { runAsPassword } : {}),
  });

  async function send(
    op: PsOperation,
    req: Omit<VendorRequest, 'operation' | 'headers'>,
  ): Promise<VendorResponse> {
    const attempt = async () => {
      const session = await auth.current();
      const res = await callVendor(PASSWORD_SAFE, transport, {
        ...req,
        headers: {
          authorization: auth.authorization,
          cookie: session.jar.header(),
          accept: 'application/json',
        },
        operation: op.name,
      });
      session.jar.absorb(res.headers['set-cookie']);
      return { session, res };
    };
    const first = await attempt();
    let res = first.res;
    if (res.status === 401) {
      transport.log?.info(
        { vendor: PASSWORD_SAFE, operation: op.name },
        'Password Safe session lapsed; signing in again',
      );
      auth.invalidate(first.session);
      res = (await attempt()).res;
      if (res.status === 401) throw mapPasswordSafeError(op, res, 'after-re-sign-in');
    }
    if (res.status < 200 || res.status >= 300) throw mapPasswordSafeError(op, res);
    return res;
  }

  async function sendJson(op: PsOperation, req: Omit<VendorRequest, 'operation' | 'headers'>) {
    const res = await send(op, req);
    return parseJson(PASSWORD_SAFE, res, op.name);
  }

  return {
    async listSessions(filter = {}) {
      const status = filter.status?.map(checkStatus);
      if (filter.userId !== undefined) checkId(filter.userId, 'user id');
      const op = { name: 'sessions.list', what: 'list sessions', permission: SESSIONS_PERMISSION };
      const data = await sendJson(op, {
        method: 'GET',
        path: 'Sessions',
        query: { status: status?.length ? status.join(',') : undefined, userID: filter.userId },
      });
      return parseVendorResponse(PASSWORD_SAFE, op.name, psSessionListSchema, data).map(toPsSession);
    },

    async getSession(id) {
      checkId(id, 'session id');
      const op = {
        name: 'sessions.get',
        what: `read session ${id}`,
        permission: SESSIONS_PERMISSION,
        subject: `session ${id}`,
      };
      const data = await sendJson(op, { method: 'GET', path: `Sessions/${id}` });
      return toPsSession(parseVendorResponse(PASSWORD_SAFE, op.name, psSessionSchema, data));
    },

    async findUser(username, findOptions = {}) {
      const wanted = username.trim();
      if (wanted === '') throw new BadInputError('Give the user name to look up in Password Safe.');
      const op = {
        name: 'users.find',
        what: `look up user ${wanted}`,
        permission: USERS_READ,
        subject: `user named ${wanted}`,
      };
      let data: unknown;
      try {
        data = await sendJson(op, {
          method: 'GET',
          path: 'Users',
          query: { username: wanted, includeInactive: findOptions.includeInactive || undefined },
        });
      } catch (err) {
        if (err instanceof VendorError && err.status === 404) return undefined;
        throw err;
      }
      const users = parseVendorResponse(PASSWORD_SAFE, op.name, psUserLookupSchema, data).map(toPsUser);
      const lower = wanted.toLowerCase();
      const exact = users.find((u) =>
        [u.userName, qualifiedUserName(u), u.emailAddress ?? ''].some((n) => n.toLowerCase() === lower),
      );
      return exact ?? users[0];
    },

    async quarantineUser(userId) {
      checkId(userId, 'user id');
      const op = {
        name: 'users.quarantine',
        what: `quarantine user ${userId}`,
        permission: 'the Password Safe API Global Quarantine (Read/Write) permission',
        subject: `user with id ${userId}`,
      };
      const data = await sendJson(op, { method: 'POST', path: `Users/${userId}/Quarantine` });
      return toPsUser(parseVendorResponse(PASSWORD_SAFE, op.name, psOneUserSchema, data));
    },

    async listUserGroupMembers(groupId) {
      checkId(groupId, 'user group id');
      const op = {
        name: 'usergroups.members',
        what: `list the members of user group ${groupId}`,
        permission: USERS_READ,
        subject: `user group with id ${groupId}`,
      };
      const data = await sendJson(op, { method: 'GET', path: `UserGroups/${groupId}/Users` });
      return parseVendorResponse(PASSWORD_SAFE, op.name, psUserListSchema, data).map(toPsUser);
    },

    async findUserGroup(name) {
      const op = {
        name: 'usergroups.find',
        what: `look up user group ${name}`,
        permission: USERS_READ,
        subject: `user group named ${name}`,
      };
      let data: unknown;
      try {
        data = await sendJson(op, { method: 'GET', path: 'UserGroups', query: { name } });
      } catch (err) {
        if (err instanceof VendorError && err.status === 404) return undefined;
        throw err;
      }
      const groups = parseVendorResponse(PASSWORD_SAFE, op.name, psUserGroupLookupSchema, data);
      const group = groups.find((g) => g.Name.toLowerCase() === name.toLowerCase()) ?? groups[0];
      return group ? { id: group.GroupID, name: group.Name, isActive: group.IsActive ?? true } : undefined;
    },

    signOut: () => auth.signOut(),

    get signIns() {
      return auth.signIns;
    },
  };
}

function checkId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new BadInputError(`A Password Safe ${what} is a positive whole number, not ${id}.`);
  return id;
}

function checkStatus(status: number): number {
  if (status in SESSION_STATUS_NAMES && Number.isInteger(status)) return status;
  const known = Object.entries(SESSION_STATUS_NAMES)
    .map(([code, name]) => `${code} (${name})`)
    .join(', ');
  throw new BadInputError(`Password Safe session status ${status} is not one of ${known}.`);
}

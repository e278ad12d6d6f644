import { matchesPattern } from './list-query.ts';
import type { FakeClient, FakeGroup, FakeRportState, FakeUser } from './types.ts';
import { ApiError, isAdmin } from './types.ts';

/** What every route gets, and the helpers rport's middlewares provide (access, permissions). */

export interface RouteContext {
  state: FakeRportState;
  user: FakeUser;
  /** Decoded path parameters, in order. */
  params: string[];
  query: URLSearchParams;
  body: string;
  now: number;
}

export interface Reply {
  status?: number;
  data?: unknown;
  meta?: { count: number };
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  handle(ctx: RouteContext): Reply;
}

/** A client group's membership rule (cgroups.ClientParams): every given param must match. */
export function inGroup(group: FakeGroup, client: FakeClient): boolean {
  const { params } = group;
  const any = (patterns: string[] | undefined, values: string[]) =>
    patterns === undefined || patterns.some((p) => values.some((v) => matchesPattern(p, v)));
  return (
    any(params.client_id, [client.id]) &&
    any(params.name, [client.name]) &&
    any(params.hostname, [client.hostname]) &&
    any(params.os_kernel, [client.os_kernel]) &&
    any(params.tag, client.tags)
  );
}

/** The client as the API shows it: stored fields plus the computed `groups`. */
export function clientRecord(state: FakeRportState, client: FakeClient): Record<string, unknown> {
  return { ...client, groups: state.groups.filter((g) => inGroup(g, client)).map((g) => g.id) };
}

/** Administrators see all; others the clients whose (or whose groups') allowed user groups they share. */
export function canAccess(state: FakeRportState, user: FakeUser, client: FakeClient): boolean {
  if (isAdmin(user)) return true;
  const shares = (allowed: string[]) => allowed.some((g) => user.groups.includes(g));
  return (
    shares(client.allowed_user_groups) ||
    state.groups.some((g) => inGroup(g, client) && shares(g.allowed_user_groups))
  );
}

/** wrapClientAccessMiddleware: 404 for an unknown id, 403 when the user may not use the client. */
export function accessClient(ctx: RouteContext, id: string): FakeClient {
  const client = ctx.state.clients.find((c) => c.id === id);
  if (!client) throw new ApiError(404, `Client with id="${id}" not found.`);
  if (!canAccess(ctx.state, ctx.user, client)) {
    throw new ApiError(403, `Access denied to client(s) with ID(s): ${id}`);
  }
  return client;
}

/** The user-group permission middleware. */
export function requirePermission(user: FakeUser, permission: string): void {
  if (!isAdmin(user) && !user.permissions.includes(permission)) {
    throw new ApiError(403, `user does not have "${permission}" permission`);
  }
}

export function requireAdmin(user: FakeUser): void {
  if (!isAdmin(user)) {
    throw new ApiError(403, 'current user should belong to Administrators group to access this resource');
  }
}

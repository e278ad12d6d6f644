import { type ListSpec, parseListOptions, pickFields, runList } from './list-query.ts';
import { accessClient, canAccess, clientRecord, inGroup, type Route } from './route.ts';
import { ApiError, isAdmin } from './types.ts';

/** `GET /clients`, `GET /clients/{id}`, `GET /client-groups`, `GET /client-groups/{id}` (NOTES §1.3). */

const CLIENT_FIELDS = [
  'id',
  'name',
  'os',
  'os_arch',
  'os_family',
  'os_kernel',
  'os_full_name',
  'os_version',
  'os_virtualization_system',
  'os_virtualization_role',
  'cpu_family',
  'cpu_model',
  'cpu_model_name',
  'cpu_vendor',
  'num_cpus',
  'mem_total',
  'timezone',
  'hostname',
  'ipv4',
  'ipv6',
  'tags',
  'labels',
  'version',
  'address',
  'tunnels',
  'disconnected_at',
  'last_heartbeat_at',
  'connection_state',
  'client_auth_id',
  'allowed_user_groups',
  'updates_status',
  'client_configuration',
  'groups',
];

const CLIENT_FILTERS = [
  '*',
  'id',
  'name',
  'os',
  'os_arch',
  'os_family',
  'os_kernel',
  'os_full_name',
  'os_version',
  'os_virtualization_system',
  'os_virtualization_role',
  'cpu_family',
  'cpu_model',
  'cpu_model_name',
  'cpu_vendor',
  'num_cpus',
  'timezone',
  'hostname',
  'ipv4',
  'ipv6',
  'tags',
  'version',
  'address',
  'client_auth_id',
  'connection_state',
  'allowed_user_groups',
  'groups',
];

const CLIENTS: ListSpec = {
  resource: 'clients',
  filters: new Set(CLIENT_FILTERS),
  sorts: new Set(['id', 'name', 'os', 'hostname', 'version']),
  fields: new Set(CLIENT_FIELDS),
  defaultFields: ['id', 'name', 'hostname'],
  defaultSort: 'id',
  defaultLimit: 50,
  maxLimit: 500,
};

const GROUPS: ListSpec = {
  resource: 'client_groups',
  filters: new Set(['id', 'description']),
  sorts: new Set(['id', 'description']),
  // Code and spec disagree on the list's extra fields; the fake accepts both sets.
  fields: new Set([
    'id',
    'description',
    'params',
    'allowed_user_groups',
    'client_ids',
    'num_clients',
    'num_clients_connected',
  ]),
  defaultFields: ['id', 'description'],
  defaultSort: 'id',
  defaultLimit: 50,
  maxLimit: 500,
};

function groupRecord(ctx: Parameters<Route['handle']>[0], groupId: string) {
  const group = ctx.state.groups.find((g) => g.id === groupId)!;
  const members = ctx.state.clients.filter((c) => inGroup(group, c) && canAccess(ctx.state, ctx.user, c));
  return {
    ...group,
    client_ids: members.map((c) => c.id),
    num_clients: members.length,
    num_clients_connected: members.filter((c) => c.connection_state === 'connected').length,
  };
}

export const clientRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/clients$/,
    handle(ctx) {
      const options = parseListOptions(ctx.query, CLIENTS);
      const visible = ctx.state.clients
        .filter((c) => canAccess(ctx.state, ctx.user, c))
        .map((c) => clientRecord(ctx.state, c));
      const { data, count } = runList(visible, options);
      return { data, meta: { count } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/clients\/([^/]+)$/,
    handle(ctx) {
      const client = accessClient(ctx, ctx.params[0]!);
      const raw = ctx.query.get('fields[clients]');
      return { data: pickFields(clientRecord(ctx.state, client), raw ? raw.split(',') : null) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/client-groups$/,
    handle(ctx) {
      const options = parseListOptions(ctx.query, GROUPS);
      const records = ctx.state.groups
        .map((g) => groupRecord(ctx, g.id))
        // Non-admins do not see groups without any client they may use.
        .filter((g) => isAdmin(ctx.user) || g.num_clients > 0);
      const { data, count } = runList(records, options);
      return { data, meta: { count } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/client-groups\/([^/]+)$/,
    handle(ctx) {
      const id = ctx.params[0]!;
      if (!ctx.state.groups.some((g) => g.id === id)) {
        throw new ApiError(404, `Client Group[id="${id}"] not found.`);
      }
      const raw = ctx.query.get('fields[client_groups]');
      return { data: pickFields(groupRecord(ctx, id), raw ? raw.split(',') : null) };
    },
  },
];

import { BadInputError } from '../../errors.ts';
import { toCommandBody, toMultiCommandBody } from './command-body.ts';
import { type RportAccess, readRportAccess } from './rport-access.ts';
import { createRportCall, type RportClientOptions } from './rport-call.ts';
import { RportError, rportErrorKind } from './rport-error.ts';
import {
  clientGroupListWire,
  clientGroupOneWire,
  clientListWire,
  clientOneWire,
  jidWire,
  jobOneWire,
  multiJobOneWire,
  problemListWire,
  problemOneWire,
  toClient,
  toClientGroup,
  toJob,
  toMultiJob,
  toProblem,
} from './schemas.ts';
import type {
  ClientGroup,
  Job,
  ListClientsOptions,
  ListProblemsOptions,
  MultiJob,
  Problem,
  RportClient,
  RunCommandInput,
  RunMultiCommandInput,
} from './types.ts';

export type { RportClientOptions } from './rport-call.ts';

export interface RportApi {
  listClients(options?: ListClientsOptions): Promise<{ clients: RportClient[]; total: number }>;
  /** Every client matching `filter`, following pages. */
  listAllClients(filter?: Record<string, string>): Promise<RportClient[]>;
  getClient(id: string): Promise<RportClient>;
  runCommand(clientId: string, input: RunCommandInput): Promise<{ jid: string }>;
  getJob(clientId: string, jid: string): Promise<Job>;
  runMultiCommand(input: RunMultiCommandInput): Promise<{ jid: string }>;
  getMultiJob(jid: string): Promise<MultiJob>;
  listClientGroups(): Promise<ClientGroup[]>;
  /** One group with its member client ids. */
  getClientGroup(id: string): Promise<ClientGroup>;
  listProblems(options?: ListProblemsOptions): Promise<{ problems: Problem[]; total: number }>;
  getProblem(id: string): Promise<Problem>;
  /** Sets the problem inactive (spec: `PUT /monitoring/problems/{id}` `{"active": false}`). */
  resolveProblem(id: string): Promise<void>;
  /** Who the token is and what it may do (`GET /me`, `GET /me/tokens`); reads only. */
  readAccess(): Promise<RportAccess>;
}

/** Fields Gatehouse needs; rport sends only id, name and hostname unless asked (NOTES §1.3). */
export const CLIENT_FIELDS = [
  'id',
  'name',
  'hostname',
  'connection_state',
  'disconnected_at',
  'last_heartbeat_at',
  'tags',
  'groups',
  'os_full_name',
  'os_kernel',
  'ipv4',
];

const MAX_PAGE = 500;

/** rportd API client: HTTP Basic with the user's API token on every call (NOTES §1.2). */
export function createRportClient(options: RportClientOptions): RportApi {
  const call = createRportCall(options);

  async function listClients(opts: ListClientsOptions = {}) {
    const query: Record<string, string | number> = { 'fields[clients]': CLIENT_FIELDS.join(',') };
    for (const [field, value] of Object.entries(opts.filter ?? {})) query[`filter[${field}]`] = value;
    const search = opts.search?.trim();
    if (search) query['filter[id|name|hostname]'] = `*${search.replace(/[,*]+/g, '*')}*`;
    if (opts.sort) query.sort = opts.sort;
    Object.assign(query, page(opts));
    const body = await call(
      { method: 'GET', path: '/clients', query, operation: 'clients.list', action: 'list clients' },
      clientListWire,
    );
    const clients = body.data.map(toClient);
    return { clients, total: body.meta?.count ?? clients.length };
  }

  return {
    listClients,

    async listAllClients(filter) {
      const all: RportClient[] = [];
      for (;;) {
        const { clients, total } = await listClients({ filter, limit: MAX_PAGE, offset: all.length });
        all.push(...clients);
        if (clients.length === 0 || all.length >= total) return all;
      }
    },

    async getClient(id) {
      const path = `/clients/${enc(id)}`;
      const action = 'look up the client';
      const body = await call(
        { method: 'GET', path, operation: 'clients.get', action, clientId: id },
        clientOneWire,
      );
      return toClient(body.data);
    },

    async runCommand(clientId, input) {
      const json = toCommandBody(input);
      const path = `/clients/${enc(clientId)}/commands`;
      const action = 'run the command';
      const body = await call(
        { method: 'POST', path, json, operation: 'commands.run', action, clientId },
        jidWire,
      );
      return { jid: body.data.jid };
    },

    async getJob(clientId, jid) {
      const path = `/clients/${enc(clientId)}/commands/${enc(jid)}`;
      const action = 'read the job';
      const body = await call(
        { method: 'GET', path, operation: 'commands.get', action, clientId },
        jobOneWire,
      );
      return toJob(body.data);
    },

    async runMultiCommand(input) {
      const json = toMultiCommandBody(input);
      const action = 'run the command on several clients';
      const body = await call(
        { method: 'POST', path: '/commands', json, operation: 'commands.run_multi', action },
        jidWire,
      );
      return { jid: body.data.jid };
    },

    async getMultiJob(jid) {
      const path = `/commands/${enc(jid)}`;
      const action = 'read the multi-client job';
      const body = await call(
        { method: 'GET', path, operation: 'commands.get_multi', action },
        multiJobOneWire,
      );
      return toMultiJob(body.data);
    },

    async listClientGroups() {
      const groups: ClientGroup[] = [];
      for (;;) {
        const query = page({ limit: MAX_PAGE, offset: groups.length });
        const action = 'list client groups';
        const body = await call(
          { method: 'GET', path: '/client-groups', query, operation: 'client_groups.list', action },
          clientGroupListWire,
        );
        groups.push(...body.data.map(toClientGroup));
        if (body.data.length === 0 || groups.length >= (body.meta?.count ?? groups.length)) return groups;
      }
    },

    async getClientGroup(id) {
      const path = `/client-groups/${enc(id)}`;
      const action = 'look up the client group';
      const body = await call(
        { method: 'GET', path, operation: 'client_groups.get', action },
        clientGroupOneWire,
      );
      return toClientGroup(body.data);
    },

    async listProblems(opts = {}) {
      const query: Record<string, string | number> = { sort: opts.sort ?? '-created_at', ...page(opts) };
      if (opts.active !== undefined) query['filter[active]'] = String(opts.active);
      if (opts.clientId) query['filter[client_id]'] = opts.clientId;
      const action = 'list alerting problems';
      const body = await call(
        { method: 'GET', path: '/monitoring/problems', query, operation: 'problems.list', action },
        problemListWire,
      ).catch((err: unknown) => {
        // rportd registers the monitoring routes only with Rport Plus (EVIDENCE.md): 404 is "no Plus".
        if (rportErrorKind(err) !== 'not_found') throw err;
        throw new RportError('plus_required', RPORT_PLUS_REQUIRED, { status: 404, cause: err });
      });
      // Filtered here too: a server that ignored the filter must not make resolved problems look active.
      const all = body.data.map(toProblem);
      const problems = all.filter((p) => opts.active === undefined || p.active === opts.active);
      const total = problems.length === all.length ? (body.meta?.count ?? all.length) : problems.length;
      return { problems, total };
    },

    async getProblem(id) {
      const path = `/monitoring/problems/${enc(id)}`;
      const action = 'read the alerting problem';
      const body = await call({ method: 'GET', path, operation: 'problems.get', action }, problemOneWire);
      return toProblem(body.data);
    },

    readAccess: () => readRportAccess(call, options.token),

    async resolveProblem(id) {
      const path = `/monitoring/problems/${enc(id)}`;
      const action = 'resolve the alerting problem';
      await call({ method: 'PUT', path, json: { active: false }, operation: 'problems.resolve', action });
    },
  };
}

/** The one line a missing Plus plug-in gets, in the poller's log, in `health` and in `doctor`. */
export const RPORT_PLUS_REQUIRED = 'rport alerting needs Rport Plus; rport problems will not become alerts';

/** `page[limit]` / `page[offset]`, checked against rport's maximum before calling. */
function page(opts: { limit?: number; offset?: number }): Record<string, number> {
  const query: Record<string, number> = {};
  if (opts.limit !== undefined) query['page[limit]'] = checkLimit(opts.limit);
  if (opts.offset !== undefined) query['page[offset]'] = Math.max(0, Math.trunc(opts.offset));
  return query;
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new BadInputError(`An rport page holds 1 to ${MAX_PAGE} entries, not ${limit}.`);
  }
  return limit;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

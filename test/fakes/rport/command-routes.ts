import { randomUUID } from 'node:crypto';
import { beginMultiJob, refusal, startJob, viewJob, viewMultiJob } from './job-sim.ts';
import { type FieldType, parseBody } from './parse-body.ts';
import { accessClient, inGroup, type Route, requirePermission } from './route.ts';
import { ApiError, type FakeClient, isAdmin } from './types.ts';

/** Command execution (NOTES §1.4–1.7), with the server code's statuses and titles. */

const DEFAULT_TIMEOUT_SEC = 60;

const COMMAND_BODY: Record<string, FieldType> = {
  command: 'string',
  interpreter: 'string',
  cwd: 'string',
  is_sudo: 'bool',
  timeout_sec: 'int',
};

const MULTI_BODY: Record<string, FieldType> = {
  ...COMMAND_BODY,
  script: 'string',
  client_ids: 'string[]',
  group_ids: 'string[]',
  tags: 'tags',
  execute_concurrently: 'bool',
  abort_on_error: 'bool',
};

function checkCommon(body: Record<string, unknown>): { command: string; interpreter: string } {
  const command = typeof body.command === 'string' ? body.command : '';
  if (command.trim() === '') throw new ApiError(400, 'Command cannot be empty.');
  const interpreter = typeof body.interpreter === 'string' ? body.interpreter : '';
  const known = ['', 'cmd', 'powershell', 'tacoscript', 'sh', 'bash'];
  if (!known.includes(interpreter) && !interpreter.startsWith('/')) {
    throw new ApiError(
      400,
      'Invalid interpreter.',
      `expected interpreter to be one of: ${known.join(', ')}, actual: ${interpreter}`,
    );
  }
  return { command, interpreter };
}

function timeoutOf(body: Record<string, unknown>): number {
  const value = typeof body.timeout_sec === 'number' ? body.timeout_sec : 0;
  return value > 0 ? value : DEFAULT_TIMEOUT_SEC;
}

export const commandRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/clients\/([^/]+)\/commands$/,
    handle(ctx) {
      const client = accessClient(ctx, ctx.params[0]!);
      requirePermission(ctx.user, 'commands');
      const body = parseBody(ctx.body, COMMAND_BODY);
      const { command, interpreter } = checkCommon(body);
      const refused = refusal(ctx.state, client, command, ctx.now);
      if (refused?.kind === 'disconnected')
        throw new ApiError(404, `Active client with id="${client.id}" not found.`);
      if (refused?.kind === 'paused') throw new ApiError(404, refused.text);
      if (refused) throw new ApiError(409, refused.text);
      const job = startJob(
        ctx.state,
        client,
        {
          command,
          interpreter,
          cwd: typeof body.cwd === 'string' ? body.cwd : '',
          isSudo: body.is_sudo === true,
          timeoutSec: timeoutOf(body),
          createdBy: ctx.user.user,
          multiJobId: null,
        },
        ctx.now,
      );
      return { data: { jid: job.jid } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/clients\/([^/]+)\/commands\/([^/]+)$/,
    handle(ctx) {
      const client = accessClient(ctx, ctx.params[0]!);
      const jid = ctx.params[1]!;
      const job = ctx.state.jobs.find((j) => j.jid === jid && j.clientId === client.id);
      if (!job) throw new ApiError(404, `Job[id="${jid}"] not found.`);
      return { data: viewJob(job, ctx.now) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/commands$/,
    handle(ctx) {
      requirePermission(ctx.user, 'commands');
      const body = parseBody(ctx.body, MULTI_BODY);
      const { command, interpreter } = checkCommon(body);
      const clientIds = (body.client_ids as string[] | null | undefined) ?? [];
      const groupIds = (body.group_ids as string[] | null | undefined) ?? [];
      const tags = body.tags as { tags?: string[]; operator?: string } | null | undefined;
      if (tags && (clientIds.length > 0 || groupIds.length > 0)) {
        throw new ApiError(400, 'Multiple targeting parameters.');
      }
      if (!tags && clientIds.length === 0 && groupIds.length === 0) {
        throw new ApiError(400, 'Missing targeting parameters.');
      }
      if (tags && (tags.tags ?? []).length === 0) throw new ApiError(400, 'No tags specified.');
      const order = tags ? byTags(ctx.state.clients, tags) : byIdsAndGroups(ctx, clientIds, groupIds);
      for (const id of order) accessClient(ctx, id);
      if (order.length === 0) {
        throw new ApiError(400, 'Invalid request.', 'at least 1 client should be specified');
      }
      const mj = {
        jid: randomUUID(),
        startedMs: ctx.now,
        createdBy: ctx.user.user,
        clientIds,
        groupIds,
        tags: tags ? { tags: tags.tags ?? [], operator: (tags.operator ?? 'OR').toUpperCase() } : null,
        command,
        cwd: typeof body.cwd === 'string' ? body.cwd : '',
        interpreter,
        isSudo: body.is_sudo === true,
        timeoutSec: timeoutOf(body),
        concurrent: body.execute_concurrently === true,
        abortOnErr: body.abort_on_error !== false,
        order,
        jobIds: [],
      };
      beginMultiJob(ctx.state, mj);
      return { data: { jid: mj.jid } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/commands\/([^/]+)$/,
    handle(ctx) {
      const jid = ctx.params[0]!;
      const mj = ctx.state.multiJobs.find((m) => m.jid === jid);
      if (!mj) throw new ApiError(404, `Multi-client Job[id="${jid}"] not found.`);
      if (!isAdmin(ctx.user) && mj.createdBy !== ctx.user.user) {
        throw new ApiError(403, 'forbidden', 'you are not allowed to access items created by another user');
      }
      return { data: viewMultiJob(ctx.state, mj, ctx.now) };
    },
  },
];

/** Client ids in the given order, then members of the groups (unknown group → 400, unknown id → 404). */
function byIdsAndGroups(
  ctx: Parameters<Route['handle']>[0],
  clientIds: string[],
  groupIds: string[],
): string[] {
  const order: string[] = [];
  for (const id of clientIds) {
    if (!ctx.state.clients.some((c) => c.id === id))
      throw new ApiError(404, `Client with id="${id}" not found.`);
    if (!order.includes(id)) order.push(id);
  }
  for (const gid of groupIds) {
    const group = ctx.state.groups.find((g) => g.id === gid);
    if (!group) throw new ApiError(400, `Unknown group with id="${gid}".`);
    for (const c of ctx.state.clients) if (inGroup(group, c) && !order.includes(c.id)) order.push(c.id);
  }
  return order;
}

function byTags(clients: FakeClient[], tags: { tags?: string[]; operator?: string }): string[] {
  const wanted = (tags.tags ?? []).map((t) => t.toLowerCase());
  const all = (tags.operator ?? 'OR').toUpperCase() === 'AND';
  return clients
    .filter((c) => {
      const has = (t: string) => c.tags.some((ct) => ct.toLowerCase() === t);
      return all ? wanted.every(has) : wanted.some(has);
    })
    .map((c) => c.id);
}

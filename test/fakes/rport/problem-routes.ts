import { type ListSpec, parseListOptions, runList } from './list-query.ts';
import { parseBody } from './parse-body.ts';
import { type Route, requireAdmin } from './route.ts';
import { ApiError, iso } from './types.ts';

/**
 * Alerting problems as the spec documents them: `GET /monitoring/problems` (filter, sort, page, fields),
 * `GET /monitoring/problems/{id}`, and `PUT /monitoring/problems/{id}` with `{"active": bool}` → 204,
 * Administrators only. An unknown id gives 404 (the spec lists no status for it).
 */

const PROBLEM_FIELDS = [
  'problem_id',
  'rule_id',
  'client_id',
  'client_name',
  'active',
  'created_at',
  'resolved_at',
];

const PROBLEMS: ListSpec = {
  resource: 'problems',
  filters: new Set(PROBLEM_FIELDS),
  sorts: new Set(['rule_id', 'client_id', 'client_name', 'active', 'created_at', 'resolved_at']),
  fields: new Set([...PROBLEM_FIELDS, 'actions']),
  defaultFields: null,
  defaultSort: '-created_at',
  defaultLimit: 50,
  maxLimit: 500,
};

function findProblem(ctx: Parameters<Route['handle']>[0]) {
  const id = ctx.params[0]!;
  const problem = ctx.state.problems.find((p) => p.problem_id === id);
  if (!problem) throw new ApiError(404, `Problem[id="${id}"] not found.`);
  return problem;
}

export const problemRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/monitoring\/problems$/,
    handle(ctx) {
      const options = parseListOptions(ctx.query, PROBLEMS);
      const records = ctx.state.problems.map((p) => ({ ...p }) as Record<string, unknown>);
      const { data, count } = runList(records, options);
      return { data, meta: { count } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/monitoring\/problems\/([^/]+)$/,
    handle(ctx) {
      return { data: findProblem(ctx) };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/monitoring\/problems\/([^/]+)$/,
    handle(ctx) {
      requireAdmin(ctx.user);
      const body = parseBody(ctx.body, { active: 'bool' });
      if (typeof body.active !== 'boolean') throw new ApiError(400, 'Missing "active" field.');
      const problem = findProblem(ctx);
      if (problem.active !== body.active) {
        problem.active = body.active;
        problem.resolved_at = body.active ? null : iso(ctx.now);
      }
      return { status: 204 };
    },
  },
];

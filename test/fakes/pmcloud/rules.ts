import { randomUUID } from 'node:crypto';
import type { WireAdminAccessRequest } from './seed.ts';

/** What the fake PM Cloud enforces on the list and decision calls, as ASP.NET model binding would. */

type FieldErrors = Record<string, string[]>;

const TITLES: Record<number, string> = {
  400: 'One or more validation errors occurred.',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  415: 'Unsupported Media Type',
};

const TYPES: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

/** An RFC 7807 body the way ASP.NET Core writes it. */
export function problem(
  status: number,
  fields: { title?: string; detail?: string; errors?: FieldErrors } = {},
): Record<string, unknown> {
  return {
    type: TYPES[status] ?? 'about:blank',
    title: fields.title ?? TITLES[status] ?? 'Error',
    status,
    ...(fields.detail ? { detail: fields.detail } : {}),
    ...(fields.errors ? { errors: fields.errors } : {}),
    traceId: `00-${randomUUID().replaceAll('-', '')}-${randomUUID().slice(0, 16).replaceAll('-', '')}-00`,
  };
}

export interface ListQuery {
  pageSize: number;
  pageNumber: number;
  decision?: string;
  computerId?: string;
  computerUserName?: string;
}

const DECISIONS = ['Pending', 'Approved', 'Denied'];

/** `Pagination.PageSize` 1..200 and `Pagination.PageNumber` ≥ 1 (defaults 10 and 1), plus the filters. */
export function checkListQuery(params: URLSearchParams): ListQuery | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(value)) errors[name] = [`The value '${raw}' is not valid for ${name.split('.')[1]}.`];
    else if (value < min || value > max) {
      errors[name] = [`The field ${name.split('.')[1]} must be between ${min} and ${max}.`];
    }
    return value;
  };
  const pageSize = int('Pagination.PageSize', 10, 1, 200);
  const pageNumber = int('Pagination.PageNumber', 1, 1, 2_147_483_647);
  const decision = params.get('Filter.Decision') ?? undefined;
  const canonical = DECISIONS.find((d) => d.toLowerCase() === decision?.toLowerCase());
  if (decision !== undefined && !canonical)
    errors['Filter.Decision'] = [`The value '${decision}' is not valid.`];
  if (Object.keys(errors).length > 0) return { errors };
  return {
    pageSize,
    pageNumber,
    decision: canonical,
    computerId: params.get('Filter.ComputerId') ?? undefined,
    computerUserName: params.get('Filter.ComputerUserName') ?? undefined,
  };
}

/** One page of the filtered records, oldest first, in PM Cloud's paging envelope (NOTES §2.2). */
export function listPage(records: WireAdminAccessRequest[], query: ListQuery) {
  const matching = records
    .filter((r) => !query.decision || r.decision === query.decision)
    .filter((r) => !query.computerId || r.computerId.toLowerCase() === query.computerId.toLowerCase())
    .filter(
      (r) => !query.computerUserName || r.userName.toLowerCase() === query.computerUserName.toLowerCase(),
    )
    .sort((a, b) => a.created.localeCompare(b.created));
  const start = (query.pageNumber - 1) * query.pageSize;
  return {
    pageNumber: query.pageNumber,
    pageSize: query.pageSize,
    totalRecordCount: matching.length,
    pageCount: Math.ceil(matching.length / query.pageSize),
    data: matching.slice(start, start + query.pageSize),
  };
}

export interface DecisionBody {
  requestId: string;
  decision: 'Approved' | 'Denied';
  duration?: string;
  decisionPerformedByUser: string;
  message: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The documented decision body: `requestId` a UUID, `decision` Approved|Denied, `duration` a string of
 * seconds (required to approve), `decisionPerformedByUser` present; every other field a string or null.
 */
export function checkDecisionBody(body: unknown): DecisionBody | { errors: FieldErrors } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { errors: { $: ['The JSON value could not be converted to AdminAccessRequestDecisionModel.'] } };
  }
  const b = body as Record<string, unknown>;
  const errors: FieldErrors = {};
  for (const field of [
    'decision',
    'duration',
    'decisionPerformedByUser',
    'message',
    'systemId',
    'ticketId',
    'ticketUrl',
  ]) {
    if (b[field] !== undefined && b[field] !== null && typeof b[field] !== 'string') {
      errors[`$.${field}`] = [`The JSON value could not be converted to System.String. Path: $.${field}.`];
    }
  }
  if (typeof b.requestId !== 'string' || !UUID.test(b.requestId)) {
    errors.requestId = ['The RequestId field is required and must be a GUID.'];
  }
  if (b.decision !== 'Approved' && b.decision !== 'Denied') {
    errors.decision = ['Decision must be "Approved" or "Denied".'];
  }
  if (
    b.decision === 'Approved' &&
    !(typeof b.duration === 'string' && /^\d+$/.test(b.duration) && Number(b.duration) > 0)
  ) {
    errors.duration = ['Duration must be a number of seconds above 0 when approving.'];
  }
  if (typeof b.decisionPerformedByUser !== 'string' || b.decisionPerformedByUser.trim() === '') {
    errors.decisionPerformedByUser = ['The DecisionPerformedByUser field is required.'];
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    requestId: b.requestId as string,
    decision: b.decision as 'Approved' | 'Denied',
    ...(typeof b.duration === 'string' ? { duration: b.duration } : {}),
    decisionPerformedByUser: b.decisionPerformedByUser as string,
    message: (b.message as string | null | undefined) ?? null,
  };
}

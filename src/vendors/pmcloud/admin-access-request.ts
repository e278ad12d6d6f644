import { z } from 'zod';

/**
 * PM Cloud JIT admin access requests, normalized. Only `decision`, `decisionTime` and
 * `decisionPerformedByUser` are verified wire names (NOTES §2.3); the rest are inferred from the documented
 * create and decision bodies, so the schema accepts the plausible spellings of each field and, when a response
 * is unusable, names the field that broke (through `parseVendorResponse`).
 */
export type AdminAccessDecision = 'Pending' | 'Approved' | 'Denied';

export interface AdminAccessRequest {
  /** The request's UUID, as PM Cloud's decision call wants it. */
  id: string;
  user: { name: string; email?: string; id?: string };
  computer: { name: string; id?: string };
  /** The user's reason; empty when they gave none. */
  reason: string;
  /** When the user asked, ISO 8601 UTC; undefined when PM Cloud did not say. */
  createdAt?: string;
  /** Seconds asked for, or 'once' for a single elevation; undefined when not stated. */
  requestedDuration?: number | 'once';
  status: AdminAccessDecision;
  decidedBy?: string;
  /** When it was decided, ISO 8601 UTC. */
  decisionTime?: string;
  /** The decision maker's message. */
  message?: string;
  ticketId?: string;
}

const text = z.string().nullish();
const idLike = z.union([z.string(), z.number()]).nullish();
const stringOrNumber = z.union([z.string(), z.number()]).nullish();

const rawAdminAccessRequest = z.looseObject({
  id: idLike,
  requestId: idLike,
  userName: text,
  computerUserName: text,
  user: z.union([z.string(), z.looseObject({ name: text, email: text, upn: text, id: idLike })]).nullish(),
  email: text,
  userEmail: text,
  upn: text,
  userPrincipalName: text,
  userId: idLike,
  computerUserId: idLike,
  computerName: text,
  hostName: text,
  hostname: text,
  computer: z.union([z.string(), z.looseObject({ name: text, id: idLike })]).nullish(),
  computerId: idLike,
  reason: text,
  justification: text,
  created: text,
  createdDate: text,
  createdOn: text,
  dateCreated: text,
  duration: stringOrNumber,
  requestedDuration: stringOrNumber,
  durationSeconds: stringOrNumber,
  decision: stringOrNumber,
  status: stringOrNumber,
  decisionPerformedByUser: text,
  decidedBy: text,
  decisionTime: text,
  decisionDate: text,
  message: text,
  ticketId: text,
});

type Raw = z.infer<typeof rawAdminAccessRequest>;
type Ctx = z.core.$RefinementCtx<Raw>;

/** The first field (by name) that holds a non-empty value, with its name for error messages. */
function pick<K extends keyof Raw>(raw: Raw, keys: K[]): { key: K; value: NonNullable<Raw[K]> } | undefined {
  for (const key of keys) {
    const value = raw[key];
    if (value !== undefined && value !== null && value !== '')
      return { key, value: value as NonNullable<Raw[K]> };
  }
  return undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** ASP.NET often omits the offset on UTC times; read those as UTC, not as the reader's local time. */
function toIso(raw: Raw, keys: Array<keyof Raw>, ctx: Ctx): string | undefined {
  const found = pick(raw, keys);
  if (!found || typeof found.value !== 'string') return undefined;
  const value = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(found.value) ? `${found.value}Z` : found.value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'is not a date', path: [found.key] });
    return undefined;
  }
  return new Date(ms).toISOString();
}

function toDuration(raw: Raw, ctx: Ctx): number | 'once' | undefined {
  const found = pick(raw, ['duration', 'requestedDuration', 'durationSeconds']);
  if (!found) return undefined;
  const value = String(found.value).trim();
  if (/^\d+$/.test(value)) return Number(value);
  if (/^once$/i.test(value)) return 'once';
  ctx.addIssue({ code: 'custom', message: 'is not a number of seconds or "Once"', path: [found.key] });
  return undefined;
}

/** Decision names are case-insensitive; 1000/2000/2001 are PM Cloud's numeric codes for them (NOTES §2.4). */
const DECISIONS: Record<string, AdminAccessDecision> = {
  pending: 'Pending',
  approved: 'Approved',
  denied: 'Denied',
  '1000': 'Pending',
  '2000': 'Approved',
  '2001': 'Denied',
};

function toStatus(raw: Raw, ctx: Ctx): AdminAccessDecision {
  const found = pick(raw, ['decision', 'status']);
  if (!found) return 'Pending';
  const status = DECISIONS[String(found.value).trim().toLowerCase()];
  if (status) return status;
  ctx.addIssue({ code: 'custom', message: 'is not Pending, Approved or Denied', path: [found.key] });
  return 'Pending';
}

function normalize(raw: Raw, ctx: Ctx): AdminAccessRequest {
  const id = str(pick(raw, ['id', 'requestId'])?.value);
  if (!id) ctx.addIssue({ code: 'custom', message: 'is missing (the request id)', path: ['id'] });

  const userObject = typeof raw.user === 'object' && raw.user !== null ? raw.user : undefined;
  const userName =
    str(pick(raw, ['userName', 'computerUserName'])?.value) ??
    (typeof raw.user === 'string' ? str(raw.user) : str(userObject?.name));
  if (!userName) ctx.addIssue({ code: 'custom', message: 'is missing (who asked)', path: ['userName'] });
  const email =
    str(pick(raw, ['email', 'userEmail', 'upn', 'userPrincipalName'])?.value) ??
    str(userObject?.email) ??
    str(userObject?.upn);
  const userId = str(pick(raw, ['userId', 'computerUserId'])?.value) ?? str(userObject?.id);

  const computerObject = typeof raw.computer === 'object' && raw.computer !== null ? raw.computer : undefined;
  const computerId = str(raw.computerId) ?? str(computerObject?.id);
  const computerName =
    str(pick(raw, ['computerName', 'hostName', 'hostname'])?.value) ??
    (typeof raw.computer === 'string' ? str(raw.computer) : str(computerObject?.name)) ??
    computerId;
  if (!computerName)
    ctx.addIssue({ code: 'custom', message: 'is missing (which computer)', path: ['computerName'] });

  return {
    id: id ?? '',
    user: { name: userName ?? '', ...(email ? { email } : {}), ...(userId ? { id: userId } : {}) },
    computer: { name: computerName ?? '', ...(computerId ? { id: computerId } : {}) },
    reason: str(pick(raw, ['reason', 'justification'])?.value) ?? '',
    createdAt: toIso(raw, ['created', 'createdDate', 'createdOn', 'dateCreated'], ctx),
    requestedDuration: toDuration(raw, ctx),
    status: toStatus(raw, ctx),
    decidedBy: str(pick(raw, ['decisionPerformedByUser', 'decidedBy'])?.value),
    decisionTime: toIso(raw, ['decisionTime', 'decisionDate'], ctx),
    message: str(raw.message),
    ticketId: str(raw.ticketId),
  };
}

/** One admin access request as PM Cloud sends it → `AdminAccessRequest`. */
export const adminAccessRequestSchema = rawAdminAccessRequest.transform(normalize);

/** PM Cloud's paging envelope (NOTES §2.2). `data` must be there: a missing list is not an empty one. */
export const adminAccessRequestPageSchema = z.looseObject({
  pageNumber: z.number().int().nullish(),
  pageSize: z.number().int().nullish(),
  totalRecordCount: z.number().int().nullish(),
  pageCount: z.number().int().nullish(),
  data: z.array(adminAccessRequestSchema).nullable(),
});

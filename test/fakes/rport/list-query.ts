import { ApiError } from './types.ts';

/**
 * rport's list options (`share/query`): `filter[f]` / `filter[f1|f2]` with `a,b`, `or(a,b)`, `and(a,b)`
 * and `*` wildcards (case-insensitive); `sort=[-]field`; `page[limit]`, `page[offset]`; `fields[res]`.
 */

export interface ListSpec {
  resource: string;
  filters: ReadonlySet<string>;
  sorts: ReadonlySet<string>;
  fields: ReadonlySet<string>;
  defaultFields: readonly string[] | null;
  defaultSort: string | null;
  defaultLimit: number;
  maxLimit: number;
}

export interface FilterClause {
  fields: string[];
  op: 'or' | 'and';
  values: string[];
}

export interface ListOptions {
  filters: FilterClause[];
  sort: { field: string; desc: boolean } | null;
  fields: string[] | null;
  limit: number;
  offset: number;
}

export function parseListOptions(query: URLSearchParams, spec: ListSpec): ListOptions {
  const filters: FilterClause[] = [];
  let fields: string[] | null = spec.defaultFields ? [...spec.defaultFields] : null;
  for (const [key, raw] of query) {
    const filter = /^filter\[([^\]]+)\]$/.exec(key);
    if (filter) {
      const names = filter[1]!.split('|');
      for (const name of names) {
        if (!spec.filters.has(name)) throw new ApiError(400, `Unsupported filter field '${name}'.`);
      }
      filters.push({ fields: names, ...parseValues(raw) });
    }
    if (key === `fields[${spec.resource}]`) {
      fields = raw.split(',').map((f) => f.trim());
      for (const f of fields) {
        if (!spec.fields.has(f)) {
          throw new ApiError(400, `Unsupported field "${f}" for resource "${spec.resource}".`);
        }
      }
    }
  }
  const sorts = query.getAll('sort');
  if (sorts.length > 1) throw new ApiError(400, 'Only one sort field is supported.');
  const sortRaw = sorts[0] ?? spec.defaultSort;
  let sort: ListOptions['sort'] = null;
  if (sortRaw) {
    const desc = sortRaw.startsWith('-');
    const field = desc ? sortRaw.slice(1) : sortRaw;
    if (!spec.sorts.has(field)) throw new ApiError(400, `Unsupported sort field '${field}'.`);
    sort = { field, desc };
  }
  const limit = readInt(query, 'page[limit]', spec.defaultLimit);
  if (limit < 1 || limit > spec.maxLimit) {
    throw new ApiError(400, `Invalid page[limit]: must be between 1 and ${spec.maxLimit}.`);
  }
  const offset = readInt(query, 'page[offset]', 0);
  if (offset < 0) throw new ApiError(400, 'Invalid page[offset]: must not be negative.');
  return { filters, sort, fields, limit, offset };
}

function readInt(query: URLSearchParams, key: string, fallback: number): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ApiError(400, `Invalid ${key} value: expected an integer.`, raw);
  return Number(raw);
}

function parseValues(raw: string): { op: 'or' | 'and'; values: string[] } {
  const fn = /^(or|and)\((.*)\)$/i.exec(raw.trim());
  const op = fn ? (fn[1]!.toLowerCase() as 'or' | 'and') : 'or';
  const list = fn ? fn[2]! : raw;
  return { op, values: list.split(',').map((v) => v.trim()) };
}

/** rport's `Param.matches`: case-insensitive equality, or an ordered `*` wildcard pattern. */
export function matchesPattern(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  let v = value.toLowerCase();
  if (!p.includes('*')) return p === v;
  const parts = p.split('*');
  if (!v.startsWith(parts[0]!) || !v.endsWith(parts[parts.length - 1]!)) return false;
  for (const part of parts) {
    const i = v.indexOf(part);
    if (i === -1) return false;
    v = v.slice(i + part.length);
  }
  return true;
}

/** Does a record pass every clause? Array fields match when any element matches; `and` needs all. */
export function matchesFilters(record: Record<string, unknown>, clauses: FilterClause[]): boolean {
  return clauses.every((clause) => {
    const fields = clause.fields.includes('*')
      ? Object.keys(record).filter((k) => typeof record[k] === 'string' || Array.isArray(record[k]))
      : clause.fields;
    return fields.some((field) => {
      const candidates = toStrings(record[field]);
      const hit = (value: string) => candidates.some((c) => matchesPattern(value, c));
      return clause.op === 'and' ? clause.values.every(hit) : clause.values.some(hit);
    });
  });
}

function toStrings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

export function sortRecords<T extends Record<string, unknown>>(records: T[], sort: ListOptions['sort']): T[] {
  if (!sort) return records;
  const key = (r: T) => String(r[sort.field] ?? '').toLowerCase();
  return [...records].sort((a, b) => {
    const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    return sort.desc ? -order : order;
  });
}

export function pickFields(
  record: Record<string, unknown>,
  fields: string[] | null,
): Record<string, unknown> {
  if (!fields) return record;
  return Object.fromEntries(fields.map((f) => [f, record[f] ?? null]));
}

/** Filter, count, sort, page and project: the whole list pipeline. */
export function runList(
  records: Array<Record<string, unknown>>,
  options: ListOptions,
): { data: Array<Record<string, unknown>>; count: number } {
  const matched = sortRecords(
    records.filter((r) => matchesFilters(r, options.filters)),
    options.sort,
  );
  const page = matched.slice(options.offset, options.offset + options.limit);
  return { data: page.map((r) => pickFields(r, options.fields)), count: matched.length };
}

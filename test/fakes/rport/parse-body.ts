import { ApiError } from './types.ts';

export type FieldType = 'string' | 'int' | 'bool' | 'string[]' | 'tags';

/**
 * rport's `parseRequestBody` (server/api_parser.go): JSON decoded into a Go struct with
 * DisallowUnknownFields. Empty body → 400 `Missing body with json data.`; bad JSON, an unknown key or a
 * wrong type → 400 `Invalid JSON data.` with Go's decoder message as detail.
 */
export function parseBody(raw: string, struct: Record<string, FieldType>): Record<string, unknown> {
  if (raw.trim() === '') throw new ApiError(400, 'Missing body with json data.');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ApiError(400, 'Invalid JSON data.', `invalid character: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ApiError(
      400,
      'Invalid JSON data.',
      `json: cannot unmarshal ${goType(json)} into Go value of type struct`,
    );
  }
  const body = json as Record<string, unknown>;
  for (const [key, value] of Object.entries(body)) {
    const type = struct[key];
    if (!type) throw new ApiError(400, 'Invalid JSON data.', `json: unknown field "${key}"`);
    if (value !== null && !fits(type, value)) {
      throw new ApiError(
        400,
        'Invalid JSON data.',
        `json: cannot unmarshal ${goType(value)} into Go struct field .${key} of type ${type}`,
      );
    }
  }
  return body;
}

function fits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return Number.isInteger(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'tags': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const t = value as Record<string, unknown>;
      const known = Object.keys(t).every((k) => k === 'tags' || k === 'operator');
      const tags =
        t.tags === undefined || (Array.isArray(t.tags) && t.tags.every((v) => typeof v === 'string'));
      return known && tags && (t.operator === undefined || typeof t.operator === 'string');
    }
  }
}

function goType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

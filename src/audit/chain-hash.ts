import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEntry } from '../intents/audit-log.ts';

/** The `prev` of the first entry of a chain: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/**
 * The canonical form of an entry, what its hash covers: RFC 8785 (JSON Canonicalization Scheme) of every
 * field except `hash` itself, through the `canonicalize` library. Absent optional fields are left out.
 */
export function canonicalEntry(entry: AuditEntry): string {
  const { hash: _hash, ...rest } = entry;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('an audit entry must be a JSON object');
  return text;
}

/** SHA-256 of the canonical form, lower-case hex. */
export function hashEntry(entry: AuditEntry): string {
  return createHash('sha256').update(canonicalEntry(entry), 'utf8').digest('hex');
}

/** The line an exported entry is written as: the canonical form of the whole entry, hash included. */
export function entryLine(entry: AuditEntry): string {
  return canonicalize(entry) ?? '';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Strings from people and vendors may hold lone UTF-16 surrogates, which have no UTF-8 form and which RFC
 * 8785 refuses; they become U+FFFD before an entry is hashed, so recording never fails on odd input.
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, wellFormed(v)]])),
    ) as T;
  }
  return value;
}

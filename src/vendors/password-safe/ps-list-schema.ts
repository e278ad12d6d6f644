import { z } from 'zod';

/**
 * A BeyondInsight list: a bare array, or — when `limit`/`offset` are used — `{TotalCount, Data: […]}`
 * (seed 003). The page is unwrapped before validation, so a broken item is named by its index and field.
 */
export function psListSchema<T extends z.ZodType>(item: T) {
  return z.preprocess(unwrapPage, z.array(item));
}

/** Seed 003 prints some single-record answers in brackets: take one record, or a one-record array. */
export function psOneSchema<T extends z.ZodType>(item: T) {
  return z.preprocess((data) => (Array.isArray(data) && data.length === 1 ? data[0] : data), item);
}

function unwrapPage(data: unknown): unknown {
  if (
    data &&
    typeof data === 'object' &&
    !Array.isArray(data) &&
    'Data' in data &&
    Array.isArray(data.Data)
  ) {
    return data.Data;
  }
  return data;
}

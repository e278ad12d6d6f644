/** What the Redis store's `update` does once it holds the key's lock: read, apply, write unless unchanged. */
export async function readModifyWrite<T>(
  keyv: {
    get(key: string): Promise<unknown>;
    set(key: string, value: unknown, ttl?: number): Promise<unknown>;
  },
  key: string,
  fn: (current: T | undefined) => T | undefined,
  ttlMs?: number,
): Promise<T | undefined> {
  const current = (await keyv.get(key)) as T | undefined;
  const next = fn(current);
  if (next === undefined) return current;
  await keyv.set(key, next, ttlMs);
  return next;
}

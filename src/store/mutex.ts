/** A per-key in-process mutex: callers for the same key run one at a time, in arrival order. */
export function createKeyedMutex() {
  const tails = new Map<string, Promise<void>>();
  return async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** What both backends' `update` does once it holds the key's lock: read, apply, write unless unchanged. */
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

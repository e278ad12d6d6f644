/**
 * Group commit: items for one key that arrive while that key's previous write is in flight wait and go
 * together in the next write. Each caller's promise settles when the write that holds its item has
 * committed, with the result for its item. A storm of ten thousand alerts becomes a few writes per key,
 * and nothing is acknowledged before it is stored.
 */
export function createGroupCommit<I, R>(flush: (key: string, items: I[]) => Promise<R[]>) {
  interface Waiter {
    item: I;
    resolve: (r: R) => void;
    reject: (err: unknown) => void;
  }
  const waiting = new Map<string, Waiter[]>();
  const busy = new Set<string>();

  async function drain(key: string): Promise<void> {
    busy.add(key);
    try {
      for (let batch = waiting.get(key); batch?.length; batch = waiting.get(key)) {
        waiting.delete(key);
        try {
          const results = await flush(
            key,
            batch.map((w) => w.item),
          );
          for (const [i, w] of batch.entries()) w.resolve(results[i]!);
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      busy.delete(key);
    }
  }

  return {
    add(key: string, item: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const list = waiting.get(key) ?? [];
        list.push({ item, resolve, reject });
        waiting.set(key, list);
        if (!busy.has(key)) void drain(key);
      });
    },
  };
}

/** An atomic counter whose increments are grouped: each `add` learns the counter's value after its own +1. */
export function createGroupedCounter(increment: (key: string, by: number) => Promise<number>) {
  const commit = createGroupCommit<null, number>(async (key, items) => {
    const after = await increment(key, items.length);
    return items.map((_, i) => after - items.length + 1 + i);
  });
  return { next: (key: string) => commit.add(key, null) };
}

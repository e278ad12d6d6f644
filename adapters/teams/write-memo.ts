/**
 * What this process last wrote under a key, so a turn that only repeats it writes nothing. A value is
 * written again when it changed, or once a third of its lifetime has passed (so it does not expire while
 * it is in use). Bounded: the oldest entries are forgotten first, which only costs a repeated write.
 */
export function createWriteMemo(options: { ttlMs: number; limit?: number; now?: () => number }) {
  const limit = options.limit ?? 10_000;
  const now = options.now ?? Date.now;
  const refreshMs = options.ttlMs / 3;
  const written = new Map<string, { json: string; at: number }>();

  return {
    /** Write `value` under `key` through `write` unless this process wrote the same thing recently. */
    async write(key: string, value: unknown, write: () => Promise<void>): Promise<boolean> {
      const json = JSON.stringify(value);
      const last = written.get(key);
      if (last && last.json === json && now() - last.at < refreshMs) return false;
      await write();
      written.delete(key);
      written.set(key, { json, at: now() });
      if (written.size > limit) written.delete(written.keys().next().value as string);
      return true;
    },
    forget(key: string): void {
      written.delete(key);
    },
  };
}

export type WriteMemo = ReturnType<typeof createWriteMemo>;

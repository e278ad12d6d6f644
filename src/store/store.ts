/**
 * Everything that must survive a restart or be shared by replicas goes through this interface: pending
 * actions, claims, posted-message references, conversation references, dedup state, poller cursors, caches.
 *
 * Two backends: SQLite (embedded default; atomicity from an in-process lock, so it serves one process) and
 * Redis (atomicity from the server: SET NX PX, INCR, and a compare-and-delete script for locks).
 */
export interface Claim {
  /** Who holds it (an actor id, a replica id). */
  owner: string;
  /** When it was taken, ISO 8601. */
  at: string;
}

export type ClaimResult = { won: true } | { won: false; holder: Claim };

export interface Store {
  readonly backend: 'sqlite' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  /** `ttlMs` absent keeps the value until it is deleted. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Take `key` once. The first caller across every replica wins; everyone after sees who holds it until
   * `ttlMs` passes. This is what makes buttons single-use.
   */
  claim(key: string, owner: string, ttlMs: number): Promise<ClaimResult>;
  /** Give a claim back early (a refresh that finished), only if `owner` still holds it. */
  releaseClaim(key: string, owner: string): Promise<void>;
  /**
   * Hold a lease: true when `owner` now holds `key` (newly, or renewed because it already held it), false
   * when another owner does. Pollers run only while they hold their lease.
   */
  lease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Give up a lease, only if `owner` still holds it. */
  releaseLease(key: string, owner: string): Promise<void>;
  /** Atomic counter; returns the value after adding `by` (default 1). */
  increment(key: string, by?: number): Promise<number>;
  /**
   * Read-modify-write `key` atomically with respect to every other `update` on it (across replicas on
   * Redis). `fn` returns the new value, or undefined to leave the stored value as it is.
   */
  update<T>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    ttlMs?: number,
  ): Promise<T | undefined>;
  /** Round-trip to the backend; false when it does not answer. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

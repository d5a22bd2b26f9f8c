/**
 * Where state lives: raw string values under full keys. The embedded stores (memory, a file) serve
 * one process; the Redis store is shared by every instance. `compareAndSet` is what makes
 * concurrent writers safe on all of them.
 */
export interface KvStore {
  /** `memory`, `file` or `redis`: for logs and `/healthz`. */
  readonly kind: "memory" | "file" | "redis";
  get(key: string): Promise<string | undefined>;
  /** `ttlMs` 0 or absent: kept until deleted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Writes `value` only if the key holds exactly `expected` (undefined: is absent); true when written. */
  compareAndSet(key: string, expected: string | undefined, value: string, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** The store cannot be reached: what a state call throws, and the tool's `isError` text. */
export class StateUnavailableError extends Error {
  constructor(reason: string) {
    super(`State is unavailable: ${reason}. Nothing was read or written; try again in a moment.`);
    this.name = "StateUnavailableError";
  }
}

import type { RedisConnection } from "./redis.js";
import { StateUnavailableError, type KvStore } from "./store.js";

// Compare-and-set in one step on the server: ARGV = expected present (1/0), expected, value, ttl ms.
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3]) end
return 1`;

/** State in Redis, shared by every instance. */
export class RedisStore implements KvStore {
  readonly kind = "redis";
  #redis: RedisConnection;

  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  get(key: string): Promise<string | undefined> {
    return this.#run(async (client) => (await client.get(key)) ?? undefined);
  }

  set(key: string, value: string, ttlMs = 0): Promise<void> {
    return this.#run(async (client) => {
      await client.set(key, value, ttlMs > 0 ? { expiration: { type: "PX", value: ttlMs } } : undefined);
    });
  }

  compareAndSet(key: string, expected: string | undefined, value: string, ttlMs = 0): Promise<boolean> {
    return this.#run(async (client) => {
      const args = [expected === undefined ? "0" : "1", expected ?? "", value, String(Math.max(0, Math.round(ttlMs)))];
      return (await client.eval(COMPARE_AND_SET, { keys: [key], arguments: args })) === 1;
    });
  }

  delete(key: string): Promise<void> {
    return this.#run(async (client) => {
      await client.del(key);
    });
  }

  async close(): Promise<void> {}

  async #run<T>(command: (client: RedisConnection["client"]) => Promise<T>): Promise<T> {
    if (!this.#redis.ready) throw new StateUnavailableError(`Redis at ${this.#redis.where} is not reachable`);
    try {
      return await command(this.#redis.client);
    } catch (error) {
      throw new StateUnavailableError(`Redis at ${this.#redis.where} failed (${(error as Error).message})`);
    }
  }
}

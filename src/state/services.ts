import { resolve } from "node:path";
import { FileStore } from "./memory-store.js";
import { parseRate, RateLimits, type RateLimitSpec } from "./rate-limit.js";
import { connectRedis, type RedisConnection } from "./redis.js";
import { RedisStore } from "./redis-store.js";
import { SessionRelay } from "./session-relay.js";
import type { KvStore } from "./store.js";
import { defaultStatePrefix, ToolStateService } from "./tool-state.js";

/** `rateLimit` as a config file spells it. */
export interface RateLimitConfig {
  /** Every client, e.g. `100/min`. */
  client?: string;
  /** Each tool, per client, e.g. `{ search: "10/min" }`. */
  tools?: Record<string, string>;
}

/** What `start` shares between requests, and between instances when Redis is there. */
export interface StateServices {
  state: ToolStateService;
  rateLimits: RateLimits;
  /** Set with Redis: sessions reached from any instance. */
  relay: SessionRelay | undefined;
  redis: RedisConnection | undefined;
  /** One line for the banner: where state lives. */
  describe: string;
  close(): Promise<void>;
}

/** The limits from RATE_LIMIT (every client) over the config's `rateLimit`. */
export function rateLimitSpec(config: RateLimitConfig | undefined, env: NodeJS.ProcessEnv): RateLimitSpec {
  const spec: RateLimitSpec = {};
  const client = env.RATE_LIMIT?.trim() || config?.client;
  if (client) spec.client = parseRate(client, env.RATE_LIMIT?.trim() ? "RATE_LIMIT" : "rateLimit.client");
  for (const [tool, rate] of Object.entries(config?.tools ?? {})) {
    spec.tools ??= {};
    spec.tools[tool] = parseRate(rate, `rateLimit.tools.${tool}`);
  }
  return spec;
}

/**
 * `start`'s state: Redis when REDIS_URL is set (state, rate limits and sessions shared by every
 * instance), else a file under the project (STATE_FILE, default `.chatgpt-app/state.json`) and
 * limits counted in this process. Keys carry STATE_PREFIX, default `chatgpt-app:<app name>:`.
 */
export async function openStateServices(options: {
  env: NodeJS.ProcessEnv;
  cwd: string;
  appName: string;
  rateLimit: RateLimitConfig | undefined;
  log: { warn(message: string): void; info(message: string): void };
}): Promise<StateServices> {
  const { env } = options;
  const prefix = env.STATE_PREFIX?.trim() || defaultStatePrefix(options.appName);
  const spec = rateLimitSpec(options.rateLimit, env);
  const url = env.REDIS_URL?.trim();
  let store: KvStore;
  let redis: RedisConnection | undefined;
  let relay: SessionRelay | undefined;
  let describe: string;
  if (url) {
    redis = await connectRedis(url, options.log);
    store = new RedisStore(redis);
    relay = new SessionRelay(redis, prefix);
    await relay.open();
    describe = `Redis at ${redis.where}`;
  } else {
    const file = resolve(options.cwd, env.STATE_FILE?.trim() || ".chatgpt-app/state.json");
    store = new FileStore(file);
    describe = `${file} (this instance only; set REDIS_URL to share it)`;
  }
  return {
    state: new ToolStateService(store, prefix),
    rateLimits: new RateLimits(spec, { redis, prefix }),
    relay,
    redis,
    describe,
    async close() {
      await relay?.close();
      await store.close();
      await redis?.close();
    },
  };
}

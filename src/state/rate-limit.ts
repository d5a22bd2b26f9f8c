import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { CliError } from "../errors.js";
import type { RedisConnection } from "./redis.js";

/** A limit: `points` requests per `duration` seconds. */
export interface Rate {
  points: number;
  duration: number;
  /** As written, e.g. `100/min`. */
  text: string;
}

const UNITS: Record<string, { seconds: number; name: string }> = {
  sec: { seconds: 1, name: "second" },
  min: { seconds: 60, name: "minute" },
  hour: { seconds: 3600, name: "hour" },
};

/** `<n>/<sec|min|hour>`, e.g. `100/min`; `where` names the setting in the error. */
export function parseRate(text: string, where: string): Rate {
  const match = /^\s*(\d{1,9})\s*\/\s*(sec|min|hour)\s*$/.exec(text);
  const points = match ? Number(match[1]) : 0;
  if (!match || points < 1) {
    throw new CliError("rate_limit_invalid", `${where} must be <n>/<sec|min|hour> with n ≥ 1, got "${text}".`, {
      hint: `e.g. ${where.startsWith("RATE_LIMIT") ? "RATE_LIMIT=100/min" : 'rateLimit: { client: "100/min", tools: { search: "10/min" } }'}`,
    });
  }
  return { points, duration: UNITS[match[2]!]!.seconds, text: `${points}/${match[2]}` };
}

/** A rate as a person reads it: `100 requests per minute`. */
export function describeRate(rate: Rate): string {
  const unit = Object.values(UNITS).find((u) => u.seconds === rate.duration)!;
  return `${rate.points} request${rate.points === 1 ? "" : "s"} per ${unit.name}`;
}

/** `rateLimit` as configured: every client, and optionally each tool per client. */
export interface RateLimitSpec {
  client?: Rate;
  tools?: Record<string, Rate>;
}

/** Over a limit: what the 429 says. */
export interface Refusal {
  retryAfter: number;
  message: string;
}

/**
 * The limits of `start`, counted in Redis (one count for every instance) or in this process. Redis
 * down: each limit counts in this instance's memory until it is back (rate-limiter-flexible's
 * insurance limiter), so requests are still limited and never wait on Redis.
 */
export class RateLimits {
  #client: { rate: Rate; limiter: RateLimiterAbstract } | undefined;
  #tools = new Map<string, { rate: Rate; limiter: RateLimiterAbstract }>();

  constructor(spec: RateLimitSpec, options: { redis?: RedisConnection; prefix: string }) {
    const make = (rate: Rate, name: string): RateLimiterAbstract => {
      const base = { points: rate.points, duration: rate.duration };
      if (!options.redis) return new RateLimiterMemory(base);
      return new RateLimiterRedis({
        ...base,
        storeClient: options.redis.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `${options.prefix}rl:${name}`,
        insuranceLimiter: new RateLimiterMemory(base),
      });
    };
    if (spec.client) this.#client = { rate: spec.client, limiter: make(spec.client, "client") };
    for (const [tool, rate] of Object.entries(spec.tools ?? {})) this.#tools.set(tool, { rate, limiter: make(rate, `tool:${tool}`) });
  }

  /** What the banner says: `100 requests per minute for each client; roll_dice: 10 requests per minute`. */
  get describe(): string | undefined {
    const parts = this.#client ? [`${describeRate(this.#client.rate)} for each client`] : [];
    for (const [tool, { rate }] of this.#tools) parts.push(`${tool}: ${describeRate(rate)}`);
    return parts.length ? parts.join("; ") : undefined;
  }

  get active(): boolean {
    return this.#client !== undefined || this.#tools.size > 0;
  }

  /** Counts `requests` JSON-RPC requests of one client, `tools` the tools/call among them; a refusal when over. */
  async consume(client: string, requests: number, tools: string[]): Promise<Refusal | undefined> {
    if (this.#client && requests > 0) {
      const refused = await take(this.#client.limiter, client, requests);
      if (refused !== undefined) return { retryAfter: refused, message: `Rate limit exceeded: ${describeRate(this.#client.rate)} for each client. Try again in ${refused} s.` };
    }
    for (const tool of tools) {
      const limit = this.#tools.get(tool);
      if (!limit) continue;
      const refused = await take(limit.limiter, client, 1);
      if (refused !== undefined) return { retryAfter: refused, message: `Rate limit exceeded for ${tool}: ${describeRate(limit.rate)} for each client. Try again in ${refused} s.` };
    }
    return undefined;
  }
}

/** Seconds to wait when over the limit, else undefined. */
async function take(limiter: RateLimiterAbstract, key: string, points: number): Promise<number | undefined> {
  try {
    await limiter.consume(key, points);
    return undefined;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
    // Neither store could count (cannot happen with the memory insurance): let the request through.
    return undefined;
  }
}

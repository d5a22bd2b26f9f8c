import { createClient } from "redis";
import { CliError } from "../errors.js";

export type RedisClient = ReturnType<typeof createClient>;

/** What may be logged of a Redis URL: never its password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

export interface RedisConnection {
  /** Commands (state, rate limits, publishing). */
  client: RedisClient;
  /** Subscriptions (a connection in subscriber mode takes no other command). */
  subscriber: RedisClient;
  /** The URL without its password. */
  where: string;
  /** Whether commands can be sent now. */
  readonly ready: boolean;
  close(): Promise<void>;
}

/**
 * Connects to Redis (`redis://` or `rediss://`; a private CA through NODE_EXTRA_CA_CERTS). A command
 * sent while the connection is down fails at once (no offline queue, so no request waits on it);
 * the client reconnects on its own, and each outage is logged once, with its end.
 */
export async function connectRedis(url: string, log: { warn(message: string): void; info(message: string): void }): Promise<RedisConnection> {
  const where = redactRedisUrl(url);
  if (!/^rediss?:\/\//i.test(url)) {
    throw new CliError("env_invalid", `REDIS_URL must start with redis:// or rediss://, got "${where}".`, {
      hint: "e.g. REDIS_URL=redis://localhost:6379 or rediss://user:password@host:6380",
    });
  }
  // One outage, one line, whichever of the two connections notices first; back once both are.
  const down = new Set<string>();
  let outage = false;
  let lastError: Error | undefined;
  // Until both have connected once, a failure is start's own error (below), not an outage to announce.
  let connected = false;
  const watch = (client: RedisClient, role: string) => {
    client.on("error", (error: Error) => {
      lastError = error;
      down.add(role);
      if (outage || !connected) return;
      outage = true;
      log.warn(`Redis at ${where} is unreachable (${role}: ${error.message}): state calls fail and rate limits count per instance until it is back.`);
    });
    client.on("ready", () => {
      down.delete(role);
      if (!outage || down.size > 0) return;
      outage = false;
      log.info(`Redis at ${where} is reachable again.`);
    });
    return client;
  };
  const options = {
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 3000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
  };
  const client = watch(createClient(options), "commands");
  const subscriber = watch(createClient(options), "subscriptions");
  const connectBoth = Promise.all([client.connect(), subscriber.connect()]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // The client retries on its own: after 5 s, say what the last try met (a refused connection, a certificate).
    timer = setTimeout(() => reject(new Error(lastError ? `no connection in 5 s (${lastError.message})` : "no answer in 5 s")), 5000);
  });
  try {
    await Promise.race([connectBoth, timeout]);
    connected = true;
    down.clear();
  } catch (error) {
    client.destroy();
    subscriber.destroy();
    throw new CliError("redis_unreachable", `Could not connect to Redis at ${where}: ${(error as Error).message}.`, {
      hint: "Check REDIS_URL (host, port, password; rediss:// for TLS, and NODE_EXTRA_CA_CERTS when its certificate comes from a private CA), or unset it to keep state in this instance.",
    });
  } finally {
    clearTimeout(timer);
  }
  return {
    client,
    subscriber,
    where,
    get ready() {
      return client.isReady;
    },
    async close() {
      // Waits for replies to what was sent, a moment at most: a Redis that stopped answering never holds the shutdown.
      const closeOne = async (c: RedisClient) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
        await Promise.race([c.close().catch(() => undefined), late]).finally(() => clearTimeout(timer));
        if (c.isOpen) c.destroy();
      };
      await Promise.all([closeOne(client), closeOne(subscriber)]);
    },
  };
}

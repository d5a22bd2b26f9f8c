import { randomBytes, randomUUID } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { RedisConnection } from "./redis.js";

/** The header an instance puts on a request it relays to itself: already admitted by the instance it came to. */
export const RELAY_HEADER = "x-chatgpt-app-relay";

/** Headers of a client's request worth carrying to the session's instance. */
const CARRIED = ["content-type", "accept", "authorization", "mcp-session-id", "mcp-protocol-version", "last-event-id"];
/** A relayed answer's heartbeat: a stream with no message for three of these is taken as lost. */
const HEARTBEAT_MS = 5000;

type Message =
  | { t: "request"; id: string; method: string; path: string; headers: Record<string, string>; body?: string }
  | { t: "cancel"; id: string };
type Reply = { t: "head"; status: number; headers: Record<string, string | string[]> } | { t: "data"; text: string } | { t: "end" } | { t: "ping" };

/**
 * Sessions across instances over Redis pub/sub. The instance that holds a session (the event
 * stream of a legacy SSE client, a 2025-era Streamable HTTP session) listens on the session's
 * channel; an instance that gets a request for a session it does not hold publishes the request
 * there, and the holder answers it through its own HTTP surface and streams the answer back. No
 * instance needs another's address, and no sticky sessions are needed at the balancer.
 */
export class SessionRelay {
  #redis: RedisConnection;
  #prefix: string;
  #local: { port: number } | undefined;
  readonly #secret = randomBytes(18).toString("base64url");
  #running = new Map<string, () => void>();
  #held = new Set<string>();

  constructor(redis: RedisConnection, prefix: string) {
    this.#redis = redis;
    this.#prefix = `${prefix}session:`;
  }

  /**
   * Subscribes to one channel for the instance's lifetime: the subscriber connection then never
   * leaves subscriber mode as sessions come and go (a subscribe racing that exit can go unanswered).
   */
  async open(): Promise<void> {
    await this.#redis.subscriber.subscribe(`${this.#prefix}instances`, () => undefined);
  }

  /** Where this instance answers relayed requests (its own listening port, on loopback). */
  listen(port: number): void {
    this.#local = { port };
  }

  /** Whether a request came from this instance's own relay (the rate limits counted it where it arrived). */
  isRelayed(req: IncomingMessage): boolean {
    return req.headers[RELAY_HEADER] === this.#secret;
  }

  /** This instance holds the session: listen on its channel. */
  async hold(id: string): Promise<void> {
    this.#held.add(id);
    // Redis down or slow: the session still works on this instance; only relaying to it waits.
    await bounded(this.#redis.subscriber.subscribe(this.#prefix + id, (text) => this.#onMessage(text)), 2000);
  }

  /** The session ended here. */
  async release(id: string): Promise<void> {
    if (!this.#held.delete(id)) return;
    await bounded(this.#redis.subscriber.unsubscribe(this.#prefix + id), 2000);
  }

  /**
   * Sends a request for a session held elsewhere and writes the holder's answer to `res`.
   * "missing" when no instance holds it, "unreachable" when Redis cannot be reached.
   */
  async forward(id: string, req: IncomingMessage, res: ServerResponse, body?: string): Promise<"sent" | "missing" | "unreachable"> {
    if (!this.#redis.ready) return "unreachable";
    const requestId = randomUUID();
    const replies = `${this.#prefix}reply:${requestId}`;
    const headers: Record<string, string> = {};
    for (const name of CARRIED) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    let settle!: (value: "sent" | "missing" | "unreachable") => void;
    const done = new Promise<"sent" | "missing" | "unreachable">((resolve) => (settle = resolve));
    let watchdog: NodeJS.Timeout | undefined;
    const beat = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => finish("lost"), 3 * HEARTBEAT_MS);
    };
    let finished = false;
    const finish = (how: "end" | "lost" | "cancel") => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      void this.#redis.subscriber.unsubscribe(replies).catch(() => undefined);
      if (how === "cancel") void this.#publish(id, { t: "cancel", id: requestId }).catch(() => undefined);
      if (how === "lost" && !res.headersSent) {
        writeError(res, 502, "The instance holding this session stopped answering: initialize again, or reopen the event stream.");
      } else if (!res.writableEnded) {
        res.end();
      }
      settle("sent");
    };
    // Runs inside the Redis client's reply parser: it must never throw (the client would drop the
    // rest of what it had read, other requests' replies and subscription answers among them), and
    // replies still on their way once the answer ended (the client went away) are dropped.
    const onReply = (text: string) => {
      if (finished) return;
      try {
        const reply = JSON.parse(text) as Reply;
        beat();
        if (reply.t === "head") {
          // Sent now, not with the first chunk: a relayed event stream shows its head before its first event.
          if (!res.headersSent) res.writeHead(reply.status, reply.headers).flushHeaders();
        } else if (reply.t === "data") res.write(reply.text);
        else if (reply.t === "end") finish("end");
      } catch {
        finish("lost");
      }
    };
    try {
      await withTimeout(this.#redis.subscriber.subscribe(replies, onReply), 2000);
      const receivers = await withTimeout(this.#publish(id, { t: "request", id: requestId, method: req.method ?? "GET", path: req.url ?? "/", headers, body }), 2000);
      if (receivers === 0) {
        finished = true;
        await bounded(this.#redis.subscriber.unsubscribe(replies), 2000);
        return "missing";
      }
    } catch {
      finished = true;
      await bounded(this.#redis.subscriber.unsubscribe(replies), 2000);
      return "unreachable";
    }
    beat();
    res.once("close", () => finish("cancel"));
    if (res.destroyed) finish("cancel");
    return done;
  }

  #publish(id: string, message: Message): Promise<number> {
    return this.#redis.client.publish(this.#prefix + id, JSON.stringify(message));
  }

  /** Inside the Redis client's parser too: never throws (a message that is not ours is ignored). */
  #onMessage(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.t === "cancel") {
      this.#running.get(message.id)?.();
      return;
    }
    if (message.t === "request") {
      try {
        this.#answer(message);
      } catch {
        void this.#redis.client.publish(`${this.#prefix}reply:${message.id}`, JSON.stringify({ t: "end" } satisfies Reply)).catch(() => undefined);
      }
    }
  }

  /** Answers a relayed request through this instance's own HTTP surface, streaming the answer back. */
  #answer(message: Extract<Message, { t: "request" }>): void {
    const replies = `${this.#prefix}reply:${message.id}`;
    const send = (reply: Reply) => void this.#redis.client.publish(replies, JSON.stringify(reply)).catch(() => undefined);
    if (!this.#local) return send({ t: "end" });
    const heartbeat = setInterval(() => send({ t: "ping" }), HEARTBEAT_MS).unref();
    const stop = () => {
      clearInterval(heartbeat);
      this.#running.delete(message.id);
    };
    const local = httpRequest({
      host: "127.0.0.1",
      port: this.#local.port,
      method: message.method,
      path: message.path,
      headers: { ...message.headers, [RELAY_HEADER]: this.#secret },
    });
    this.#running.set(message.id, () => {
      stop();
      local.destroy();
    });
    local.on("response", (answer) => {
      send({ t: "head", status: answer.statusCode ?? 502, headers: answerHeaders(answer) });
      answer.setEncoding("utf8");
      answer.on("data", (chunk: string) => send({ t: "data", text: chunk }));
      answer.on("end", () => {
        stop();
        send({ t: "end" });
      });
      answer.on("error", () => {
        stop();
        send({ t: "end" });
      });
    });
    local.on("error", () => {
      stop();
      send({ t: "end" });
    });
    local.end(message.body);
  }

  async close(): Promise<void> {
    for (const cancel of this.#running.values()) cancel();
    await Promise.all([...this.#held].map((id) => this.release(id)));
  }
}

/** `promise`, or a rejection after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("Redis did not answer")), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** Waits for `promise` at most `ms`; never rejects. */
function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => undefined, () => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

function answerHeaders(answer: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    // The relaying instance frames the answer itself.
    if (value === undefined || ["connection", "transfer-encoding", "keep-alive", "content-length"].includes(name)) continue;
    headers[name] = value;
  }
  return headers;
}

function writeError(res: ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message }, id: null });
  res.writeHead(status, { "content-type": "application/json" }).end(text);
}

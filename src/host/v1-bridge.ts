import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import type { AnyAppServer } from "./app-state.js";
import { passRequestOrigin } from "../util/request-origin.js";

/** What the app's server says of itself at `initialize`: its capabilities, identity and instructions. */
export interface ServerDescription {
  capabilities: Record<string, unknown>;
  serverInfo: { name: string; version: string; [key: string]: unknown };
  instructions?: string;
}

/** A JSON-RPC error the app's server answered with: passed on with its code. */
export class BridgedError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export interface BridgedCall {
  signal?: AbortSignal;
  /** The verified identity, for the app's handlers (`extra.authInfo`); set once auth exists. */
  authInfo?: AuthInfo;
  /**
   * The HTTP request this call answers: the app's handlers see it as on their own era (`ctx.http.req`
   * on the 2.x line, `extra.requestInfo` on 1.x), and so does a tool's sign-in challenge, which names
   * the origin it carries.
   */
  request?: Request;
  /** Told of each notification the handler sends about this request (progress, log messages). */
  onNotification?: (notification: { method: string; params?: Record<string, unknown> }) => void;
}

type Pending = { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void; call: BridgedCall; token?: unknown };

/**
 * One long-lived server of a 1.x-SDK app, connected in memory, answering the requests of
 * another protocol era: the 2026-07-28 layer hands each request's method and params to it
 * and gets back exactly what a 2025-era client would. Requests run concurrently on it, as
 * on any connection; one bridge serves one version of the app (a reload makes a new one).
 */
export class V1Bridge {
  readonly description: ServerDescription;
  #client: InMemoryTransport;
  #pending = new Map<number, Pending>();
  /** The request each progress token came with. */
  #byToken = new Map<unknown, number>();
  #nextId = 1;

  private constructor(client: InMemoryTransport, description: ServerDescription) {
    this.#client = client;
    this.description = description;
  }

  static async connect(server: AnyAppServer): Promise<V1Bridge> {
    const [client, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    // The in-memory pair passes only `authInfo` on: each request's own HTTP context is added as it reaches the server.
    const deliver = serverSide.onmessage;
    serverSide.onmessage = (message, extra) => deliver?.(message, (bridge ? bridge.#contextOf(message) : undefined) ?? extra);
    let bridge: V1Bridge | undefined;
    const early = new Map<number, (message: JSONRPCMessage) => void>();
    client.onmessage = (message) => (bridge ? bridge.#receive(message) : early.get((message as { id: number }).id)?.(message));
    await client.start();
    // The handshake, as a client of the app's own era: what the server declares is what it answers.
    const answer = await new Promise<JSONRPCMessage>((resolve) => {
      early.set(0, resolve);
      void client.send({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "chatgpt-app", version: "1" } },
      });
    });
    if (!("result" in answer)) throw new Error(`The app's server refused initialize: ${JSON.stringify(answer)}`);
    await client.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    bridge = new V1Bridge(client, answer.result as unknown as ServerDescription);
    return bridge;
  }

  /** Sends one request to the app's server; resolves with its result, rejects with a BridgedError. */
  request(method: string, params: Record<string, unknown> | undefined, call: BridgedCall = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (call.signal?.aborted) return reject(new BridgedError(-32800, "Request cancelled."));
      const token = call.onNotification ? (params?._meta as { progressToken?: unknown } | undefined)?.progressToken : undefined;
      this.#pending.set(id, { resolve, reject, call, token });
      if (token !== undefined) this.#byToken.set(token, id);
      call.signal?.addEventListener(
        "abort",
        () => {
          if (!this.#pending.delete(id)) return;
          if (token !== undefined) this.#byToken.delete(token);
          void this.#client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "The client went away." } });
          reject(new BridgedError(-32800, "Request cancelled."));
        },
        { once: true },
      );
      const message = { jsonrpc: "2.0" as const, id, method, ...(params === undefined ? {} : { params }) };
      this.#client.send(message, call.authInfo ? { authInfo: call.authInfo } : undefined).catch((error: Error) => {
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  /** What the app's server gets with a request beside it: what a transport of its own era would give. */
  #contextOf(message: JSONRPCMessage): MessageExtraInfo | undefined {
    const call = "id" in message && "method" in message ? this.#pending.get(message.id as number)?.call : undefined;
    if (!call?.request) return undefined;
    const { request, authInfo } = call;
    const requestInfo = { headers: Object.fromEntries(request.headers), url: new URL(request.url) };
    passRequestOrigin(request, requestInfo);
    return { authInfo, requestInfo, request } as MessageExtraInfo;
  }

  #receive(message: JSONRPCMessage): void {
    if ("id" in message && !("method" in message)) {
      const pending = this.#pending.get(message.id as number);
      if (!pending) return;
      this.#pending.delete(message.id as number);
      if (pending.token !== undefined) this.#byToken.delete(pending.token);
      if ("result" in message) pending.resolve(message.result as Record<string, unknown>);
      else pending.reject(new BridgedError(message.error.code, message.error.message, message.error.data));
      return;
    }
    if ("method" in message && !("id" in message)) {
      // A request's own notifications name it by the progress token it came with.
      const params = message.params as { progressToken?: unknown } | undefined;
      const id = params?.progressToken === undefined ? undefined : this.#byToken.get(params.progressToken);
      const owner = id === undefined ? undefined : this.#pending.get(id);
      owner?.call.onNotification?.(message as { method: string; params?: Record<string, unknown> });
    }
    // Server-to-client requests (sampling, elicitation) have no 2026-07-28 form over this bridge: refused.
    if ("method" in message && "id" in message) {
      void this.#client.send({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: `${message.method} is not available to this client.` } });
    }
  }

  async close(): Promise<void> {
    for (const pending of this.#pending.values()) pending.reject(new BridgedError(-32603, "The server is shutting down."));
    this.#pending.clear();
    await this.#client.close();
  }
}

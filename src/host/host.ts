import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createAppServer, reinstallAppServer, type AnyAppServer, type AppState, type CreateServerOptions } from "./app-state.js";

/** A client that holds a session (Streamable HTTP with Mcp-Session-Id, or legacy SSE). */
export interface Session {
  id: string;
  kind: "streamable-http" | "sse";
  server: AnyAppServer;
  transport: Transport;
  /** The origin the session was opened on: what its tools' sign-in challenges name (auth only). */
  origin?: string;
  lastSeen: number;
}

export interface HostOptions {
  /** Sessions idle longer than this are closed (default 30 minutes). */
  sessionIdleMs?: number;
  /** Oldest sessions are closed past this many (default 1,000). */
  maxSessions?: number;
  /** Told when this instance starts and stops holding a session (several instances: the relay listens for it). */
  sessions?: { hold(id: string): unknown; release(id: string): unknown };
}

/**
 * The app being served, and the clients that hold sessions. `update` swaps in a new app
 * or new widgets: new requests see them at once, requests in flight finish on the servers
 * they started on, and every session is re-registered and told its lists changed.
 */
export class Host {
  #state: AppState;
  #sessions = new Map<string, Session>();
  #options: Required<Omit<HostOptions, "sessions">>;
  #registry: HostOptions["sessions"];
  #sweeper: NodeJS.Timeout;
  #updateListeners = new Set<() => void>();

  constructor(state: AppState, options: HostOptions = {}) {
    this.#state = state;
    this.#registry = options.sessions;
    this.#options = { sessionIdleMs: options.sessionIdleMs ?? 30 * 60_000, maxSessions: options.maxSessions ?? 1000 };
    this.#sweeper = setInterval(() => this.#sweep(), Math.min(60_000, this.#options.sessionIdleMs)).unref();
  }

  get state(): AppState {
    return this.#state;
  }

  /** A fresh server built from the current app. */
  createServer(options: CreateServerOptions = {}): Promise<AnyAppServer> {
    return createAppServer(this.#state, options);
  }

  /** Told after each `update` (the 2026-07-28 era announces it on `subscriptions/listen`); returns a stop function. */
  onUpdate(listener: () => void): () => void {
    this.#updateListeners.add(listener);
    return () => this.#updateListeners.delete(listener);
  }

  async update(next: Partial<AppState>): Promise<void> {
    this.#state = { ...this.#state, ...next };
    const state = this.#state;
    for (const listener of this.#updateListeners) listener();
    await Promise.all(
      [...this.#sessions.values()].map((session) =>
        reinstallAppServer(session.server, state, session.origin).catch(() => this.closeSession(session.id)),
      ),
    );
  }

  /** Resolves once the session can be reached from every instance (at once with one instance). */
  async addSession(session: Omit<Session, "lastSeen">): Promise<void> {
    this.#sessions.set(session.id, { ...session, lastSeen: Date.now() });
    const held = this.#registry?.hold(session.id);
    if (this.#sessions.size > this.#options.maxSessions) {
      const oldest = [...this.#sessions.values()].sort((a, b) => a.lastSeen - b.lastSeen)[0];
      if (oldest) void this.closeSession(oldest.id);
    }
    await held;
  }

  getSession(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session) session.lastSeen = Date.now();
    return session;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  async closeSession(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.forgetSession(id);
    await session.server.close().catch(() => undefined);
  }

  /** Drops a session whose transport already closed (no second close). */
  forgetSession(id: string): void {
    if (this.#sessions.delete(id)) this.#registry?.release(id);
  }

  #sweep(): void {
    const cutoff = Date.now() - this.#options.sessionIdleMs;
    for (const session of this.#sessions.values()) {
      // A legacy SSE session lives as long as its stream; its transport closing ends it.
      if (session.kind === "streamable-http" && session.lastSeen < cutoff) void this.closeSession(session.id);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#sessions.keys()].map((id) => this.closeSession(id)));
  }
}

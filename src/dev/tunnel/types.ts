/**
 * A tunnel provider: what `tunnel.provider` names (a built-in name, or a module whose default
 * export is one of these). dev keeps the tunnel up with it (retries with backoff, the token
 * kept out of messages); the provider only opens one tunnel per `start` and says when it ends.
 */
export interface TunnelProvider {
  /** Shown beside the tunnel's URL, e.g. `ngrok`. */
  name: string;
  /**
   * The provider's token: the environment variable it is read from (also read from `.env`;
   * `tunnel.authtoken` in the config is the fallback) and where to get one. With this set,
   * the tunnel is on only once a token is there (no token, the provider is never started).
   * Without it, the provider needs no token and the tunnel is on unless turned off.
   */
  authtoken?: { env: string; url?: string };
  start(options: TunnelStartOptions): Promise<Tunnel>;
}

export interface TunnelStartOptions {
  /** The local port to forward to. */
  port: number;
  /** The local interface that port is bound on (127.0.0.1 unless configured). */
  host: string;
  /** The token ("" when the provider needs none); never print it. */
  authtoken: string;
  /** A reserved domain (`--tunnel-domain`, `tunnel.domain`), for providers that have them. */
  domain?: string;
}

/** A running tunnel: its public URL and how to end it. */
export interface Tunnel {
  url: string;
  close(): Promise<void>;
  /** Called once if the tunnel ends on its own; a new one is then started. */
  onClose?(listener: (error?: Error) => void): void;
  /** Connection state the provider recovers from by itself (ngrok's session reconnects). */
  onStatus?(listener: (status: "reconnecting" | "reconnected") => void): void;
}

/** Whether dev opens a tunnel, and with what; `authtoken` is never printed. */
export type TunnelSettings =
  | { enabled: true; authtoken: string; domain: string | undefined }
  | { enabled: false; reason: "disabled" | "no_token"; asked: boolean };

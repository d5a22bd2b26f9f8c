import type { WidgetOptions } from "../app/types.js";

export type RuleSetting = "off" | "warn" | "error";

/** `chatgpt-app.config.{ts,js,json}`. Every key is optional. */
export interface UserConfig {
  server?: {
    /** The app module, default `server/index.ts`. */
    entry?: string;
    /** A server in another language, e.g. `uvicorn server.main:app --port {port}`; chatgpt-app runs it in dev. */
    command?: string;
    /** Where that server answers MCP, e.g. `http://127.0.0.1:{port}/mcp`. */
    url?: string;
    /** Globs whose changes restart `command` (default `**\/*.py` for Python). */
    watch?: string[];
  };
  /** Options of every widget's resource, with per-widget `overrides`. */
  widgets?: WidgetOptions & {
    /** The widgets folder, default `widgets`. */
    dir?: string;
    overrides?: Record<string, WidgetOptions>;
  };
  /** Build output, default `dist`. */
  outDir?: string;
  /** Port of `dev` and `start`, default 8787. */
  port?: number;
  /** Interface to bind, default `127.0.0.1`. */
  host?: string;
  /** Extra Host names accepted besides loopback and the tunnel (DNS-rebinding protection). */
  allowedHosts?: string[];
  /** Largest accepted request body, in bytes (default 4 MiB). */
  bodyLimit?: number;
  /**
   * `start`: honour `X-Forwarded-Host` from the proxy in front (env `TRUST_PROXY`). Default: on
   * where the platform says it proxies (Render, Fly, Railway, Heroku, Cloud Run), else off.
   */
  trustProxy?: boolean;
  /** Seconds requests in flight get to finish after SIGTERM before connections are cut (env `SHUTDOWN_TIMEOUT`, default 10). */
  shutdownTimeout?: number;
  /** Seconds between keep-alive comments on event streams, so proxies keep them open (env `SSE_KEEPALIVE`, default 15). */
  sseKeepAlive?: number;
  tunnel?: {
    enabled?: boolean;
    /**
     * A built-in provider (`ngrok`, the default) or the path of a module, relative to the project,
     * whose default export is a tunnel provider (env `CHATGPT_APP_TUNNEL_PROVIDER`).
     */
    provider?: string;
    /** The provider's token; prefer its environment variable or `.env`; never commit a token. */
    authtoken?: string;
    /** A reserved domain, for providers that have them. */
    domain?: string;
  };
  lint?: {
    preset?: "recommended" | "submission";
    rules?: Record<string, RuleSetting>;
  };
}

/** The config with every default filled in and paths made absolute. */
export interface ResolvedConfig {
  root: string;
  /** The file it came from, if any. */
  file: string | undefined;
  entry: string;
  widgetsDir: string;
  outDir: string;
  port: number;
  host: string;
  allowedHosts: string[];
  bodyLimit: number;
  trustProxy: boolean | undefined;
  shutdownTimeout: number;
  sseKeepAlive: number;
  widgetDefaults: WidgetOptions;
  widgetOverrides: Record<string, WidgetOptions>;
  server: { command: string | undefined; url: string | undefined; watch: string[] };
  tunnel: { enabled: boolean | undefined; provider: string | undefined; authtoken: string | undefined; domain: string | undefined };
  lint: { preset: "recommended" | "submission"; rules: Record<string, RuleSetting> };
}

/** Typed identity, for `export default defineConfig({ … })`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

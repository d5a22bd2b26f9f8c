import type { AppAuth, WidgetOptions } from "../app/types.js";
import { applyDefaults, boolean, fn, object, oneOf, string, strings, type Infer, type Resolved } from "./schema.js";

/** Port of `dev` and `start` when nothing else says. */
export const DEFAULT_PORT = 8787;
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
/** Seconds `start` lets requests in flight finish after SIGTERM. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 10;
/** Seconds between keep-alive comments on event streams: under the idle timeouts of common proxies (nginx 60 s). */
export const DEFAULT_SSE_KEEPALIVE = 15;

/** A rule's setting in `lint.rules` or `--rule id=setting`. */
const RULE_SETTING = oneOf(["off", "warn", "error"]);
export type RuleSetting = Infer<typeof RULE_SETTING>;

const widgetOptionKeys = {
  /** Shown to the model when the widget loads (`openai/widgetDescription`). */
  description: string,
  /** Content Security Policy of the widgets, MCP Apps spelling. */
  csp: object({
    /** Origins the widget may fetch, XHR or open WebSockets to (`connect-src`). */
    connectDomains: strings,
    /** Origins for images, scripts, styles, fonts and media. */
    resourceDomains: strings,
    /** Origins the widget may frame. Triggers stricter review in ChatGPT. */
    frameDomains: strings,
    /** `base-uri` origins (MCP Apps only). */
    baseUriDomains: strings,
    /** ChatGPT only: trusted `openExternal` destinations (`openai/widgetCSP.redirect_domains`). */
    redirectDomains: strings,
  }),
  prefersBorder: boolean,
  /** The widget's dedicated origin, e.g. `https://myapp.example.com`, written as `openai/widgetDomain` (ChatGPT's; `uiDomain` is host-specific). */
  domain: {
    kind: "origin",
    hint: "widgets.domain is ChatGPT's widget origin (openai/widgetDomain): scheme and host, like \"https://myapp.example.com\". A host-only form such as Claude's <hash>.claudemcpcontent.com belongs in widgets.uiDomain.",
  },
  /** `_meta.ui.domain`, whose format each host defines; set it only for the host you target. */
  uiDomain: string,
  /** A human-readable title for the resource entry. */
  title: string,
} as const;

/**
 * `chatgpt-app.config.{ts,js,json}`: the one description of the config. Its type (`UserConfig`),
 * its defaults (`ResolvedConfig`) and its validation (`validate-config.ts`) all come from here;
 * docs/config.md documents every key (a test checks it).
 */
export const CONFIG_SPEC = object({
  server: object({
    /** The app module, default `server/index.ts`. */
    entry: { kind: "string", default: "server/index.ts" },
    /** A server in another language, e.g. `uvicorn server.main:app --port {port}`; chatgpt-app runs it in dev. */
    command: string,
    /** Where that server answers MCP, e.g. `http://127.0.0.1:{port}/mcp`. */
    url: string,
    /** Globs whose changes restart `command` (default `**\/*.py` with a command). */
    watch: strings,
  }),
  /** Options of every widget's resource, with per-widget `overrides`. */
  widgets: object({
    ...widgetOptionKeys,
    /** The widgets folder, default `widgets`. */
    dir: { kind: "string", default: "widgets" },
    /** The same options for one widget, by name. */
    overrides: { kind: "record", value: object(widgetOptionKeys), default: {} },
  }),
  /** Build output, default `dist`. */
  outDir: { kind: "string", default: "dist" },
  /** Port of `dev` and `start`, default 8787. */
  port: { kind: "integer", min: 0, max: 65535, default: DEFAULT_PORT },
  /** Interface to bind, default `127.0.0.1`. */
  host: { kind: "string", default: "127.0.0.1" },
  /** Extra Host names accepted besides loopback and the tunnel (DNS-rebinding protection). */
  allowedHosts: { kind: "hosts", default: [] },
  /** Largest accepted request body, in bytes (default 4 MiB). */
  bodyLimit: { kind: "integer", min: 1024, max: 1024 * 1024 * 1024, default: DEFAULT_BODY_LIMIT },
  /**
   * `start`: honour `X-Forwarded-Host` from the proxy in front (env `TRUST_PROXY`). Default: on
   * where the platform says it proxies (Render, Fly, Railway, Heroku, Cloud Run), else off.
   */
  trustProxy: boolean,
  /** Seconds requests in flight get to finish after SIGTERM before connections are cut (env `SHUTDOWN_TIMEOUT`, default 10). */
  shutdownTimeout: { kind: "number", min: 0, max: 3600, default: DEFAULT_SHUTDOWN_TIMEOUT },
  /** Seconds between keep-alive comments on event streams, so proxies keep them open (env `SSE_KEEPALIVE`, default 15). */
  sseKeepAlive: { kind: "number", min: 0.1, max: 3600, default: DEFAULT_SSE_KEEPALIVE },
  /**
   * The domain-verification token OpenAI gives when you submit the app; `start` serves it at
   * `/.well-known/openai-apps-challenge` (the OPENAI_APPS_CHALLENGE environment variable wins).
   */
  openaiAppsChallenge: string,
  /**
   * The app as an OAuth resource server (docs/auth.md); env `AUTH_ISSUER` and `AUTH_AUDIENCE` win,
   * and these keys win over `defineApp({ auth })`.
   */
  auth: object({
    /** The authorization server's issuer URL (env `AUTH_ISSUER`). */
    issuer: string,
    /** What tokens must be issued for (env `AUTH_AUDIENCE`); default the public MCP URL, else the local one. */
    audience: string,
    /** Scopes listed as `scopes_supported`; with `required`, every token needs them. */
    scopes: strings,
    /** Every MCP request needs a token (HTTP 401 without one). */
    required: boolean,
    /** Checks opaque (non-JWT) tokens; TypeScript or JavaScript config only. */
    introspect: fn<NonNullable<AppAuth["introspect"]>>(),
    /** A client pre-registered at the issuer, for the dev preview's sign-in. */
    clientId: string,
  }),
  /**
   * `start`'s rate limits, each `<n>/<sec|min|hour>`: `client` for every client (env `RATE_LIMIT` wins),
   * `tools` for a tool per client. A client is its OAuth subject, else `openai/subject`, else its address.
   */
  rateLimit: object({
    client: string,
    tools: { kind: "record", value: string, default: {} },
  }),
  tunnel: object({
    enabled: boolean,
    /**
     * A built-in provider (`ngrok`, the default) or the path of a module, relative to the project,
     * whose default export is a tunnel provider (env `CHATGPT_APP_TUNNEL_PROVIDER`).
     */
    provider: string,
    /** The provider's token; prefer its environment variable or `.env`; never commit a token. */
    authtoken: string,
    /** A reserved domain, for providers that have them. */
    domain: string,
  }),
  lint: object({
    preset: { ...oneOf(["recommended", "submission"]), default: "recommended" },
    rules: { kind: "record", value: RULE_SETTING, default: {} },
  }),
});

/** `chatgpt-app.config.{ts,js,json}`. Every key is optional. */
export type UserConfig = Infer<typeof CONFIG_SPEC>;

type Defaulted = Resolved<typeof CONFIG_SPEC>;

/** The config with every default filled in and paths made absolute. */
export type ResolvedConfig = Omit<Defaulted, "server" | "widgets"> & {
  root: string;
  /** The file it came from, if any. */
  file: string | undefined;
  /** The app module, absolute. */
  entry: string;
  /** The widgets folder, absolute. */
  widgetsDir: string;
  /** Build output, absolute. */
  outDir: string;
  widgetDefaults: WidgetOptions;
  widgetOverrides: Record<string, WidgetOptions>;
  server: Omit<Defaulted["server"], "entry" | "watch"> & { watch: string[] };
};

/** The config's values with the spec's defaults (paths still as written). */
export function withDefaults(config: UserConfig): Defaulted {
  return applyDefaults(CONFIG_SPEC, config);
}

/** Typed identity, for `export default defineConfig({ … })`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}


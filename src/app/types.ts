/**
 * The app contract: the types a user's `server/index.ts` is written against.
 * This is the lowest layer: it imports nothing of ours.
 */

/** Where a tool may be called from. MCP Apps default: both. */
export type ToolVisibility = "model" | "app";

/** ChatGPT's per-tool auth declaration (`securitySchemes`). */
export type SecurityScheme = { type: "noauth" } | { type: "oauth2"; scopes?: string[] };

/** What RFC 7662 token introspection answers for a token (the keys chatgpt-app reads). */
export interface IntrospectionResult {
  active: boolean;
  /** The user the token is for. */
  sub?: string;
  /** Space-separated scopes. */
  scope?: string;
  client_id?: string;
  /** Audience(s): checked against the app's audience when present. */
  aud?: string | string[];
  /** Expiry, seconds since the epoch. */
  exp?: number;
  [claim: string]: unknown;
}

/**
 * The app as an OAuth 2.1 resource server (MCP authorization): protected-resource metadata at
 * `/.well-known/oauth-protected-resource[/mcp]`, bearer JWTs checked against the issuer's keys,
 * `oauth2` tools answered with ChatGPT's challenge when called without a token.
 * Env `AUTH_ISSUER` / `AUTH_AUDIENCE` and the config's `auth` win over these.
 */
export interface AppAuth {
  /** The authorization server's issuer URL, e.g. `https://example.us.auth0.com/`. */
  issuer?: string;
  /** What access tokens must be issued for (`aud`). Default: the public MCP URL, else the local one. */
  audience?: string;
  /** Scopes the app knows (protected-resource metadata's `scopes_supported`); with `required`, every token needs them. */
  scopes?: string[];
  /** Every MCP request needs a token (HTTP 401 without one), not only the `oauth2` tools. */
  required?: boolean;
  /** Checks an opaque (non-JWT) token, e.g. by calling the issuer's RFC 7662 introspection endpoint; null when unknown. */
  introspect?: (token: string) => Promise<IntrospectionResult | null> | IntrospectionResult | null;
  /** A client registered at the issuer for the dev preview's sign-in (instead of dynamic registration). */
  clientId?: string;
}

/** Content Security Policy of a widget, MCP Apps spelling (camelCase). */
export interface WidgetCsp {
  /** Origins the widget may fetch, XHR or open WebSockets to (`connect-src`). */
  connectDomains?: string[];
  /** Origins for images, scripts, styles, fonts and media. */
  resourceDomains?: string[];
  /** Origins the widget may frame. Triggers stricter review in ChatGPT. */
  frameDomains?: string[];
  /** `base-uri` origins (MCP Apps only). */
  baseUriDomains?: string[];
  /** ChatGPT only: trusted `openExternal` destinations (`openai/widgetCSP.redirect_domains`). */
  redirectDomains?: string[];
}

/** Options of one widget's resource: written to `_meta.ui` and the `openai/widget*` aliases. */
export interface WidgetOptions {
  /** Shown to the model when the widget loads (`openai/widgetDescription`). */
  description?: string;
  csp?: WidgetCsp;
  prefersBorder?: boolean;
  /** The widget's dedicated origin, e.g. `https://myapp.example.com`, written as `openai/widgetDomain` (ChatGPT's; `ui.domain` is host-specific). */
  domain?: string;
  /**
   * `_meta.ui.domain`, the MCP Apps standard key, whose format each host defines (Claude accepts
   * only its own `<hash>.claudemcpcontent.com`). Set it only for the host you target.
   */
  uiDomain?: string;
  /** A human-readable title for the resource entry. */
  title?: string;
}

/**
 * What chatgpt-app adds to the SDK's `registerTool` config. Every key here turns into the
 * metadata ChatGPT and MCP Apps hosts read, written consistently by the host.
 */
export interface ChatGptToolOptions {
  /** The widget this tool renders: a folder name under `widgets/`. */
  widget?: string;
  /** Who may call the tool. Default `["model", "app"]`. */
  visibility?: ToolVisibility[];
  /** Status text while the tool runs (≤ 64 characters). */
  invoking?: string;
  /** Status text after the tool ran (≤ 64 characters). */
  invoked?: string;
  /** Auth declaration; defaults to the app's `securitySchemes`. */
  securitySchemes?: SecurityScheme[];
}

/** Information about the built widgets, given to `setup`. */
export interface WidgetInfo {
  name: string;
  /** The current `ui://widget/<name>-<hash>.html` URI. */
  uri: string;
  hash: string;
}

/** Context handed to an app's `setup`. */
export interface AppContext {
  /** `development` under `chatgpt-app dev`, `production` under `start`, `test` in `chatgpt-app/testing`. */
  mode: "development" | "production" | "test";
  /** The widgets that were found, by name. */
  widgets: Readonly<Record<string, WidgetInfo>>;
}

/** Upper bound on `openai/toolInvocation/*` text, documented by OpenAI. */
export const INVOCATION_TEXT_MAX = 64;

export const RESOURCE_MIME_TYPE = "text/html;profile=mcp-app";

/**
 * The MCP TypeScript SDK line an app is written for: 1 is `@modelcontextprotocol/sdk` 1.x, 2 is
 * `@modelcontextprotocol/server` 2.x. Read from the app's package.json; both lines give the app
 * the same metadata contract and the same handler context.
 */
export type SdkLine = 1 | 2;

/** The verified caller of a request: filled when the app has auth, the same on both SDK lines. */
export interface AppAuthInfo {
  /** Who the token was issued to (its `sub`). */
  subject: string;
  /** The scopes the token grants. */
  scopes: string[];
  /** Every claim of the verified token. */
  claims: Readonly<Record<string, unknown>>;
}

/**
 * What chatgpt-app adds to a tool handler's context, as `context.app`, on both SDK lines. Read
 * the request through it rather than through SDK-specific fields, so a handler moves between
 * lines unchanged.
 */
export interface AppRequestContext {
  /** The verified caller, or undefined when the request carried no verified token. */
  auth: AppAuthInfo | undefined;
  /** The request's `_meta`, as the client sent it (`openai/session`, `openai/subject`, `openai/locale`, …). */
  meta: Readonly<Record<string, unknown>>;
  /** `openai/session`: ChatGPT's id of the conversation, anonymized. */
  session: string | undefined;
  /** `openai/subject`: ChatGPT's anonymized id of the user. */
  subject: string | undefined;
  /** `openai/locale`: the user's locale, e.g. `fr-FR`. */
  locale: string | undefined;
  /** State kept between requests (and shared by every instance when `REDIS_URL` is set): see ToolState. */
  state: ToolState;
  /** Aborted when the client cancels the request or goes away. */
  signal: AbortSignal;
}

/** Options of a write: `ttl` in seconds, after which the key is gone (default: kept). */
export interface StateWriteOptions {
  ttl?: number;
}

/** A value and the version it was read at, for `compareAndSet`. */
export interface StateEntry<T> {
  value: T | undefined;
  /** Opaque; null when the key is absent. */
  version: string | null;
}

/**
 * The keys of one owner (a handle, a conversation, a user), as JSON values. Every call may fail
 * with a clear error when the store is unreachable (the tool then answers `isError`).
 */
export interface StateScope {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, options?: StateWriteOptions): Promise<void>;
  /** Reads, applies `change` and writes back, retried until no other writer came between (compare-and-set). */
  update<T = unknown>(key: string, change: (current: T | undefined) => T, options?: StateWriteOptions): Promise<T>;
  /** The value with its version. */
  entry<T = unknown>(key: string): Promise<StateEntry<T>>;
  /** Writes `value` only if the key is still at `version` (null: still absent); true when written. */
  compareAndSet<T = unknown>(key: string, version: string | null, value: T, options?: StateWriteOptions): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/**
 * `context.app.state`: state kept by the server between requests, keyed by what the platform gives.
 * Keys carry the app's prefix; the store is memory in dev and tests, a file for one `start`, and
 * Redis when `REDIS_URL` is set.
 */
export interface ToolState {
  /**
   * A new unguessable handle for the model or a widget to pass back (a widget session, a cart).
   * When the request is signed in, the handle's keys belong to that OAuth subject: the same
   * handle sent by anyone else reaches nothing.
   */
  mint(): string;
  /** The keys of a handle from `mint()`; throws on anything that is not one. */
  handle(handle: string): StateScope;
  /** The keys of this conversation (`openai/session`); throws when the request has none. */
  conversation(): StateScope;
  /** The keys of this user: the OAuth subject when signed in, else `openai/subject`; throws when neither is known. */
  user(): StateScope;
}

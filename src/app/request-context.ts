import type { AppAuthInfo, AppRequestContext, ToolState } from "./types.js";

/** The SDK's token info, as both lines spell it (v1 `extra.authInfo`, v2 `ctx.http.authInfo`). */
interface SdkAuthInfo {
  clientId?: unknown;
  scopes?: unknown;
  extra?: unknown;
}

/** What either SDK line hands a request handler, as far as chatgpt-app reads it. */
interface SdkContext {
  signal?: AbortSignal;
  /** v1 */
  authInfo?: SdkAuthInfo;
  _meta?: Record<string, unknown>;
  /** v2 */
  http?: { authInfo?: SdkAuthInfo };
  mcpReq?: { _meta?: Record<string, unknown>; signal?: AbortSignal };
}

const NEVER = new AbortController().signal;
const text = (value: unknown) => (typeof value === "string" ? value : undefined);

function authOf(info: SdkAuthInfo | undefined): AppAuthInfo | undefined {
  if (info === undefined) return undefined;
  const claims = typeof info.extra === "object" && info.extra !== null ? (info.extra as Record<string, unknown>) : {};
  const scopes = Array.isArray(info.scopes) ? info.scopes.filter((s): s is string => typeof s === "string") : [];
  return { subject: text(claims.sub) ?? text(info.clientId) ?? "", scopes, claims };
}

/** The request as the state API needs it, to know whose keys a call reaches. */
export type StateOwner = Pick<AppRequestContext, "auth" | "session" | "subject">;

/** Gives the state API of one request (the host's store, keyed by the request's owners). */
export type StateFactory = (owner: StateOwner) => ToolState;

function unavailable(): never {
  throw new Error("No state store here: context.app.state works in tool handlers served by chatgpt-app (dev, start, chatgpt-app/testing).");
}

/** What `state` is where no store was given: every call says why it cannot work. */
const NO_STATE: ToolState = { mint: unavailable, handle: unavailable, conversation: unavailable, user: unavailable };

/**
 * The one context shape handlers get on both lines, from the SDK's own (v1 `extra` or v2 `ctx`).
 * `state` comes from `stateFor` when given, else from the context's own `app` (inside a tool handler).
 */
export function requestContext(sdk: unknown, stateFor?: StateFactory): AppRequestContext {
  const from = (typeof sdk === "object" && sdk !== null ? sdk : {}) as SdkContext & { app?: { state?: ToolState } };
  const meta = from.mcpReq?._meta ?? from._meta ?? {};
  const owner = {
    auth: authOf(from.http?.authInfo ?? from.authInfo),
    session: text(meta["openai/session"]),
    subject: text(meta["openai/subject"]),
  };
  return {
    ...owner,
    meta,
    locale: text(meta["openai/locale"]),
    state: stateFor?.(owner) ?? from.app?.state ?? NO_STATE,
    signal: from.mcpReq?.signal ?? from.signal ?? NEVER,
  };
}

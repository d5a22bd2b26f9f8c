import type { AppAuthInfo, AppRequestContext } from "./types.js";

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

/** The one context shape handlers get on both lines, from the SDK's own (v1 `extra` or v2 `ctx`). */
export function requestContext(sdk: unknown): AppRequestContext {
  const from = (typeof sdk === "object" && sdk !== null ? sdk : {}) as SdkContext;
  const meta = from.mcpReq?._meta ?? from._meta ?? {};
  return {
    auth: authOf(from.http?.authInfo ?? from.authInfo),
    meta,
    session: text(meta["openai/session"]),
    subject: text(meta["openai/subject"]),
    locale: text(meta["openai/locale"]),
    state: undefined,
    signal: from.mcpReq?.signal ?? from.signal ?? NEVER,
  };
}

/**
 * The origin a request came in on (`https://app.example.com`), worked out once by the HTTP layer,
 * carried to a tool's sign-in challenge by an object of that request which reaches the handler's
 * context on its own: where one long-lived server answers requests from many names (the
 * 2026-07-28 bridge), the request its context names (`ctx.http.req` on the 2.x line,
 * `extra.requestInfo` on 1.x). Only our own code makes those objects and notes them here, so no
 * header a client sends can choose the origin.
 */
const carried = new WeakMap<object, string>();

/** Notes that `carrier`, an object of one request that reaches its handler, came in on `origin`. */
export function carryRequestOrigin(carrier: object, origin: string | undefined): void {
  if (origin !== undefined) carried.set(carrier, origin);
}

/** The origin a handler's context carries (see carryRequestOrigin), or undefined (in-process clients, lint). */
export function carriedRequestOrigin(context: unknown): string | undefined {
  if (typeof context !== "object" || context === null) return undefined;
  const { http, requestInfo } = context as { http?: { req?: unknown }; requestInfo?: unknown };
  const carrier = http?.req ?? requestInfo;
  return typeof carrier === "object" && carrier !== null ? carried.get(carrier) : undefined;
}

/** Notes that `to` carries the origin `from` carries: one request, handed on in another form. */
export function passRequestOrigin(from: object, to: object): void {
  const origin = carried.get(from);
  if (origin !== undefined) carried.set(to, origin);
}

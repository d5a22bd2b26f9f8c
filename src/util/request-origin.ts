import { AsyncLocalStorage } from "node:async_hooks";

const reached = new AsyncLocalStorage<string>();

/**
 * Runs one request's handling knowing the origin it came in on (`http://127.0.0.1:8787`,
 * `https://app.example.com`), worked out once by the HTTP layer. Whatever answers for it further
 * in, on either protocol era and SDK line (a tool's sign-in challenge behind the 2026-07-28
 * bridge sees no request headers), reads the same origin through `currentRequestOrigin`.
 */
export function runInRequestOrigin<T>(origin: string | undefined, run: () => T): T {
  return origin === undefined ? run() : reached.run(origin, run);
}

/** The origin of the request being handled, or undefined outside one (in-process clients, lint). */
export function currentRequestOrigin(): string | undefined {
  return reached.getStore();
}

import type { TunnelProvider } from "./types.js";

/**
 * The built-in tunnel providers by name, each loaded only when named (one line per provider:
 * add `providers/<name>.ts` with a default-exported TunnelProvider, and its line here).
 */
export const BUILT_IN_PROVIDERS: Record<string, () => Promise<{ default: TunnelProvider }>> = {
  ngrok: () => import("./providers/ngrok.js"),
};

/** The provider used when `tunnel.provider` names none. */
export const DEFAULT_PROVIDER = "ngrok";

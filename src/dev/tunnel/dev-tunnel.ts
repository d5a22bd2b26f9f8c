import type { ResolvedConfig } from "../../config/types.js";
import type { DevEvents } from "../events.js";
import { loadTunnelProvider, tunnelProviderName, tunnelSettings } from "./load-provider.js";
import { superviseTunnel, type TunnelSupervisor } from "./supervisor.js";
import type { TunnelProvider } from "./types.js";

export interface DevTunnelOptions {
  flags: { tunnel?: boolean; tunnelDomain?: string };
  env: NodeJS.ProcessEnv;
  events: DevEvents;
  /** A provider to use instead of the one the config names (in-process tests). */
  provider?: TunnelProvider;
  /** The tunnel's URL, each time a tunnel comes up. */
  onUrl(url: string): void;
}

/** dev's tunnel handle: kept up beside the server, restarted only when its settings change. */
export interface DevTunnel {
  /** The URL of the tunnel up now, or of the last one. */
  readonly url: string | undefined;
  /** Opens the tunnel to `port` for this config (or keeps the one open with the same settings). */
  open(config: ResolvedConfig, port: number): Promise<{ firstAttempt: Promise<void> }>;
  close(): Promise<void>;
}

export function createDevTunnel(options: DevTunnelOptions): DevTunnel {
  const { events, env, flags } = options;
  let supervisor: TunnelSupervisor | undefined;
  let key = "";
  let url: string | undefined;
  let closed = false;
  const settled = { firstAttempt: Promise.resolve() };
  const stop = async () => {
    const open = supervisor;
    supervisor = undefined;
    await open?.close();
  };
  return {
    get url() {
      return url;
    },
    async open(config, port) {
      if (closed) return settled;
      const wanted = flags.tunnel ?? config.tunnel.enabled;
      const named = tunnelProviderName(config.tunnel, env);
      // Turned off, the provider is not even loaded.
      const provider = wanted === false ? undefined : (options.provider ?? (await loadTunnelProvider(named.name, config.root, named.from)));
      const settings = tunnelSettings(flags, config.tunnel, env, provider ?? {});
      const nextKey = settings.enabled ? [named.name, provider?.name, settings.authtoken, settings.domain ?? "", port].join("\n") : "";
      if (supervisor && nextKey === key) return settled;
      await stop();
      key = nextKey;
      if (!settings.enabled) {
        const token = provider?.authtoken;
        events.report({ type: "tunnel", status: "off", reason: settings.reason, ...(provider && token ? { provider: provider.name, authtokenEnv: token.env, authtokenUrl: token.url } : {}) });
        return settled;
      }
      if (!provider) return settled;
      supervisor = superviseTunnel({
        provider,
        start: { port, host: config.host, authtoken: settings.authtoken, domain: settings.domain },
        onUp: (tunnel) => {
          url = tunnel.url;
          options.onUrl(tunnel.url);
          events.report({ type: "tunnel", status: "up", url: tunnel.url, mcpUrl: `${tunnel.url.replace(/\/+$/, "")}/mcp`, provider: provider.name });
        },
        onDown: (message, retryInMs) => events.report({ type: "tunnel", status: "down", message, retryInMs }),
        onStatus: (status, at) => events.report({ type: "tunnel", status, url: at }),
      });
      return { firstAttempt: supervisor.firstAttempt };
    },
    async close() {
      closed = true;
      await stop();
    },
  };
}

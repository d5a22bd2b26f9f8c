import { EventEmitter } from "node:events";
import type { Tunnel, TunnelProvider, TunnelStartOptions } from "../types.js";

/** The part of @ngrok/ngrok that dev uses. */
export interface NgrokModule {
  forward(config: {
    addr: string;
    authtoken: string;
    domain?: string;
    onStatusChange?: (status: string) => void;
  }): Promise<{ url(): string | null; close(): Promise<void> }>;
  /** Ends every ngrok session, so nothing of ngrok's keeps the process alive. */
  kill?(): Promise<void>;
}

const loadNgrok = async (): Promise<NgrokModule> => (await import("@ngrok/ngrok")) as unknown as NgrokModule;

/** `127.0.0.1:8787`, or `[::1]:8787`: the address ngrok forwards to, as bound. */
function localAddress(host: string, port: number): string {
  const bound = host === "0.0.0.0" || host === "" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return bound.includes(":") ? `[${bound}]:${port}` : `${bound}:${port}`;
}

/**
 * Tunnels through @ngrok/ngrok, loaded only when a tunnel is started. Without a token it
 * refuses before loading the library, since ngrok dials its servers even without one.
 * ngrok's session reconnects by itself after a drop; that shows as a status, not a close.
 */
export function createNgrokProvider(load: () => Promise<NgrokModule> = loadNgrok): TunnelProvider {
  return {
    name: "ngrok",
    authtoken: { env: "NGROK_AUTHTOKEN", url: "https://dashboard.ngrok.com/get-started/your-authtoken" },
    async start(options: TunnelStartOptions): Promise<Tunnel> {
      if (!options.authtoken) throw new Error("ngrok needs an authtoken (NGROK_AUTHTOKEN).");
      const ngrok = await load();
      const status = new EventEmitter<{ status: ["reconnecting" | "reconnected"] }>();
      let down = false;
      const listener = await ngrok.forward({
        addr: localAddress(options.host, options.port),
        authtoken: options.authtoken,
        ...(options.domain ? { domain: options.domain } : {}),
        onStatusChange: (state) => {
          if (state === "closed" && !down) {
            down = true;
            status.emit("status", "reconnecting");
          } else if (state === "connected" && down) {
            down = false;
            status.emit("status", "reconnected");
          }
        },
      });
      const url = listener.url();
      if (!url) {
        await listener.close().catch(() => undefined);
        throw new Error("ngrok gave no URL for the tunnel.");
      }
      return {
        url,
        async close() {
          await listener.close().catch(() => undefined);
          await ngrok.kill?.().catch(() => undefined);
        },
        onStatus: (cb) => void status.on("status", cb),
      };
    },
  };
}

export default createNgrokProvider();

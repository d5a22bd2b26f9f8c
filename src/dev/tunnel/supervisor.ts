import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ResolvedConfig } from "../../config/types.js";
import { CliError, errorMessage } from "../../errors.js";
import { createNgrokProvider } from "./providers/ngrok.js";

export interface TunnelStartOptions {
  /** The local port to forward to. */
  port: number;
  /** The local interface that port is bound on (127.0.0.1 unless configured). */
  host: string;
  authtoken: string;
  /** A reserved domain, e.g. `my-app.ngrok.app`. */
  domain?: string;
}

/** A running tunnel: its public URL and how to end it. */
export interface Tunnel {
  url: string;
  close(): Promise<void>;
  /** Called once if the tunnel ends on its own; a new one is then started. */
  onClose?(listener: (error?: Error) => void): void;
  /** Connection state the provider recovers from by itself (ngrok's session reconnects). */
  onStatus?(listener: (status: "reconnecting" | "reconnected") => void): void;
}

/** Where tunnels come from: ngrok in real use, a local stand-in in tests. */
export interface TunnelProvider {
  name: string;
  start(options: TunnelStartOptions): Promise<Tunnel>;
}

/** Whether dev opens a tunnel, and with what; `authtoken` is never printed. */
export type TunnelSettings =
  | { enabled: true; authtoken: string; domain: string | undefined }
  | { enabled: false; reason: "disabled" | "no_token"; asked: boolean };

/**
 * On when a token is there (NGROK_AUTHTOKEN from the environment or `.env`, or
 * `tunnel.authtoken` in the config), unless `--no-tunnel` or `tunnel.enabled: false`.
 * Decided before any tunnel library is loaded: no token, no call.
 */
export function tunnelSettings(
  flags: { tunnel?: boolean; tunnelDomain?: string },
  config: ResolvedConfig["tunnel"],
  env: NodeJS.ProcessEnv,
): TunnelSettings {
  const wanted = flags.tunnel ?? config.enabled;
  if (wanted === false) return { enabled: false, reason: "disabled", asked: false };
  const authtoken = env.NGROK_AUTHTOKEN?.trim() || config.authtoken?.trim();
  if (!authtoken) return { enabled: false, reason: "no_token", asked: wanted === true };
  return { enabled: true, authtoken, domain: flags.tunnelDomain ?? config.domain };
}

/**
 * The provider: ngrok, unless CHATGPT_APP_TUNNEL_PROVIDER names a module whose default
 * export is a TunnelProvider (how tests put a local stand-in in ngrok's place).
 */
export async function loadTunnelProvider(env: NodeJS.ProcessEnv, cwd: string): Promise<TunnelProvider> {
  const path = env.CHATGPT_APP_TUNNEL_PROVIDER;
  if (!path) return createNgrokProvider();
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  let module: { default?: Partial<TunnelProvider> };
  try {
    module = (await import(pathToFileURL(file).href)) as typeof module;
  } catch (error) {
    throw new CliError("tunnel_provider_invalid", `CHATGPT_APP_TUNNEL_PROVIDER: could not load ${file}: ${errorMessage(error)}`);
  }
  const provider = module.default;
  if (!provider || typeof provider.start !== "function") {
    throw new CliError("tunnel_provider_invalid", `CHATGPT_APP_TUNNEL_PROVIDER: ${file} has no default export with start().`);
  }
  return { name: provider.name ?? "custom", start: provider.start.bind(provider) };
}

export interface TunnelSupervisorOptions {
  provider: TunnelProvider;
  start: TunnelStartOptions;
  onUp(tunnel: Tunnel): void;
  onDown(message: string, retryInMs: number): void;
  onStatus?(status: "reconnecting" | "reconnected", url: string): void;
  /** Waits between attempts, the last repeated (default 1 s doubling to 30 s). */
  backoffMs?: number[];
  /** An attempt that has not answered by then counts as failed (default 20 s). */
  attemptTimeoutMs?: number;
}

export interface TunnelSupervisor {
  current(): Tunnel | undefined;
  /** Settles when the first attempt has succeeded or failed. */
  firstAttempt: Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_BACKOFF = [1000, 2000, 4000, 8000, 16000, 30000];

/** Removes the token from anything a provider says, should it ever echo it. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join("***") : text;
}

/**
 * Keeps a tunnel up: a failed start or a dropped tunnel is reported and retried with
 * backoff, never thrown. `close` stops the retries and ends the tunnel.
 */
export function superviseTunnel(options: TunnelSupervisorOptions): TunnelSupervisor {
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  const timeoutMs = options.attemptTimeoutMs ?? 20_000;
  let failures = 0;
  let closed = false;
  let tunnel: Tunnel | undefined;
  let retry: NodeJS.Timeout | undefined;

  const scheduleRetry = (error: unknown) => {
    if (closed) return;
    const wait = backoff[Math.min(failures, backoff.length - 1)]!;
    failures += 1;
    options.onDown(redact(errorMessage(error), options.start.authtoken), wait);
    retry = setTimeout(() => attemptAgain(), wait);
  };

  const attempt = async () => {
    retry = undefined;
    let timer: NodeJS.Timeout | undefined;
    const starting = options.provider.start(options.start);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ${options.provider.name} in ${timeoutMs / 1000} s`)), timeoutMs);
    });
    let started: Tunnel;
    try {
      started = await Promise.race([starting, timedOut]);
    } catch (error) {
      // A start that answers after its time ran out is closed, not leaked.
      starting.then((late) => late.close()).catch(() => undefined);
      scheduleRetry(error);
      return;
    } finally {
      clearTimeout(timer);
    }
    if (closed) {
      await started.close().catch(() => undefined);
      return;
    }
    failures = 0;
    tunnel = started;
    started.onStatus?.((status) => options.onStatus?.(status, started.url));
    started.onClose?.((error) => {
      if (tunnel !== started || closed) return;
      tunnel = undefined;
      scheduleRetry(error ?? new Error("the tunnel closed"));
    });
    options.onUp(started);
  };

  let inflight = attempt();
  const firstAttempt = inflight;
  const attemptAgain = () => {
    inflight = attempt();
  };
  return {
    current: () => tunnel,
    firstAttempt,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      // An attempt under way closes what it gets once it sees `closed`; wait a little for it.
      await Promise.race([inflight, new Promise((r) => setTimeout(r, 2000).unref())]);
      const open = tunnel;
      tunnel = undefined;
      await open?.close().catch(() => undefined);
    },
  };
}

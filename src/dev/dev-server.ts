import { basename, relative, resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import type { ResolvedConfig } from "../config/types.js";
import { CliError, errorMessage, isCliError } from "../errors.js";
import type { Logger } from "../util/log.js";
import { packageVersion } from "../version.js";
import { AppBackend } from "./app-backend.js";
import type { DevBackend } from "./backend.js";
import { CommandBackend } from "./command-backend.js";
import { DotEnvLayer, readDotEnv } from "./dotenv.js";
import { DevEvents, type ReadyEvent } from "./events.js";
import { Handles } from "./handles.js";
import { TaskQueue } from "./task-queue.js";
import { createDevTunnel } from "./tunnel/dev-tunnel.js";
import type { TunnelProvider } from "./tunnel/types.js";
import { ignoredByDev, isConfigChange, settleChanges } from "./watch-policy.js";
import { startWatcher } from "./watcher.js";

export interface DevServerOptions {
  cwd: string;
  configFile?: string;
  port?: number;
  strictPort?: boolean;
  /** `--tunnel` (true) / `--no-tunnel` (false); undefined: on when a token is there. */
  tunnel?: boolean;
  tunnelDomain?: string;
  log: Logger;
  events?: DevEvents;
  /** Where PORT, the tunnel provider's token and CHATGPT_APP_TUNNEL_PROVIDER are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** A tunnel provider to use instead of the one the config names (in-process tests). */
  tunnelProvider?: TunnelProvider;
}

/** A running `chatgpt-app dev`: its events, where it serves, and how to stop it. */
export interface DevServer {
  events: DevEvents;
  ready: ReadyEvent;
  /** The backend serving now (replaced when the config changes). */
  backend(): DevBackend;
  /** Closes the watcher, the tunnel, then the backend (esbuild contexts, HTTP server, child); idempotent. */
  close(): Promise<void>;
}

function requestedPort(flag: number | undefined, env: NodeJS.ProcessEnv, config: ResolvedConfig): number {
  if (flag !== undefined) return flag;
  const fromEnv = env.PORT?.trim();
  if (fromEnv) {
    if (!/^\d+$/.test(fromEnv) || Number(fromEnv) > 65535) {
      throw new CliError("env_invalid", `PORT must be a number from 0 to 65535, got "${fromEnv}".`);
    }
    return Number(fromEnv);
  }
  return config.port;
}

/** The backend a config asks for: a child server (`server.command`) or the app module in process. */
function prepareBackend(config: ResolvedConfig, events: DevEvents, log: Logger): Promise<DevBackend> {
  const options = { config, events, log, version: packageVersion() };
  const command = config.server.command;
  return command ? CommandBackend.prepare({ ...options, command }) : AppBackend.prepare(options);
}

/**
 * `chatgpt-app dev` in process, as a set of handles: the backend made from the config (builders,
 * host, HTTP server, child), the tunnel beside it and the watcher routing changes to it. A config
 * or `.env` change prepares a new backend and swaps it in on the same port.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const root = resolve(options.cwd);
  const events = options.events ?? new DevEvents();
  const log = options.log;
  const dotenv = new DotEnvLayer(env);
  dotenv.apply(readDotEnv(root));
  let config = await loadConfig(root, { configFile: options.configFile });
  const port = requestedPort(options.port, env, config);
  let backend = await prepareBackend(config, events, log);

  const handles = new Handles();
  handles.add(() => backend.close());
  const tunnel = createDevTunnel({
    flags: { tunnel: options.tunnel, tunnelDomain: options.tunnelDomain },
    env,
    events,
    provider: options.tunnelProvider,
    onUrl: (url) => backend.setTunnelUrl(url),
  });
  handles.add(() => tunnel.close());
  // A child server accepts the tunnel's Host from its start: in command mode it waits for the first attempt.
  const openTunnel = async (tunnelPort: number) => {
    const { firstAttempt } = await tunnel.open(config, tunnelPort);
    if (backend.mode === "command") await firstAttempt;
  };

  try {
    await backend.listen(port, options.strictPort ?? false, openTunnel);
  } catch (error) {
    await handles.close().catch(() => undefined);
    throw error;
  }
  if (port !== 0 && backend.urls().port !== port) {
    events.report({ type: "warning", code: "port_in_use", message: `Port ${port} is in use; using ${backend.urls().port} instead.` });
  }

  const configQueue = new TaskQueue((error) => log.error(`Internal error while reloading the config; this is a bug: ${errorMessage(error)}`));
  const reloadConfig = async (file: string) => {
    const reloadStarted = performance.now();
    let next: DevBackend;
    let nextConfig: ResolvedConfig;
    try {
      dotenv.apply(readDotEnv(root));
      nextConfig = await loadConfig(root, { configFile: options.configFile });
      next = await prepareBackend(nextConfig, events, log);
    } catch (error) {
      const location = isCliError(error) ? error.location : undefined;
      events.report({ type: "error", kind: "config", name: basename(file), code: isCliError(error) ? error.code : "config_invalid", message: errorMessage(error), file: location ? relative(root, location) : file });
      return;
    }
    const samePort = backend.urls().port;
    await backend.close();
    config = nextConfig;
    if (tunnel.url) next.setTunnelUrl(tunnel.url);
    backend = next;
    await next.listen(samePort, true, openTunnel).catch(async (error: unknown) => {
      // Someone took the port in the moment it was free: serve on the next one rather than not at all.
      if (!isCliError(error) || error.code !== "port_in_use") throw error;
      await next.listen(samePort, false, openTunnel);
      events.report({ type: "warning", code: "port_in_use", message: `Port ${samePort} was taken during the restart; now on ${next.urls().port}.` });
    });
    events.report({ type: "rebuild", kind: "config", name: basename(file), durationMs: performance.now() - reloadStarted, file });
  };
  const settling = settleChanges((path) => void configQueue.run("config", () => reloadConfig(relative(root, path))));
  handles.add(() => configQueue.idle());
  handles.add(() => settling.close());

  const watcher = await startWatcher({
    root,
    ignored: ignoredByDev(root, () => config.outDir),
    onChange: (change) => {
      if (isConfigChange(root, change, config.file)) settling.offer(change.path);
      else backend.handleChange(change);
    },
    onError: (error) => events.report({ type: "warning", code: "watch_error", message: `The file watcher reported: ${error.message}` }),
  }).catch(async (error: unknown) => {
    await handles.close().catch(() => undefined);
    throw error;
  });
  handles.add(() => watcher.close());

  const { url, mcpUrl, previewUrl, port: served } = backend.urls();
  const { app, tools, widgets, childPid } = await backend.summary();
  const ready = events.report({
    type: "ready",
    app,
    url,
    mcpUrl,
    previewUrl,
    port: served,
    requestedPort: port,
    durationMs: performance.now() - started,
    mode: backend.mode,
    tools,
    widgets,
    childPid,
  }) as ReadyEvent & { time: string };

  return { events, ready, backend: () => backend, close: () => handles.close() };
}

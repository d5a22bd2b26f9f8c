import { basename, dirname, relative, resolve, sep } from "node:path";
import { CONFIG_FILES, loadConfig } from "../config/load-config.js";
import type { ResolvedConfig } from "../config/types.js";
import { CliError, errorMessage, isCliError } from "../errors.js";
import { cacheDir } from "../util/bundle-module.js";
import type { Logger } from "../util/log.js";
import { packageVersion } from "../version.js";
import { ContentMemo } from "./content-memo.js";
import { DOTENV_FILES, DotEnvLayer, readDotEnv } from "./dotenv.js";
import { DevEvents, type ReadyEvent } from "./events.js";
import { DevSession } from "./serving.js";
import { TaskQueue } from "./task-queue.js";
import { createDevTunnel } from "./tunnel/dev-tunnel.js";
import type { TunnelProvider } from "./tunnel/types.js";
import { startWatcher, type FileChange, type Watcher } from "./watcher.js";

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
  /** The session serving now (replaced when the config changes). */
  session(): DevSession;
  /** Closes the watcher, esbuild contexts, tunnel, HTTP server and child, in that order. */
  close(): Promise<void>;
}

/** Folders never watched, besides dot-folders and the build output. */
/** Quiet time before a config or .env change restarts the host. */
const CONFIG_SETTLE_MS = 60;

const IGNORED_DIRS = new Set(["node_modules", "__pycache__", "venv"]);

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

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep));
}

/**
 * `chatgpt-app dev` in process: one session (builders, host, HTTP server, child) made from
 * the config, a watcher routing changes to it, a tunnel kept up beside it. A config or
 * `.env` change builds a new session and swaps it in on the same port.
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
  const sessionOptions = (c: ResolvedConfig) => ({ config: c, events, log, version: packageVersion() });
  let session = await DevSession.prepare(sessionOptions(config));

  const tunnel = createDevTunnel({
    flags: { tunnel: options.tunnel, tunnelDomain: options.tunnelDomain },
    env,
    events,
    provider: options.tunnelProvider,
    onUrl: (url) => session.setTunnelUrl(url),
  });
  const startTunnel = async (tunnelPort: number) => {
    const { firstAttempt } = await tunnel.open(config, tunnelPort);
    if (session.mode === "command") await firstAttempt;
  };

  try {
    if (session.mode === "command") await session.listen(port, options.strictPort ?? false, startTunnel);
    else {
      await session.listen(port, options.strictPort ?? false);
      await startTunnel(session.port);
    }
  } catch (error) {
    await session.closeBuilders();
    await tunnel.close();
    await session.closeServers();
    throw error;
  }
  if (port !== 0 && session.port !== port) {
    events.report({ type: "warning", code: "port_in_use", message: `Port ${port} is in use; using ${session.port} instead.` });
  }

  const configQueue = new TaskQueue((error) => log.error(`Internal error while reloading the config; this is a bug: ${errorMessage(error)}`));
  const reloadConfig = async (file: string) => {
    const reloadStarted = performance.now();
    let next: DevSession;
    try {
      dotenv.apply(readDotEnv(root));
      const nextConfig = await loadConfig(root, { configFile: options.configFile });
      next = await DevSession.prepare(sessionOptions(nextConfig));
      config = nextConfig;
    } catch (error) {
      const location = isCliError(error) ? error.location : undefined;
      events.report({ type: "error", kind: "config", name: basename(file), code: isCliError(error) ? error.code : "config_invalid", message: errorMessage(error), file: location ? relative(root, location) : file });
      return;
    }
    const previous = session;
    const samePort = previous.port;
    await previous.closeBuilders();
    await previous.closeServers();
    if (tunnel.url) next.setTunnelUrl(tunnel.url);
    session = next;
    await next.listen(samePort, true, async () => undefined).catch(async (error: unknown) => {
      // Someone took the port in the moment it was free: serve on the next one rather than not at all.
      if (!isCliError(error) || error.code !== "port_in_use") throw error;
      await next.listen(samePort, false);
      events.report({ type: "warning", code: "port_in_use", message: `Port ${samePort} was taken during the restart; now on ${next.port}.` });
    });
    await startTunnel(next.port);
    events.report({ type: "rebuild", kind: "config", name: basename(file), durationMs: performance.now() - reloadStarted, file });
  };

  const configFiles = new ContentMemo();
  const isConfigChange = (change: FileChange) => {
    if (dirname(change.path) !== root || change.kind === "addDir" || change.kind === "unlinkDir") return false;
    const name = basename(change.path);
    return (CONFIG_FILES as readonly string[]).includes(name) || (DOTENV_FILES as readonly string[]).includes(name) || change.path === config.file;
  };
  const ignored = (path: string) => {
    if (!isInside(root, path)) return true;
    const rel = relative(root, path);
    if (rel === "") return false;
    const parts = rel.split(sep);
    if (parts.some((part) => IGNORED_DIRS.has(part))) return true;
    const last = parts[parts.length - 1]!;
    if (parts.slice(0, -1).some((part) => part.startsWith("."))) return true;
    if (last.startsWith(".") && !(DOTENV_FILES as readonly string[]).includes(last)) return true;
    return isInside(session.config.outDir, path) || isInside(cacheDir(root), path);
  };
  // A save is often seen as a truncate and then a write: wait until the file has been quiet
  // for a moment, then restart once per content (a new file is also seen twice: add, write).
  const settling = new Map<string, NodeJS.Timeout>();
  const settleConfigChange = (path: string) => {
    clearTimeout(settling.get(path));
    settling.set(
      path,
      setTimeout(() => {
        settling.delete(path);
        if (configFiles.changed(path)) void configQueue.run("config", () => reloadConfig(relative(root, path)));
      }, CONFIG_SETTLE_MS),
    );
  };
  const watcher: Watcher = await startWatcher({
    root,
    ignored,
    onChange: (change) => {
      if (!isConfigChange(change)) session.handleChange(change);
      else settleConfigChange(change.path);
    },
    onError: (error) => events.report({ type: "warning", code: "watch_error", message: `The file watcher reported: ${error.message}` }),
  });

  const ready = events.report({
    type: "ready",
    app: session.mode === "app" ? session.host.state.app.name : basename(root),
    url: session.url,
    mcpUrl: session.mcpUrl,
    previewUrl: session.previewUrl,
    port: session.port,
    requestedPort: port,
    durationMs: performance.now() - started,
    mode: session.mode,
    tools: await session.countTools(),
    widgets: session.host.state.widgets.size,
    childPid: session.childPid,
  }) as ReadyEvent & { time: string };

  let closing: Promise<void> | undefined;
  return {
    events,
    ready,
    session: () => session,
    close() {
      closing ??= (async () => {
        for (const timer of settling.values()) clearTimeout(timer);
        settling.clear();
        // Every step runs even if one before it failed (esbuild's service may already be gone after a Ctrl-C to the group).
        const steps = [() => watcher.close(), () => configQueue.idle(), () => session.closeBuilders(), () => tunnel.close(), () => session.closeServers()];
        const failures: unknown[] = [];
        for (const step of steps) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
        if (failures.length > 0) throw failures[0];
      })();
      return closing;
    },
  };
}

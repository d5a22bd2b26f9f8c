import { existsSync } from "node:fs";
import { basename, delimiter, join, relative } from "node:path";
import kleur from "kleur";
import type { AppDefinition } from "../app/define-app.js";
import type { ResolvedConfig } from "../config/types.js";
import { errorMessage, isCliError } from "../errors.js";
import { Host } from "../host/host.js";
import { startHttpServer, type HttpHandle } from "../host/http.js";
import { checkAppForClients, hasAppModule, missingEntryError, WIDGETS_ONLY_APP } from "../host/project.js";
import { LOOPBACK_HOSTS } from "../host/security.js";
import type { Logger } from "../util/log.js";
import { AppReloader } from "./app-reload.js";
import { spawnChildServer, type ChildServer } from "../process/child-server.js";
import { ContentMemo } from "./content-memo.js";
import type { DevEvents } from "./events.js";
import { globToRegExp, matchesAnyGlob } from "./glob.js";
import { findFreePort, listenOnFreePort } from "../process/ports.js";
import { createPreviewRoutes, type PreviewRoutes } from "../preview/routes.js";
import { ProblemReporter, problemEvent } from "./problems.js";
import { TaskQueue } from "./task-queue.js";
import { reportToolErrors } from "./tool-errors.js";
import type { FileChange } from "./watcher.js";
import { WidgetBuilds } from "./widget-builds.js";
import { writeWidgetOutput } from "./widget-output.js";

/** Root files whose change means node_modules may have changed. */
const PACKAGE_FILES = ["package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb"];

export interface SessionOptions {
  config: ResolvedConfig;
  events: DevEvents;
  log: Logger;
  version: string;
}

/**
 * Everything dev makes from one config: the widget and app builders, the host and its
 * HTTP server, and in `command` mode the child server. A config change replaces the
 * session; the watcher and the tunnel outlive it.
 */
export class DevSession {
  readonly mode: "app" | "command";
  readonly config: ResolvedConfig;
  readonly host: Host;
  #events: DevEvents;
  #log: Logger;
  #version: string;
  #widgets: WidgetBuilds;
  #app: AppReloader | undefined;
  #queue: TaskQueue;
  #problems: ProblemReporter;
  #http: HttpHandle | undefined;
  #preview: PreviewRoutes | undefined;
  #child: ChildServer | undefined;
  #childPort: number | undefined;
  #childGlobs: RegExp[];
  #tunnelUrl: string | undefined;
  #appInputs = new ContentMemo();
  #childInputs = new ContentMemo();
  #dirtyWidgets = new Set<string>();
  #structureChanged = false;
  #widgetFile: string | undefined;
  #closed = false;

  private constructor(options: SessionOptions, widgets: WidgetBuilds, app: AppReloader | undefined, host: Host) {
    this.config = options.config;
    this.mode = options.config.server.command ? "command" : "app";
    this.#events = options.events;
    this.#log = options.log;
    this.#version = options.version;
    this.#widgets = widgets;
    this.#app = app;
    this.host = host;
    this.#childGlobs = options.config.server.watch.map(globToRegExp);
    this.#problems = new ProblemReporter(options.events);
    this.#queue = new TaskQueue((error, key) => this.#log.error(`Internal error while rebuilding ${key}; this is a bug: ${(error as Error).stack ?? errorMessage(error)}`));
  }

  /** Builds the widgets and loads the app; what fails is reported and served as well as it can be. */
  static async prepare(options: SessionOptions): Promise<DevSession> {
    const { config } = options;
    const command = Boolean(config.server.command);
    if (!command && !hasAppModule(config)) throw missingEntryError(config);
    const widgets = new WidgetBuilds(config);
    const app = command ? undefined : new AppReloader(config);
    const built = widgets.buildAll();
    const loaded = app?.load(async (definition) => {
      await built;
      await checkAppForClients({ app: definition, widgets: widgets.entries(), mode: "development" });
    });
    const [outcomes, appOutcome] = await Promise.all([built, loaded]);
    let definition: AppDefinition = WIDGETS_ONLY_APP;
    if (appOutcome?.kind === "loaded") definition = appOutcome.app;
    // Until the app loads, serve the widgets under the project's name; the next good save swaps the app in.
    else if (appOutcome) definition = { name: basename(config.root), setup() {} };
    const onToolError = reportToolErrors(options.events, config.root);
    const session = new DevSession(options, widgets, app, new Host({ app: definition, widgets: widgets.entries(), mode: "development", onToolError }));
    for (const outcome of outcomes) {
      if (outcome.kind === "failed") session.#problems.failed(`widget:${outcome.name}`, problemEvent("widget", outcome.name, { code: "widget_build_failed", ...outcome.failure }), true);
    }
    if (appOutcome?.kind === "failed") session.#problems.failed("app", problemEvent("server", "app", appOutcome.problem), true);
    if (command) writeWidgetOutput(config, session.host.state.widgets);
    return session;
  }

  /**
   * Starts serving: the HTTP server on `port` (app mode), or the child on it and the preview
   * beside it. `beforeChild` runs once the child's port is known (the tunnel starts there).
   */
  async listen(port: number, strict: boolean, beforeChild?: (port: number) => Promise<void>): Promise<void> {
    const start = (candidate: number) =>
      startHttpServer(this.host, {
        port: candidate,
        hostname: this.config.host,
        allowedHosts: [...this.config.allowedHosts, ...(this.#tunnelUrl ? [this.#tunnelUrl] : [])],
        bodyLimit: this.config.bodyLimit,
        version: this.#version,
        extraRoutes: (req, res, url) => this.#preview!.handle(req, res, url),
        // Command mode: the preview's MCP client talks to the real server, not to dev's widgets-only host.
        proxyMcpTo: this.mode === "command" ? this.mcpUrl : undefined,
        onError: (error) => this.#log.error(`Request failed: ${(error as Error).stack ?? String(error)}`),
        problems: () => this.#problems.failing,
        sseKeepAliveMs: this.config.sseKeepAlive * 1000,
        onRefusedHost: (name) =>
          this.#events.report({ type: "warning", code: "host_refused", message: `Refused Host "${name}" (DNS-rebinding protection). To accept it, add "${name}" to allowedHosts in the config.` }),
      });
    this.#preview = createPreviewRoutes({ events: this.#events, version: this.#version });
    if (this.mode === "app") {
      this.#http = (await listenOnFreePort(port, strict, start)).value;
      return;
    }
    this.#childPort = await findFreePort(port, this.config.host, strict);
    this.#http = (await listenOnFreePort(port === 0 ? 0 : this.#childPort + 1, false, start)).value;
    await beforeChild?.(this.#childPort);
    try {
      await this.#startChild();
    } catch (error) {
      this.#problems.failed("command", childProblem(error), true);
    }
  }

  get port(): number {
    return this.#childPort ?? this.#http!.port;
  }

  get url(): string {
    return this.mode === "app" ? this.#http!.origin : `http://${this.#displayHost()}:${this.port}`;
  }

  get mcpUrl(): string {
    const template = this.config.server.url;
    if (this.mode === "command" && template) return template.replaceAll("{port}", String(this.port));
    return `${this.url}/mcp`;
  }

  get previewUrl(): string {
    return `${this.#http!.origin}/`;
  }

  get childPid(): number | undefined {
    return this.#child?.pid;
  }

  #displayHost(): string {
    const host = this.config.host;
    if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
    return host.includes(":") ? `[${host}]` : host;
  }

  /** Tools served now (app mode). */
  async countTools(): Promise<number | undefined> {
    if (this.mode !== "app") return undefined;
    return (await checkAppForClients(this.host.state)).length;
  }

  /** Accepts the tunnel's Host (and, in command mode, restarts the child so that it does too). */
  setTunnelUrl(url: string | undefined): void {
    if (url === this.#tunnelUrl) return;
    if (this.#tunnelUrl) this.#http?.allowedHosts.delete(this.#tunnelUrl);
    this.#tunnelUrl = url;
    if (url) this.#http?.allowedHosts.add(url);
    if (this.mode === "command" && this.#child) void this.#queue.run("child", () => this.#restartChild(undefined));
  }

  /** Routes a file change to the builds it concerns. */
  handleChange(change: FileChange): void {
    if (this.#closed) return;
    const file = relative(this.config.root, change.path);
    const affected = this.#widgets.affected(change);
    const widgets = affected.widgets;
    // An install may have changed the packages the widgets use: bundle them again.
    const packagesChanged = PACKAGE_FILES.includes(file);
    if (packagesChanged) this.#widgets.forgetDependencies();
    const structure = affected.structure || packagesChanged;
    if (structure || widgets.length > 0) {
      for (const name of widgets) this.#dirtyWidgets.add(name);
      this.#structureChanged ||= structure;
      this.#widgetFile = file;
      void this.#queue.run("widgets", () => this.#rebuildWidgets());
    }
    if (this.#app?.concerns(change) && this.#appInputs.changed(change.path)) void this.#queue.run("app", () => this.#reloadApp(file));
    const childFile = change.kind !== "addDir" && change.kind !== "unlinkDir" && matchesAnyGlob(file, this.#childGlobs);
    if (this.mode === "command" && childFile && this.#childInputs.changed(change.path)) {
      void this.#queue.run("child", () => this.#restartChild(file));
    }
  }

  /** Resolves once every rebuild asked for so far is done. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async #rebuildWidgets(): Promise<void> {
    const started = performance.now();
    const names = [...this.#dirtyWidgets];
    const structure = this.#structureChanged;
    const file = this.#widgetFile;
    this.#dirtyWidgets.clear();
    this.#structureChanged = false;
    for (const name of structure ? this.#widgets.names : names) this.#problems.began(`widget:${name}`);
    let outcomes = structure ? (await this.#widgets.refresh()).outcomes : await Promise.all(names.map((n) => this.#widgets.build(n)));
    if (this.#closed) return;
    const dropped = structure ? await this.#dropUnrenderedWidgets() : [];
    outcomes = outcomes.filter((o) => !dropped.includes(o.name));
    const served = new Set(this.host.state.widgets.keys());
    const entries = this.#widgets.entries();
    // A folder that failed and is gone now (or no longer looks like a widget) fails no more.
    for (const key of this.#problems.failing) if (key.startsWith("widget:") && !entries.has(key.slice("widget:".length))) this.#problems.succeeded(key);
    const changed = [...entries.values()].filter((e) => this.host.state.widgets.get(e.name)?.hash !== e.hash).map((e) => e.name);
    if (structure || changed.length > 0 || [...served].some((n) => !entries.has(n))) {
      await this.host.update({ widgets: entries });
      if (this.mode === "command") writeWidgetOutput(this.config, entries, structure ? undefined : changed);
    }
    const durationMs = performance.now() - started;
    for (const outcome of outcomes) {
      if (outcome.kind === "failed") {
        this.#problems.failed(`widget:${outcome.name}`, problemEvent("widget", outcome.name, { code: "widget_build_failed", ...outcome.failure }));
        continue;
      }
      // Content restored to the last good build serves what was served: the error is cleared all the same.
      const recovered = this.#problems.succeeded(`widget:${outcome.name}`);
      if (outcome.kind === "built" || recovered) {
        const { name, uri, hash } = outcome.widget;
        this.#events.report({ type: "rebuild", kind: "widget", name, durationMs, uri, hash, file });
      }
    }
  }

  async #reloadApp(file: string): Promise<void> {
    const started = performance.now();
    this.#problems.began("app");
    let tools: number | undefined;
    const outcome = await this.#app!.load(async (app) => {
      tools = (await checkAppForClients({ ...this.host.state, app })).length;
    });
    if (this.#closed) return;
    if (outcome.kind === "failed") {
      this.#problems.failed("app", problemEvent("server", "app", outcome.problem));
      return;
    }
    this.#problems.succeeded("app");
    await this.host.update({ app: outcome.app });
    if ((await this.#dropUnrenderedWidgets()).length > 0) await this.host.update({ widgets: this.#widgets.entries() });
    const durationMs = performance.now() - started;
    this.#events.report({ type: "rebuild", kind: "server", name: "app", durationMs, tools, file });
  }

  /**
   * Stops serving the widgets whose folder is gone once the app no longer renders them (its
   * tools check without them). Without an app module to ask (server.command), they stay.
   */
  async #dropUnrenderedWidgets(): Promise<string[]> {
    const missing = this.#widgets.missing;
    if (missing.length === 0 || this.mode !== "app") return [];
    const widgets = new Map([...this.#widgets.entries()].filter(([name]) => !missing.includes(name)));
    try {
      await checkAppForClients({ ...this.host.state, widgets });
    } catch {
      return [];
    }
    for (const name of missing) {
      this.#widgets.drop(name);
      this.#problems.succeeded(`widget:${name}`);
    }
    return missing;
  }

  #childEnv(port: number): NodeJS.ProcessEnv {
    const tunnelHost = this.#tunnelUrl ? new URL(this.#tunnelUrl).hostname : undefined;
    const allowed = [...LOOPBACK_HOSTS.filter((h) => h !== "::1"), ...(tunnelHost ? [tunnelHost] : []), ...this.config.allowedHosts];
    const venv = join(this.config.root, ".venv", "bin");
    return {
      ...process.env,
      PORT: String(port),
      HOST: this.config.host,
      ALLOWED_HOSTS: [...new Set(allowed)].join(","),
      CHATGPT_APP_DEV: "1",
      CHATGPT_APP_OUT_DIR: this.config.outDir,
      // Prints as it happens, not when a buffer fills.
      PYTHONUNBUFFERED: "1",
      // A project's own virtual environment comes first, as npm puts node_modules/.bin first.
      ...(existsSync(venv) ? { PATH: `${venv}${delimiter}${process.env.PATH ?? ""}`, VIRTUAL_ENV: join(this.config.root, ".venv") } : {}),
    };
  }

  async #startChild(): Promise<void> {
    const port = this.#childPort!;
    const child = spawnChildServer({
      command: this.config.server.command!.replaceAll("{port}", String(port)),
      cwd: this.config.root,
      env: this.#childEnv(port),
      mcpUrl: this.mcpUrl,
      onOutput: (line) => this.#log.info(`${kleur.dim("[server]")} ${line}`),
      onUnexpectedExit: (code, signal) => {
        if (this.#child !== child || this.#closed) return;
        this.#events.report({
          type: "warning",
          code: "server_command_exited",
          message: `server.command ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; it starts again on the next save of ${this.config.server.watch.join(", ") || "its files"}.`,
        });
      },
    });
    this.#child = child;
    try {
      await child.ready;
    } catch (error) {
      await child.close();
      throw error;
    }
  }

  async #restartChild(file: string | undefined): Promise<void> {
    if (this.#closed) return;
    const started = performance.now();
    this.#problems.began("command");
    await this.#child?.close();
    this.#child = undefined;
    try {
      await this.#startChild();
    } catch (error) {
      if (!this.#closed) this.#problems.failed("command", childProblem(error));
      return;
    }
    this.#problems.succeeded("command");
    const durationMs = performance.now() - started;
    this.#events.report({ type: "rebuild", kind: "server", name: "command", durationMs, file, childPid: this.childPid });
  }

  /** Stops rebuilding and releases esbuild's contexts. */
  async closeBuilders(): Promise<void> {
    this.#closed = true;
    this.#problems.close();
    // A build under way is let finish (it is short); a child restart is ended by closeServers.
    await Promise.race([this.#queue.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
    await Promise.all([this.#widgets.close(), this.#app?.close()]);
  }

  /** Closes the HTTP server (its sessions and streams first), then ends the child's process tree. */
  async closeServers(): Promise<void> {
    this.#closed = true;
    this.#preview?.close();
    await this.#http?.close({ timeoutMs: 1000 });
    await this.#child?.close();
  }
}

function childProblem(error: unknown) {
  const code = isCliError(error) ? error.code : "server_command_failed";
  const hint = isCliError(error) && error.hint ? `\n${error.hint}` : "";
  return { kind: "server" as const, name: "command", code, message: `${errorMessage(error)}${hint}` };
}



import { relative } from "node:path";
import type { AppDefinition } from "../app/define-app.js";
import type { ResolvedConfig } from "../config/types.js";
import { errorMessage } from "../errors.js";
import { Host } from "../host/host.js";
import { createResourceServer, type ResourceServer } from "../auth/index.js";
import { startHttpServer, type HttpHandle } from "../host/http.js";
import type { WidgetEntry } from "../host/app-state.js";
import { createPreviewRoutes, type PreviewRoutes } from "../preview/routes.js";
import { createSignInRoutes, ownResourceServer, proxiedResourceServer } from "../preview/sign-in.js";
import { listenOnFreePort } from "../process/ports.js";
import type { Logger } from "../util/log.js";
import type { DevEvents } from "./events.js";
import { ProblemReporter, problemEvent } from "./problems.js";
import { TaskQueue } from "./task-queue.js";
import { reportToolErrors } from "./tool-errors.js";
import type { FileChange } from "./watcher.js";
import type { WidgetBuilds, WidgetOutcome } from "./widget-builds.js";

/** Root files whose change means node_modules may have changed. */
const PACKAGE_FILES = ["package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb"];

export interface BackendOptions {
  config: ResolvedConfig;
  events: DevEvents;
  log: Logger;
  version: string;
}

/** What a backend adds to the shared widget loop. */
export interface ServingHooks {
  /** The host serves new widgets (`changed`: those whose HTML changed; undefined: the set changed). */
  widgetsSwapped?(entries: Map<string, WidgetEntry>, changed: string[] | undefined): void;
  /** Of the widgets whose folder is gone, those that may stop being served now. */
  dropUnrendered?(): Promise<string[]>;
}

/**
 * What both dev backends share: the widget builds, the host serving them, the HTTP server with
 * the preview page, the problems reported and the queue rebuilds run on.
 */
export class DevServing {
  readonly config: ResolvedConfig;
  readonly host: Host;
  readonly widgets: WidgetBuilds;
  readonly events: DevEvents;
  readonly log: Logger;
  readonly problems: ProblemReporter;
  readonly queue: TaskQueue;
  /** The OAuth resource server when an issuer is set; its audience follows the tunnel, and the local URL's tokens pass too. */
  readonly auth: ResourceServer | undefined;
  #version: string;
  #hooks: ServingHooks;
  #http: HttpHandle | undefined;
  #preview: PreviewRoutes | undefined;
  #tunnelUrl: string | undefined;
  #dirtyWidgets = new Set<string>();
  #structureChanged = false;
  #widgetFile: string | undefined;
  #closed = false;

  constructor(options: BackendOptions, widgets: WidgetBuilds, app: AppDefinition, hooks: ServingHooks = {}) {
    this.config = options.config;
    this.events = options.events;
    this.log = options.log;
    this.#version = options.version;
    this.widgets = widgets;
    this.#hooks = hooks;
    this.problems = new ProblemReporter(options.events);
    this.queue = new TaskQueue((error, key) => this.log.error(`Internal error while rebuilding ${key}; this is a bug: ${(error as Error).stack ?? errorMessage(error)}`));
    const onToolError = reportToolErrors(options.events, options.config.root);
    this.auth = createResourceServer({ app: app.auth, config: options.config.auth, env: process.env, acceptLocal: true });
    this.host = new Host({ app, widgets: widgets.entries(), mode: "development", onToolError, authorizeTool: this.auth?.authorizeTool });
  }

  get closed(): boolean {
    return this.#closed;
  }

  get tunnelUrl(): string | undefined {
    return this.#tunnelUrl;
  }

  /** Reports the widgets that failed their first build (they are served once a save fixes them). */
  reportFirstBuilds(outcomes: WidgetOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.kind === "failed") this.problems.failed(`widget:${outcome.name}`, problemEvent("widget", outcome.name, { code: "widget_build_failed", ...outcome.failure }), true);
    }
  }

  /** Serves the host and the preview page on `port` (or the next free one, unless strict). */
  async listenHttp(port: number, strict: boolean, proxyMcpTo?: string): Promise<HttpHandle> {
    const preview = createPreviewRoutes({
      events: this.events,
      version: this.#version,
      servedWidget: (name) => this.host.state.widgets.get(name),
      serverUrl: () => publicMcpUrl(this.#tunnelUrl ?? process.env.BASE_URL),
      // A server of its own (server.command) checks its own tokens: the preview signs in from its metadata.
      signIn: createSignInRoutes(proxyMcpTo ? proxiedResourceServer(proxyMcpTo, this.config.auth?.clientId) : ownResourceServer(() => this.auth)),
    });
    const start = (candidate: number) =>
      startHttpServer(this.host, {
        port: candidate,
        hostname: this.config.host,
        allowedHosts: [...this.config.allowedHosts, ...(this.#tunnelUrl ? [this.#tunnelUrl] : [])],
        bodyLimit: this.config.bodyLimit,
        version: this.#version,
        extraRoutes: (req, res, url) => preview.handle(req, res, url),
        proxyMcpTo,
        // A server of its own (server.command) checks its own tokens: the proxy passes them on.
        auth: proxyMcpTo ? undefined : this.auth,
        onError: (error) => this.log.error(`Request failed: ${(error as Error).stack ?? String(error)}`),
        problems: () => this.problems.failing,
        sseKeepAliveMs: this.config.sseKeepAlive * 1000,
        onRefusedHost: (name) =>
          this.events.report({ type: "warning", code: "host_refused", message: `Refused Host "${name}" (DNS-rebinding protection). To accept it, add "${name}" to allowedHosts in the config.` }),
      });
    const http = (await listenOnFreePort(port, strict, start)).value;
    this.#preview = preview;
    this.#http = http;
    this.auth?.setLocalUrl(`${http.origin}/mcp`);
    return http;
  }

  /** Accepts the tunnel's Host; says whether it changed. */
  setTunnelUrl(url: string | undefined): boolean {
    if (url === this.#tunnelUrl) return false;
    if (this.#tunnelUrl) this.#http?.allowedHosts.delete(this.#tunnelUrl);
    this.#tunnelUrl = url;
    if (url) this.#http?.allowedHosts.add(url);
    this.auth?.setPublicUrl(url ? `${url.replace(/\/+$/, "")}/mcp` : undefined);
    return true;
  }

  /** Queues the widget rebuilds a file change asks for. */
  handleWidgetChange(change: FileChange): void {
    const file = relative(this.config.root, change.path);
    const affected = this.widgets.affected(change);
    // An install may have changed the packages the widgets use: bundle them again.
    const packagesChanged = PACKAGE_FILES.includes(file);
    if (packagesChanged) this.widgets.forgetDependencies();
    const structure = affected.structure || packagesChanged;
    if (!structure && affected.widgets.length === 0) return;
    for (const name of affected.widgets) this.#dirtyWidgets.add(name);
    this.#structureChanged ||= structure;
    this.#widgetFile = file;
    void this.queue.run("widgets", () => this.#rebuildWidgets());
  }

  async #rebuildWidgets(): Promise<void> {
    const started = performance.now();
    const names = [...this.#dirtyWidgets];
    const structure = this.#structureChanged;
    const file = this.#widgetFile;
    this.#dirtyWidgets.clear();
    this.#structureChanged = false;
    for (const name of structure ? this.widgets.names : names) this.problems.began(`widget:${name}`);
    let outcomes = structure ? (await this.widgets.refresh()).outcomes : await Promise.all(names.map((n) => this.widgets.build(n)));
    if (this.#closed) return;
    const dropped = structure ? await this.dropUnrendered() : [];
    outcomes = outcomes.filter((o) => !dropped.includes(o.name));
    const served = new Set(this.host.state.widgets.keys());
    const entries = this.widgets.entries();
    // A folder that failed and is gone now (or no longer looks like a widget) fails no more.
    for (const key of this.problems.failing) if (key.startsWith("widget:") && !entries.has(key.slice("widget:".length))) this.problems.succeeded(key);
    const changed = [...entries.values()].filter((e) => this.host.state.widgets.get(e.name)?.hash !== e.hash).map((e) => e.name);
    if (structure || changed.length > 0 || [...served].some((n) => !entries.has(n))) {
      await this.host.update({ widgets: entries });
      this.#hooks.widgetsSwapped?.(entries, structure ? undefined : changed);
    }
    const durationMs = performance.now() - started;
    for (const outcome of outcomes) {
      if (outcome.kind === "failed") {
        this.problems.failed(`widget:${outcome.name}`, problemEvent("widget", outcome.name, { code: "widget_build_failed", ...outcome.failure }));
        continue;
      }
      // Content restored to the last good build serves what was served: the error is cleared all the same.
      const recovered = this.problems.succeeded(`widget:${outcome.name}`);
      if (outcome.kind === "built" || recovered) {
        const { name, uri, hash } = outcome.widget;
        this.events.report({ type: "rebuild", kind: "widget", name, durationMs, uri, hash, file });
      }
    }
  }

  /** Stops serving the widgets whose folder is gone, as far as the backend allows (by default none). */
  async dropUnrendered(): Promise<string[]> {
    const dropped = (await this.#hooks.dropUnrendered?.()) ?? [];
    for (const name of dropped) {
      this.widgets.drop(name);
      this.problems.succeeded(`widget:${name}`);
    }
    return dropped;
  }

  /** Resolves once every rebuild asked for so far is done. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops rebuilding and releases esbuild's contexts (and whatever else `release` holds). */
  async closeBuilders(release?: () => Promise<void>): Promise<void> {
    this.#closed = true;
    this.problems.close();
    // A build under way is let finish (it is short); a child restart is ended with the servers.
    await Promise.race([this.queue.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
    await Promise.all([this.widgets.close(), release?.()]);
  }

  /** Closes the HTTP server, its sessions and streams first. */
  async closeServer(): Promise<void> {
    this.#closed = true;
    this.#preview?.close();
    await this.#http?.close({ timeoutMs: 1000 });
  }
}

/** The MCP endpoint under a public origin (a tunnel's or BASE_URL), as a connector is given it. */
function publicMcpUrl(base: string | undefined): string | undefined {
  if (!base) return undefined;
  try {
    return new URL("mcp", base.endsWith("/") ? base : `${base}/`).href;
  } catch {
    return undefined;
  }
}

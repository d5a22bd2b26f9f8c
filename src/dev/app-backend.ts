import { basename, relative } from "node:path";
import type { AppDefinition } from "../app/define-app.js";
import type { HttpHandle } from "../host/http.js";
import { checkAppForClients, hasAppModule, missingEntryError } from "../host/project.js";
import { AppReloader } from "./app-reload.js";
import { notListening, type BackendUrls, type DevBackend } from "./backend.js";
import { ContentMemo } from "./content-memo.js";
import { closeInOrder } from "./handles.js";
import { problemEvent } from "./problems.js";
import { DevServing, type BackendOptions } from "./serving.js";
import type { FileChange } from "./watcher.js";
import { WidgetBuilds } from "./widget-builds.js";

/** App mode: the app module loaded in process, served with the widgets on one port. */
export class AppBackend implements DevBackend {
  readonly mode = "app" as const;
  #serving: DevServing;
  #app: AppReloader;
  #appInputs = new ContentMemo();
  #http: HttpHandle | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: BackendOptions, widgets: WidgetBuilds, app: AppReloader, definition: AppDefinition) {
    this.#app = app;
    this.#serving = new DevServing(options, widgets, definition, { dropUnrendered: () => this.#unrenderedWidgets() });
  }

  /** Builds the widgets and loads the app; what fails is reported and served as well as it can be. */
  static async prepare(options: BackendOptions): Promise<AppBackend> {
    const { config } = options;
    if (!hasAppModule(config)) throw missingEntryError(config);
    const widgets = new WidgetBuilds(config);
    const app = new AppReloader(config);
    const built = widgets.buildAll();
    const loaded = app.load(async (definition) => {
      await built;
      await checkAppForClients({ app: definition, widgets: widgets.entries(), mode: "development" });
    });
    const [outcomes, appOutcome] = await Promise.all([built, loaded]);
    // Until the app loads, serve the widgets under the project's name; the next good save swaps the app in.
    const definition: AppDefinition = appOutcome.kind === "loaded" ? appOutcome.app : { name: basename(config.root), setup() {} };
    const backend = new AppBackend(options, widgets, app, definition);
    backend.#serving.reportFirstBuilds(outcomes);
    if (appOutcome.kind === "failed") backend.#serving.problems.failed("app", problemEvent("server", "app", appOutcome.problem), true);
    return backend;
  }

  async listen(port: number, strict: boolean, beforeServe?: (port: number) => Promise<void>): Promise<void> {
    this.#http = await this.#serving.listenHttp(port, strict);
    await beforeServe?.(this.#http.port);
  }

  urls(): BackendUrls {
    if (!this.#http) throw notListening();
    const { origin, port } = this.#http;
    return { port, url: origin, mcpUrl: `${origin}/mcp`, previewUrl: `${origin}/` };
  }

  async summary() {
    const { state } = this.#serving.host;
    return { app: state.app.name, tools: (await checkAppForClients(state)).length, widgets: state.widgets.size };
  }

  setTunnelUrl(url: string | undefined): void {
    this.#serving.setTunnelUrl(url);
  }

  handleChange(change: FileChange): void {
    if (this.#serving.closed) return;
    this.#serving.handleWidgetChange(change);
    if (this.#app.concerns(change) && this.#appInputs.changed(change.path)) {
      const file = relative(this.#serving.config.root, change.path);
      void this.#serving.queue.run("app", () => this.#reloadApp(file));
    }
  }

  idle(): Promise<void> {
    return this.#serving.idle();
  }

  async #reloadApp(file: string): Promise<void> {
    const serving = this.#serving;
    const started = performance.now();
    serving.problems.began("app");
    let tools: number | undefined;
    const outcome = await this.#app.load(async (app) => {
      tools = (await checkAppForClients({ ...serving.host.state, app })).length;
    });
    if (serving.closed) return;
    if (outcome.kind === "failed") {
      serving.problems.failed("app", problemEvent("server", "app", outcome.problem));
      return;
    }
    serving.problems.succeeded("app");
    await serving.host.update({ app: outcome.app });
    if ((await serving.dropUnrendered()).length > 0) await serving.host.update({ widgets: serving.widgets.entries() });
    const durationMs = performance.now() - started;
    serving.events.report({ type: "rebuild", kind: "server", name: "app", durationMs, tools, file });
  }

  /** The widgets whose folder is gone, once the app no longer renders them (its tools check without them). */
  async #unrenderedWidgets(): Promise<string[]> {
    const { widgets, host } = this.#serving;
    const missing = widgets.missing;
    if (missing.length === 0) return [];
    const kept = new Map([...widgets.entries()].filter(([name]) => !missing.includes(name)));
    try {
      await checkAppForClients({ ...host.state, widgets: kept });
    } catch {
      return [];
    }
    return missing;
  }

  close(): Promise<void> {
    this.#closing ??= closeInOrder([() => this.#serving.closeBuilders(() => this.#app.close()), () => this.#serving.closeServer()]);
    return this.#closing;
  }
}

import { existsSync } from "node:fs";
import { basename, delimiter, join, relative } from "node:path";
import kleur from "kleur";
import { errorMessage, isCliError } from "../errors.js";
import type { HttpHandle } from "../host/http.js";
import { WIDGETS_ONLY_APP } from "../host/project.js";
import { LOOPBACK_HOSTS } from "../host/security.js";
import { spawnChildServer, type ChildServer } from "../process/child-server.js";
import { findFreePort } from "../process/ports.js";
import { notListening, type BackendUrls, type DevBackend } from "./backend.js";
import { ContentMemo } from "./content-memo.js";
import { globToRegExp, matchesAnyGlob } from "./glob.js";
import { closeInOrder } from "./handles.js";
import { DevServing, type BackendOptions } from "./serving.js";
import type { FileChange } from "./watcher.js";
import { WidgetBuilds } from "./widget-builds.js";
import { writeWidgetOutput } from "./widget-output.js";

/**
 * Command mode (`server.command`): a server in another language runs as a child on dev's port;
 * dev builds the widgets into `outDir` for it and serves the preview page beside it.
 */
export class CommandBackend implements DevBackend {
  readonly mode = "command" as const;
  #serving: DevServing;
  #command: string;
  #watch: RegExp[];
  #inputs = new ContentMemo();
  #listening: { port: number; http: HttpHandle } | undefined;
  #child: ChildServer | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: BackendOptions, widgets: WidgetBuilds, command: string) {
    this.#command = command;
    this.#watch = options.config.server.watch.map(globToRegExp);
    this.#serving = new DevServing(options, widgets, WIDGETS_ONLY_APP, {
      widgetsSwapped: (entries, changed) => writeWidgetOutput(options.config, entries, changed),
    });
  }

  /** Builds the widgets and writes them where the child reads them. */
  static async prepare(options: BackendOptions & { command: string }): Promise<CommandBackend> {
    const widgets = new WidgetBuilds(options.config);
    const outcomes = await widgets.buildAll();
    const backend = new CommandBackend(options, widgets, options.command);
    backend.#serving.reportFirstBuilds(outcomes);
    writeWidgetOutput(options.config, backend.#serving.host.state.widgets);
    return backend;
  }

  async listen(port: number, strict: boolean, beforeServe?: (port: number) => Promise<void>): Promise<void> {
    const childPort = await findFreePort(port, this.#serving.config.host, strict);
    // The preview's MCP client talks to the real server, not to dev's widgets-only host.
    const http = await this.#serving.listenHttp(port === 0 ? 0 : childPort + 1, false, this.#mcpUrl(childPort));
    this.#listening = { port: childPort, http };
    await beforeServe?.(childPort);
    try {
      await this.#startChild();
    } catch (error) {
      this.#serving.problems.failed("command", childProblem(error), true);
    }
  }

  urls(): BackendUrls {
    if (!this.#listening) throw notListening();
    const { port, http } = this.#listening;
    return { port, url: this.#localOrigin(port), mcpUrl: this.#mcpUrl(port), previewUrl: `${http.origin}/` };
  }

  async summary() {
    return { app: basename(this.#serving.config.root), tools: undefined, widgets: this.#serving.host.state.widgets.size, childPid: this.#childPid() };
  }

  setTunnelUrl(url: string | undefined): void {
    // The child checks Host itself: it restarts to accept the new one.
    if (this.#serving.setTunnelUrl(url) && this.#child) void this.#serving.queue.run("child", () => this.#restartChild(undefined));
  }

  handleChange(change: FileChange): void {
    const serving = this.#serving;
    if (serving.closed) return;
    serving.handleWidgetChange(change);
    const file = relative(serving.config.root, change.path);
    const childFile = change.kind !== "addDir" && change.kind !== "unlinkDir" && matchesAnyGlob(file, this.#watch);
    if (childFile && this.#inputs.changed(change.path)) void serving.queue.run("child", () => this.#restartChild(file));
  }

  idle(): Promise<void> {
    return this.#serving.idle();
  }

  #childPid(): number | undefined {
    return this.#child?.pid;
  }

  #localOrigin(port: number): string {
    const host = this.#serving.config.host;
    const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    return `http://${shown}:${port}`;
  }

  #mcpUrl(port: number): string {
    const template = this.#serving.config.server.url;
    return template ? template.replaceAll("{port}", String(port)) : `${this.#localOrigin(port)}/mcp`;
  }

  #childEnv(port: number): NodeJS.ProcessEnv {
    const { config, tunnelUrl } = this.#serving;
    const tunnelHost = tunnelUrl ? new URL(tunnelUrl).hostname : undefined;
    const allowed = [...LOOPBACK_HOSTS.filter((h) => h !== "::1"), ...(tunnelHost ? [tunnelHost] : []), ...config.allowedHosts];
    const venv = join(config.root, ".venv", "bin");
    return {
      ...process.env,
      PORT: String(port),
      HOST: config.host,
      ALLOWED_HOSTS: [...new Set(allowed)].join(","),
      CHATGPT_APP_DEV: "1",
      // The MCP URL hosts reach it at (the tunnel's), for what follows it: the OAuth audience, say.
      ...(tunnelUrl ? { CHATGPT_APP_PUBLIC_URL: new URL("mcp", tunnelUrl.endsWith("/") ? tunnelUrl : `${tunnelUrl}/`).href } : {}),
      CHATGPT_APP_OUT_DIR: config.outDir,
      // Prints as it happens, not when a buffer fills.
      PYTHONUNBUFFERED: "1",
      // A project's own virtual environment comes first, as npm puts node_modules/.bin first.
      ...(existsSync(venv) ? { PATH: `${venv}${delimiter}${process.env.PATH ?? ""}`, VIRTUAL_ENV: join(config.root, ".venv") } : {}),
    };
  }

  async #startChild(): Promise<void> {
    const { config, events, log } = this.#serving;
    const port = this.urls().port;
    const child = spawnChildServer({
      command: this.#command.replaceAll("{port}", String(port)),
      cwd: config.root,
      env: this.#childEnv(port),
      mcpUrl: this.#mcpUrl(port),
      onOutput: (line) => log.info(`${kleur.dim("[server]")} ${line}`),
      onUnexpectedExit: (code, signal) => {
        if (this.#child !== child || this.#serving.closed) return;
        events.report({
          type: "warning",
          code: "server_command_exited",
          message: `server.command ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; it starts again on the next save of ${config.server.watch.join(", ") || "its files"}.`,
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
    const serving = this.#serving;
    if (serving.closed) return;
    const started = performance.now();
    serving.problems.began("command");
    await this.#child?.close();
    this.#child = undefined;
    try {
      await this.#startChild();
    } catch (error) {
      if (!serving.closed) serving.problems.failed("command", childProblem(error));
      return;
    }
    serving.problems.succeeded("command");
    const durationMs = performance.now() - started;
    serving.events.report({ type: "rebuild", kind: "server", name: "command", durationMs, file, childPid: this.#childPid() });
  }

  close(): Promise<void> {
    // The child last: a restart under way is ended by closing it.
    this.#closing ??= closeInOrder([() => this.#serving.closeBuilders(), () => this.#serving.closeServer(), () => this.#child?.close()]);
    return this.#closing;
  }
}

function childProblem(error: unknown) {
  const code = isCliError(error) ? error.code : "server_command_failed";
  const hint = isCliError(error) && error.hint ? `\n${error.hint}` : "";
  return { kind: "server" as const, name: "command", code, message: `${errorMessage(error)}${hint}` };
}

/**
 * The preview page: the app's tools and widgets, each widget hosted the way the emulated host
 * hosts it (its profile, `src/preview/hosts/`; ChatGPT by default), with the host's controls
 * (theme, locale, device, and the host itself when there are several) and live reload from the
 * dev server.
 */
import type { Resource, Tool } from "@modelcontextprotocol/client";
import { HOST_PROFILES, hostProfile, type DisplayMode, type HostProfile, type Theme } from "../hosts/index.js";
import { h, options } from "./dom.js";
import { connectPreviewClient, type PreviewClient } from "./mcp-client.js";
import { loadSession, sessionAuth, signInPanel } from "./sign-in.js";
import type { PreviewEvent } from "./protocol.js";
import { WidgetPanel, type GlobalEnv } from "./widget-panel.js";

/** The page's controls, saved across reloads. */
type PageEnv = GlobalEnv & { host: string };

const ENV_KEY = "chatgpt-app-preview:env";
/** Quiet time after a widget rebuild before the tool list is read again. */
const LIST_AFTER_REBUILDS_MS = 200;
const LOCALES = ["en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "ja-JP", "pt-BR", "ar-SA"];

/** Frames live on the other loopback name: another origin, as a host's sandbox is. */
function otherLoopbackOrigin(): string | undefined {
  const { hostname, port, protocol } = location;
  const other = hostname === "localhost" ? "127.0.0.1" : hostname === "127.0.0.1" ? "localhost" : undefined;
  return other ? `${protocol}//${other}${port ? `:${port}` : ""}` : undefined;
}

/** `ui://widget/<name>-<hash>.html` → `<name>`: one panel per widget, whatever its build. */
function widgetKeyOf(uri: string): string {
  return /^ui:\/\/widget\/([A-Za-z0-9_-]+?)(?:-[0-9a-f]{6,64})?\.html$/.exec(uri)?.[1] ?? uri;
}

function readSavedEnv(): Partial<PageEnv> {
  try {
    return JSON.parse(localStorage.getItem(ENV_KEY) ?? "{}") as Partial<PageEnv>;
  } catch {
    return {};
  }
}

/**
 * The saved controls, kept to what the host offers. `?host=<id>`, `?theme=light|dark`,
 * `?device=<name>` and `?locale=<tag>` win (stable: other commands open the page with them).
 */
function loadEnv(): PageEnv {
  const saved = readSavedEnv();
  const query = new URLSearchParams(location.search);
  const host = hostProfile(query.get("host") ?? saved.host);
  return fitEnv(host, {
    host: host.id,
    theme: (query.get("theme") as Theme | null) ?? saved.theme ?? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"),
    locale: query.get("locale") ?? saved.locale ?? (navigator.language || "en-US"),
    device: query.get("device") ?? saved.device ?? "",
  });
}

function fitEnv(host: HostProfile, env: PageEnv): PageEnv {
  const devices = Object.keys(host.devices);
  return {
    ...env,
    host: host.id,
    theme: host.themes.includes(env.theme) ? env.theme : host.themes[0]!,
    device: devices.includes(env.device) ? env.device : devices[0]!,
  };
}

class Preview {
  readonly #client: PreviewClient;
  readonly #version: string;
  readonly #only = new URLSearchParams(location.search).get("widget");
  readonly #panels = new Map<string, WidgetPanel>();
  readonly #errors = new Map<string, string>();
  #tools: Tool[] = [];
  #listAgain: ReturnType<typeof setTimeout> | undefined;
  #env = loadEnv();
  #host = hostProfile(this.#env.host);
  readonly #ui = {
    app: h("span", { class: "app-name" }),
    status: h("span", { class: "status" }, "connecting…"),
    host: h("select", { class: "host", "aria-label": "Host" }, ...options(HOST_PROFILES.map((p) => p.id), this.#host.id, Object.fromEntries(HOST_PROFILES.map((p) => [p.id, p.label])))),
    theme: h("select", { class: "theme", "aria-label": "Theme" }, ...options(this.#host.themes, this.#env.theme)),
    locale: h("input", { class: "locale", type: "text", list: "locales", size: 8, value: this.#env.locale, "aria-label": "Locale" }),
    device: h("select", { class: "device", "aria-label": "Device" }, ...options(Object.keys(this.#host.devices), this.#env.device)),
    banner: h("div", { class: "banner", hidden: true }),
    tools: h("ul", { class: "tool-list" }),
    widgets: h("ul", { class: "widget-list" }),
    main: h("main"),
  };

  constructor(client: PreviewClient, version: string) {
    this.#client = client;
    this.#version = version;
    const ui = this.#ui;
    ui.app.textContent = client.serverName();
    document.getElementById("app")!.append(
      h(
        "header",
        {},
        h("h1", {}, "chatgpt-app preview"),
        ui.app,
        // One host needs no choice; a second profile in the registry brings the control.
        ...(HOST_PROFILES.length > 1 ? [h("label", {}, "Host", ui.host)] : []),
        h("label", {}, "Theme", ui.theme),
        h("label", {}, "Locale", ui.locale, h("datalist", { id: "locales" }, ...LOCALES.map((l) => h("option", { value: l })))),
        h("label", {}, "Device", ui.device),
        ui.status,
      ),
      h("div", { class: "layout" }, h("aside", {}, h("h2", {}, "Tools"), ui.tools, h("h2", {}, "Widgets"), ui.widgets), h("div", {}, ui.banner, ui.main)),
    );
    ui.host.addEventListener("change", () => this.#setHost(hostProfile(ui.host.value)));
    document.body.dataset.host = this.#host.id;
    ui.theme.addEventListener("change", () => this.#setEnv({ theme: ui.theme.value as Theme }));
    ui.device.addEventListener("change", () => this.#setEnv({ device: ui.device.value }));
    ui.locale.addEventListener("change", () => {
      try {
        this.#setEnv({ locale: Intl.getCanonicalLocales(ui.locale.value.trim())[0] ?? "en-US" });
      } catch {
        ui.locale.value = this.#env.locale;
      }
    });
  }

  #setEnv(changes: Partial<GlobalEnv>): void {
    this.#env = { ...this.#env, ...changes };
    localStorage.setItem(ENV_KEY, JSON.stringify(this.#env));
    for (const panel of this.#panels.values()) panel.applyEnv();
  }

  /** Another host: its controls, and every widget hosted again from scratch the way it hosts them. */
  #setHost(host: HostProfile): void {
    this.#host = host;
    document.body.dataset.host = host.id;
    this.#env = fitEnv(host, this.#env);
    localStorage.setItem(ENV_KEY, JSON.stringify(this.#env));
    this.#ui.theme.replaceChildren(...options(host.themes, this.#env.theme));
    this.#ui.device.replaceChildren(...options(Object.keys(host.devices), this.#env.device));
    for (const panel of this.#panels.values()) panel.dispose();
    this.#panels.clear();
    this.#refresh();
  }

  /** Reads the tool and resource lists again; panels whose widget has a new URI reload. */
  async refresh(): Promise<void> {
    const [tools, resources] = await Promise.all([this.#client.listTools(), this.#client.listResources()]);
    this.#tools = tools;
    const groups = new Map<string, { uri: string; tools: Tool[]; meta: Record<string, unknown> }>();
    for (const tool of tools) {
      const uri = this.#host.widgetUriOf(tool);
      if (!uri) continue;
      const key = widgetKeyOf(uri);
      const group = groups.get(key) ?? { uri, tools: [], meta: {} };
      group.tools.push(tool);
      groups.set(key, group);
    }
    for (const resource of resources as Resource[]) {
      if (!resource.mimeType || !this.#host.widgetMimeTypes.includes(resource.mimeType)) continue;
      const key = widgetKeyOf(resource.uri);
      const group = groups.get(key) ?? { uri: resource.uri, tools: [], meta: {} };
      group.meta = (resource._meta as Record<string, unknown> | undefined) ?? {};
      groups.set(key, group);
    }
    const keys = [...groups.keys()].filter((k) => !this.#only || k === this.#only).sort();
    for (const key of keys) {
      const { uri, tools: rendering, meta } = groups.get(key)!;
      const existing = this.#panels.get(key);
      if (existing) {
        existing.update(uri, rendering, meta);
        continue;
      }
      const panel = new WidgetPanel(this.#panelContext(), key, uri, rendering, meta);
      this.#panels.set(key, panel);
      panel.applyEnv();
      const error = this.#errors.get(`widget:${key}`);
      if (error) panel.showBuildError(error);
    }
    for (const [key, panel] of this.#panels) {
      if (keys.includes(key)) continue;
      this.#panels.delete(key);
      panel.dispose();
    }
    this.#place(keys.map((k) => this.#panels.get(k)!));
    this.#renderLists(groups);
    this.#ui.status.textContent = `${count(tools.length, "tool")} · ${count(groups.size, "widget")}`;
    document.body.dataset.ready = "true";
  }

  /**
   * Puts the panels in order without moving one already in place: an iframe taken out of the
   * document and put back loads again, on a window its bridge no longer listens to.
   */
  #place(panels: WidgetPanel[]): void {
    const main = this.#ui.main;
    const wanted = new Set(panels.map((p) => p.element));
    for (const element of [...main.children]) if (!wanted.has(element as HTMLElement)) element.remove();
    panels.forEach((panel, i) => {
      if (main.children[i] === panel.element) return;
      const moved = panel.element.isConnected;
      main.insertBefore(panel.element, main.children[i] ?? null);
      if (moved) void panel.reload();
    });
  }

  #panelContext() {
    return {
      client: this.#client,
      host: this.#host,
      version: this.#version,
      frameOrigin: otherLoopbackOrigin(),
      env: () => this.#env,
      serverUrl: document.body.dataset.serverUrl || new URL(document.body.dataset.mcpPath ?? "/mcp", location.origin).href,
      allTools: () => this.#tools,
      displayModeChanged: (panel: WidgetPanel, mode: DisplayMode) => {
        if (mode === "inline") return;
        for (const other of this.#panels.values()) if (other !== panel && other.displayMode !== "inline") other.setDisplayMode("inline");
      },
    };
  }

  #renderLists(groups: Map<string, { tools: Tool[] }>): void {
    this.#ui.tools.replaceChildren(
      ...this.#tools.map((tool) => {
        const uri = this.#host.widgetUriOf(tool);
        const visibility = ((tool._meta as { ui?: { visibility?: string[] } } | undefined)?.ui?.visibility ?? ["model", "app"]).join(", ");
        return h("li", {}, tool.title ?? tool.name, h("small", {}, `${tool.name} · ${uri ? `widget ${widgetKeyOf(uri)}` : "no widget"} · ${visibility}`));
      }),
    );
    this.#ui.widgets.replaceChildren(
      ...[...groups.keys()].sort().map((key) => h("li", {}, h("a", { href: `?widget=${encodeURIComponent(key)}` }, key))),
    );
  }

  /** Live reload: the dev server says what rebuilt or failed. */
  handle(event: PreviewEvent): void {
    if (event.type === "build-error") {
      this.#errors.set(`${event.kind}:${event.name}`, event.message);
      if (event.kind === "widget") this.#panels.get(event.name)?.showBuildError(event.message);
      this.#renderBanner();
      return;
    }
    if (event.type === "widget-rebuilt") {
      this.#errors.delete(`widget:${event.name}`);
      const panel = this.#panels.get(event.name);
      panel?.clearBuildError();
      // The new document first; the tool list (whose _meta names the new URI) once it shows and the
      // rebuilds have paused: read at once, it would compete with the next edit's rebuild and frame.
      clearTimeout(this.#listAgain);
      void (panel?.rebuilt(event.uri, event.source, event.frame) ?? Promise.resolve()).then(() => {
        clearTimeout(this.#listAgain);
        this.#listAgain = setTimeout(() => this.#refresh(), LIST_AFTER_REBUILDS_MS);
      });
      return;
    }
    for (const key of [...this.#errors.keys()]) if (!key.startsWith("widget:")) this.#errors.delete(key);
    this.#renderBanner();
    this.#refresh();
  }

  #refresh(): void {
    void this.refresh().catch((error: unknown) => this.#showStatus(`refresh failed: ${(error as Error).message}`));
  }

  #renderBanner(): void {
    const errors = [...this.#errors].filter(([key]) => !key.startsWith("widget:"));
    this.#ui.banner.hidden = errors.length === 0;
    this.#ui.banner.replaceChildren(...errors.map(([key, message]) => h("div", {}, h("strong", {}, `Build error (${key})`), h("pre", {}, message))));
  }

  #showStatus(text: string): void {
    this.#ui.status.textContent = text;
  }

  listen(): void {
    const source = new EventSource("/__chatgpt-app/events");
    let lost = false;
    source.onmessage = (e: MessageEvent<string>) => this.handle(JSON.parse(e.data) as PreviewEvent);
    source.onerror = () => {
      lost = true;
      this.#showStatus("dev server unreachable, reconnecting…");
    };
    source.onopen = () => {
      if (!lost) return;
      lost = false;
      void this.refresh().catch(() => undefined);
    };
  }
}

async function start(): Promise<void> {
  const { mcpPath = "/mcp", version = "" } = document.body.dataset;
  try {
    const session = await loadSession();
    const client = await connectPreviewClient(new URL(mcpPath, location.origin), version, session.enabled ? sessionAuth : undefined);
    const preview = new Preview(client, version);
    document.querySelector("header")?.append(signInPanel(session));
    preview.listen();
    await preview.refresh();
  } catch (error) {
    document.getElementById("app")!.replaceChildren(
      h("div", { class: "banner" }, h("strong", {}, "The preview could not reach the app's MCP server"), h("pre", {}, String((error as Error).message))),
    );
  }
}

void start();

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

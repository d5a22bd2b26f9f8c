import { EventEmitter } from "node:events";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { loadConfig } from "../../src/config/load-config.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject, widgetEntries } from "../../src/host/project.js";
import { createPreviewRoutes, type PreviewEvent, type PreviewRoutes } from "../../src/preview/routes.js";
import { createWidgetBundler } from "../../src/widgets/bundle.js";
import { waitFor } from "../helpers/mcp.js";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";

/** React for widgets that use chatgpt-app/react, linked from this repo like the SDK. */
export function linkReact(dir: string): void {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  for (const name of ["react", "react-dom"]) {
    const target = join(dir, "node_modules", name);
    if (!existsSync(target)) symlinkSync(join(REPO_ROOT, "node_modules", name), target, "dir");
  }
}

export interface PreviewServer {
  project: TempProject;
  config: ResolvedConfig;
  host: Host;
  http: HttpHandle;
  routes: PreviewRoutes;
  /** The page, on `localhost` (its frames are then on `127.0.0.1`: another origin). */
  pageUrl: string;
  emit(event: PreviewEvent): void;
  /** What dev does on a widget save: rebuild it, swap it into the host, tell the page. */
  rebuildWidget(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The preview routes mounted on the real host HTTP server for a fixture project, the way
 * `chatgpt-app dev` mounts them; the test plays the dev loop's part with `rebuildWidget`.
 */
export async function startPreviewServer(fixture: string): Promise<PreviewServer> {
  const project = tempProject(fixture);
  linkReact(project.dir);
  return startPreviewServerIn(project);
}

/** The same, for a project already on disk (a scaffolded template). */
export async function startPreviewServerIn(project: TempProject): Promise<PreviewServer> {
  const config = await loadConfig(project.dir);
  const loaded = await loadProject(config, { mode: "development" });
  const host = new Host(loaded.state);
  const events = new EventEmitter<{ preview: [PreviewEvent] }>();
  const routes = createPreviewRoutes({ events, version: "test", servedWidget: (name) => host.state.widgets.get(name) });
  const http = await startHttpServer(host, { port: 0, extraRoutes: routes.handle });
  const bundler = createWidgetBundler({ root: project.dir, widgetsDir: config.widgetsDir, minify: false });
  const built = new Map(loaded.widgets.map((w) => [w.name, w]));
  return {
    project,
    config,
    host,
    http,
    routes,
    pageUrl: `http://localhost:${http.port}/`,
    emit: (event) => events.emit("preview", event),
    async rebuildWidget(name) {
      const result = await bundler.build(name);
      if (!result.ok) {
        events.emit("preview", { type: "build-error", kind: "widget", name, message: result.failure.message });
        return;
      }
      built.set(name, result.widget);
      await host.update({ widgets: widgetEntries(config, [...built.values()]) });
      events.emit("preview", { type: "widget-rebuilt", name, uri: result.widget.uri, hash: result.widget.hash });
    },
    async close() {
      routes.close();
      await bundler.close();
      await http.close();
      project.remove();
    },
  };
}

/** The frame of one widget panel. */
/** The frame shown (one being prepared to replace it carries `data-pending`). */
export const widgetFrame = (page: Page, widget: string) => page.frameLocator(`[data-widget="${widget}"] iframe:not([data-pending])`);

/** Polls a selector's text in a widget's frame until `check` passes; gives the last text on failure. */
export async function waitForWidgetText(page: Page, widget: string, selector: string, check: (text: string) => boolean, timeout = 20_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = (await widgetFrame(page, widget).locator(selector).textContent({ timeout: 2_000 }).catch(() => null)) ?? "";
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`${widget} ${selector} never matched; last text: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The texts of a panel's log entries, newest first. */
export function logTexts(page: Page, widget: string): Promise<string[]> {
  return page.locator(`[data-widget="${widget}"] .log-entries li`).allTextContents();
}

/** The faces the dice widget shows. */
export const diceFaces = (page: Page) => widgetFrame(page, "dice").locator(".face").allTextContents();

/** The rolls of the newest `roll_dice result` in the dice panel's log, once it holds `count` results. */
export async function lastLoggedRolls(page: Page, count: number): Promise<string[]> {
  const results = await waitFor(async () => {
    const found = (await logTexts(page, "dice")).filter((t) => /roll_dice result/.test(t));
    return found.length >= count ? found : undefined;
  });
  const json = JSON.parse(/(\{.*\})/.exec(results[0]!)![1]!) as { rolls: number[] };
  return json.rolls.map(String);
}

import { existsSync } from "node:fs";
import { relative } from "node:path";
import type { AnyAppDefinition } from "../app/define-app.js";
import { AppDefinitionError } from "../app/tool-meta.js";
import type { AppContext } from "../app/types.js";
import type { ResolvedConfig } from "../config/types.js";
import { CliError, ExitCode } from "../errors.js";
import { buildWidgets, type BuiltWidget, type WidgetBuildFailure, type WidgetResult } from "../widgets/bundle.js";
import { buildErrorDocument, contentHash, widgetUri } from "../widgets/html.js";
import { createAppServer, widgetEntry, widgetOptionsFor, type AppState, type WidgetEntry } from "./app-state.js";
import { ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { connectInMemory, listAll } from "./in-memory.js";
import { loadApp, locationFromStack, withSdkLine, type AppLoadFailure } from "./load-app.js";

/** An app with no server module (a Python backend serves it): widgets only. */
export const WIDGETS_ONLY_APP: AnyAppDefinition = { name: "widgets", setup() {} };

/**
 * The widgets as the host serves them. A widget that failed to build is served as a page
 * showing its error, so the tools that render it still resolve and the error is visible.
 */
export function widgetEntries(
  config: ResolvedConfig,
  built: BuiltWidget[],
  failures: WidgetBuildFailure[] = [],
): Map<string, WidgetEntry> {
  const optionsFor = (name: string) => widgetOptionsFor(name, config.widgetDefaults, config.widgetOverrides);
  const entries = new Map(built.map((w) => [w.name, widgetEntry(w, optionsFor(w.name))]));
  for (const failure of failures) {
    const html = buildErrorDocument(failure.name, failure.message);
    const hash = contentHash(html);
    entries.set(failure.name, widgetEntry({ name: failure.name, html, hash, uri: widgetUri(failure.name, hash) }, optionsFor(failure.name)));
  }
  return new Map([...entries].sort(([a], [b]) => a.localeCompare(b)));
}

export function splitResults(results: WidgetResult[]): { built: BuiltWidget[]; failures: WidgetBuildFailure[] } {
  const built: BuiltWidget[] = [];
  const failures: WidgetBuildFailure[] = [];
  for (const r of results) {
    if (r.ok) built.push(r.widget);
    else failures.push(r.failure);
  }
  return { built, failures };
}

/** True when the project has a TypeScript/JavaScript app module to serve. */
export function hasAppModule(config: ResolvedConfig): boolean {
  return existsSync(config.entry);
}

/** The error for a missing app module, unless another server (server.command) serves the app. */
export function missingEntryError(config: ResolvedConfig): CliError {
  return new CliError("app_not_found", `No app module at ${relative(config.root, config.entry) || config.entry}.`, {
    hint: 'Create server/index.ts exporting defineApp({ … }) from "chatgpt-app/server", or set server.entry in chatgpt-app.config.',
  });
}

export function appLoadError(config: ResolvedConfig, failure: AppLoadFailure): CliError {
  return new CliError(
    failure.phase === "compile" ? "app_compile_error" : "app_load_error",
    `The app in ${relative(config.root, config.entry)} ${failure.phase === "compile" ? "does not compile" : "failed to load"}:\n${failure.message}`,
    { location: failure.location ? `${failure.location.file}:${failure.location.line}:${failure.location.column}` : undefined },
  );
}

/**
 * Runs the app's setup once on a throwaway server, so definition mistakes surface at load
 * time: every one of them (not only the first), each with where in `root` the tool is registered.
 */
export async function checkAppState(state: AppState, root?: string): Promise<void> {
  const problems: Array<{ message: string; tool: string | undefined; location: string | undefined }> = [];
  const onDefinitionError = (error: AppDefinitionError, site: Error) => {
    const at = root ? locationFromStack(site, root) : undefined;
    problems.push({ message: error.message, tool: error.tool, location: at ? `${at.file}:${at.line}:${at.column}` : undefined });
  };
  const server = await createAppServer({ ...state, onDefinitionError }, { checkSchemas: true });
  await server.close();
  if (problems.length === 0) return;
  const lines = problems.map((p) => (p.location ? `${p.location}: ${p.message}` : p.message));
  const message = problems.length === 1 ? lines[0]! : `${problems.length} tool definitions are invalid:\n  ${lines.join("\n  ")}`;
  throw new AppDefinitionProblems(message, problems.find((p) => p.location)?.location, problems.length === 1 ? problems[0]!.tool : undefined);
}

/** Every definition mistake of an app, with the place of the first that has one. */
class AppDefinitionProblems extends AppDefinitionError {
  constructor(
    message: string,
    readonly location: string | undefined,
    tool: string | undefined,
  ) {
    super(message, tool);
  }
}

/**
 * Runs the app's setup and lists its tools, checked the way the official SDK client checks
 * them (it rejects a list that breaks the MCP schema: a hint that is not a boolean, say).
 * What dev checks before a swap and build before it writes. Returns the tools as sent.
 */
export async function checkAppForClients(state: AppState): Promise<Array<Record<string, unknown>>> {
  const connection = await connectInMemory(state, "chatgpt-app-check", undefined, { checkSchemas: true });
  try {
    const tools = await listAll(connection.rawRequest, "tools/list", "tools");
    const checked = ListToolsResultSchema.safeParse({ tools });
    if (!checked.success) {
      const detail = checked.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("\n  ");
      throw new AppDefinitionError(`MCP clients would reject this app's tools/list:\n  ${detail}`);
    }
    return tools;
  } finally {
    await connection.close();
  }
}

export interface ProjectState {
  state: AppState;
  widgets: BuiltWidget[];
  widgetFailures: WidgetBuildFailure[];
}

/**
 * Loads a project in process: its config's widgets (built now) and its app module (or
 * the one given). Throws a CliError when the app cannot load; widget failures are returned.
 */
export async function loadProject(
  config: ResolvedConfig,
  options: { mode: AppContext["mode"]; minify?: boolean; app?: AnyAppDefinition },
): Promise<ProjectState> {
  const widgetsPromise = buildWidgets({ root: config.root, widgetsDir: config.widgetsDir, minify: options.minify ?? false });
  let app = options.app && withSdkLine(options.app, config.root);
  if (!app) {
    if (hasAppModule(config)) {
      const loaded = await loadApp({ root: config.root, entry: config.entry });
      if (!loaded.ok) throw appLoadError(config, loaded.failure);
      app = loaded.app;
    } else if (config.server.command) {
      app = WIDGETS_ONLY_APP;
    } else {
      throw missingEntryError(config);
    }
  }
  const { built, failures } = splitResults(await widgetsPromise);
  const state: AppState = { app, widgets: widgetEntries(config, built, failures), mode: options.mode };
  try {
    await checkAppState(state, config.root);
  } catch (error) {
    if (error instanceof AppDefinitionError) {
      // A mistake in the user's app, like the problems lint finds: exit 1, as build says too.
      throw new CliError("app_definition_invalid", error.message, {
        exitCode: ExitCode.problems,
        location: error instanceof AppDefinitionProblems ? error.location : undefined,
        hint: "Fix the tool definition in your app module; chatgpt-app checks it before serving.",
      });
    }
    throw appLoadError(config, { phase: "load", message: (error as Error).message, location: undefined });
  }
  return { state, widgets: built, widgetFailures: failures };
}

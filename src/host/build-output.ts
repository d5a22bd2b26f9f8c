import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { checkAppDefinition, type AnyAppDefinition } from "../app/define-app.js";
import { RESOURCE_MIME_TYPE, type SdkLine } from "../app/types.js";
import type { ResolvedConfig } from "../config/types.js";
import { CliError, ExitCode, errorMessage } from "../errors.js";
import { nodeModuleOptions } from "../util/bundle-module.js";
import { buildWidgets, type WidgetBuildFailure } from "../widgets/bundle.js";
import { contentHash, widgetUri } from "../widgets/html.js";
import type { AppState, WidgetEntry } from "./app-state.js";
import { AppDefinitionError } from "../app/tool-meta.js";
import { missingPackageImport, withSdkLine } from "./load-app.js";
import { appLoadError, checkAppForClients, checkAppState, hasAppModule, missingEntryError, splitResults, WIDGETS_ONLY_APP, widgetEntries } from "./project.js";
import type { RateLimitConfig } from "../state/services.js";

export const MANIFEST_VERSION = 1;

/** `dist/manifest.json`: what was built, for `start`, for a Python backend and for people. */
export interface BuildManifest {
  manifestVersion: typeof MANIFEST_VERSION;
  generator: string;
  /** `sdk`: the MCP SDK line the app is written for (1 when absent: a build of an older chatgpt-app). */
  app: { name: string; version: string | undefined; sdk?: SdkLine };
  /** The bundled app module, relative to the manifest, or null for a widgets-only build. */
  server: string | null;
  widgets: Array<{
    name: string;
    file: string;
    uri: string;
    hash: string;
    bytes: number;
    mimeType: string;
    _meta: Record<string, unknown>;
    title: string | undefined;
    description: string | undefined;
  }>;
  /** `tools/list` as a client receives it. */
  tools: Array<Record<string, unknown>>;
  serve: { port: number; host: string; allowedHosts: string[]; bodyLimit: number; trustProxy?: boolean; shutdownTimeout?: number; sseKeepAlive?: number; openaiAppsChallenge?: string; auth?: BuiltAuth; rateLimit?: RateLimitConfig };
}

/** The config's `auth`, as the build records it for `start` (a function cannot be written down). */
export type BuiltAuth = Omit<NonNullable<ResolvedConfig["auth"]>, "introspect">;

function builtAuth(config: ResolvedConfig): BuiltAuth | undefined {
  const { introspect, ...rest } = config.auth;
  if (introspect) {
    throw new CliError("config_invalid", "auth.introspect in the config is a function, which the build cannot carry to start.", {
      hint: "Move it to the app: defineApp({ auth: { introspect } }) in the server entry.",
    });
  }
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return Object.keys(set).length ? (set as BuiltAuth) : undefined;
}

export interface BuildReport {
  outDir: string;
  manifest: BuildManifest;
  files: Array<{ path: string; bytes: number }>;
}

function widgetFailureError(config: ResolvedConfig, failures: WidgetBuildFailure[]): CliError {
  const details = failures.map((f) => `widget "${f.name}":\n${f.message}`).join("\n\n");
  const first = failures[0]?.location;
  return new CliError(
    "widget_build_failed",
    `${failures.length} widget${failures.length === 1 ? "" : "s"} failed to build; nothing was written to ${relative(config.root, config.outDir) || "."}/.\n${details}`,
    { exitCode: ExitCode.problems, location: first ? `${first.file}:${first.line}:${first.column}` : undefined },
  );
}

async function bundleServer(config: ResolvedConfig): Promise<{ code: string; metafile: esbuild.Metafile | undefined }> {
  try {
    const options = nodeModuleOptions(config.root, config.entry);
    // A map (positions only, no sources) so that start's stack traces name the user's files.
    const outfile = join(config.outDir, "server.js");
    const result = await esbuild.build({ ...options, outfile, plugins: [], sourcemap: "inline", sourcesContent: false, minify: false });
    return { code: result.outputFiles![0]!.text, metafile: result.metafile };
  } catch (error) {
    const errors = (error as esbuild.BuildFailure).errors;
    if (!errors?.length) throw error;
    const message = (await esbuild.formatMessages(errors, { kind: "error" })).join("").trimEnd();
    const loc = errors.find((e) => e.location)?.location;
    const err = appLoadError(config, {
      phase: "compile",
      message,
      location: loc ? { file: loc.file, line: loc.line, column: loc.column + 1 } : undefined,
    });
    throw new CliError(err.code, err.message, { location: err.location, exitCode: ExitCode.problems });
  }
}

async function importApp(file: string, label: string, metafile?: { root: string; metafile: esbuild.Metafile | undefined }): Promise<AnyAppDefinition> {
  process.setSourceMapsEnabled(true);
  try {
    const module = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default?: unknown };
    return checkAppDefinition(module.default, label);
  } catch (error) {
    // Named by the user's import, not by the built file.
    const unresolved = metafile && missingPackageImport(error, metafile.root, metafile.metafile);
    if (unresolved) {
      const { file: at, line, column } = unresolved.location;
      throw new CliError("app_load_error", `${label} failed to load: ${unresolved.message}`, { exitCode: ExitCode.problems, location: `${at}:${line}:${column}` });
    }
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec(errorMessage(error))?.[1];
    throw new CliError("app_load_error", `${label} failed to load: ${errorMessage(error)}`, {
      exitCode: ExitCode.problems,
      hint: missing
        ? `The built server imports its packages at run time: install it in the project (npm install ${missing.startsWith(".") || missing.startsWith("/") ? "<package>" : missing}).`
        : "The app threw while loading; the message above says where.",
    });
  }
}


/**
 * Builds into a staging folder and moves the result into place only when everything
 * built, so a failed build never leaves a half-written dist/.
 */
export async function writeBuild(config: ResolvedConfig, generator: string): Promise<BuildReport> {
  const withServer = hasAppModule(config);
  if (!withServer && !config.server.command) throw missingEntryError(config);

  const [results, serverCode] = await Promise.all([
    buildWidgets({ root: config.root, widgetsDir: config.widgetsDir, minify: true }),
    withServer ? bundleServer(config) : Promise.resolve(undefined),
  ]);
  const { built, failures } = splitResults(results);
  if (failures.length) throw widgetFailureError(config, failures);

  const auth = builtAuth(config);
  const staging = join(config.outDir, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, "widgets"), { recursive: true });
  try {
    const files: BuildReport["files"] = [];
    const write = (name: string, text: string) => {
      writeFileSync(join(staging, name), text);
      files.push({ path: join(config.outDir, name), bytes: Buffer.byteLength(text) });
    };
    for (const widget of built) write(`widgets/${widget.name}.html`, widget.html);
    let app = WIDGETS_ONLY_APP;
    if (serverCode !== undefined) {
      // ESM whatever the project's own package.json says; imported from beside the
      // project's node_modules, as `start` will import it.
      write("package.json", '{ "type": "module" }\n');
      write("server.js", serverCode.code);
      const imported = await importApp(join(staging, "server.js"), relative(config.root, config.entry), { root: config.root, metafile: serverCode.metafile });
      app = withSdkLine(imported, config.root);
    }
    const entries = widgetEntries(config, built);
    const state: AppState = { app, widgets: entries, mode: "production" };
    let tools: Array<Record<string, unknown>>;
    try {
      // What an MCP client would reject fails the build rather than reaching ChatGPT.
      tools = await checkAppForClients(state);
    } catch (error) {
      throw new CliError("app_definition_invalid", errorMessage(error), {
        exitCode: ExitCode.problems,
        hint: "`chatgpt-app lint` explains each problem with the fix.",
      });
    }
    const manifest: BuildManifest = {
      manifestVersion: MANIFEST_VERSION,
      generator,
      app: { name: app.name, version: app.version, ...(app.sdk === undefined ? {} : { sdk: app.sdk }) },
      server: serverCode === undefined ? null : "server.js",
      widgets: built.map((w) => manifestWidget(entries.get(w.name)!, w.bytes)),
      tools,
      serve: {
        port: config.port,
        host: config.host,
        allowedHosts: config.allowedHosts,
        bodyLimit: config.bodyLimit,
        trustProxy: config.trustProxy,
        shutdownTimeout: config.shutdownTimeout,
        sseKeepAlive: config.sseKeepAlive,
        ...(config.openaiAppsChallenge ? { openaiAppsChallenge: config.openaiAppsChallenge } : {}),
        ...(auth ? { auth } : {}),
        ...(config.rateLimit.client || Object.keys(config.rateLimit.tools).length > 0 ? { rateLimit: config.rateLimit } : {}),
      },
    };
    write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);

    // Replace only what a build owns; anything else in the output folder is left alone.
    const owned = ["widgets", "server.js", "package.json", "manifest.json"];
    for (const name of owned) rmSync(join(config.outDir, name), { recursive: true, force: true });
    for (const name of owned) {
      if (existsSync(join(staging, name))) renameSync(join(staging, name), join(config.outDir, name));
    }
    return { outDir: config.outDir, manifest, files };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function manifestWidget(entry: WidgetEntry, bytes: number): BuildManifest["widgets"][number] {
  return {
    name: entry.name,
    file: `widgets/${entry.name}.html`,
    uri: entry.uri,
    hash: entry.hash,
    bytes,
    mimeType: RESOURCE_MIME_TYPE,
    _meta: entry.meta,
    title: entry.title,
    description: entry.description,
  };
}

/** Reads a build back for `start`: the manifest, the app module and the widget HTML. */
export async function loadBuild(dir: string): Promise<{ manifest: BuildManifest; state: AppState }> {
  const manifestFile = join(dir, "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new CliError("build_not_found", `No build at ${dir} (manifest.json is missing).`, {
      hint: "Run `chatgpt-app build` first, or point --dir at the build output.",
    });
  }
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as BuildManifest;
  } catch (error) {
    throw new CliError("build_invalid", `${manifestFile} is not valid JSON: ${errorMessage(error)}`, {
      hint: "Run `chatgpt-app build` again.",
    });
  }
  if (manifest.manifestVersion !== MANIFEST_VERSION) {
    throw new CliError("build_invalid", `${manifestFile} was written by another version of chatgpt-app.`, {
      hint: "Run `chatgpt-app build` again with this version.",
    });
  }
  const imported = manifest.server === null ? WIDGETS_ONLY_APP : await importApp(join(dir, manifest.server), manifest.server);
  const app = { ...imported, sdk: imported.sdk ?? (manifest.app?.sdk === 2 ? 2 : 1) };
  const widgets = new Map<string, WidgetEntry>();
  for (const w of manifest.widgets) {
    const html = readFileSync(join(dir, w.file), "utf8");
    // A hand-edited file gets the URI of what it now contains.
    const hash = contentHash(html);
    widgets.set(w.name, {
      name: w.name,
      html,
      hash,
      uri: widgetUri(w.name, hash),
      meta: w._meta,
      title: w.title,
      description: w.description,
    });
  }
  const state: AppState = { app, widgets, mode: "production" };
  try {
    // Run setup once, checked, as every other command does at load: a mistake stops start rather than every call.
    await checkAppState(state);
  } catch (error) {
    const invalid = error instanceof AppDefinitionError;
    throw new CliError(invalid ? "app_definition_invalid" : "app_load_error", invalid ? error.message : `${manifest.server}: setup() threw: ${errorMessage(error)}`, {
      hint: invalid ? "Fix the tool definition in your app module, then build again." : "The message above says where.",
    });
  }
  return { manifest, state };
}

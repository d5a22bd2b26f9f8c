import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join, relative, resolve, sep } from "node:path";
import * as esbuild from "esbuild";
import { discoverWidgets, WIDGET_ENTRIES, type UnindexedFolder, type WidgetSource } from "./discover.js";
import { contentHash, inlineDocument, widgetUri } from "./html.js";

/** Images and fonts become data URLs, so the document stays self-contained. */
export const DATA_URL_LOADERS: Record<string, esbuild.Loader> = Object.fromEntries(
  [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".woff", ".woff2", ".ttf", ".otf", ".eot"].map(
    (ext) => [ext, "dataurl" as esbuild.Loader],
  ),
);

/** Browsers ChatGPT supports, web and mobile web views. */
export const BROWSER_TARGET = ["es2022", "chrome111", "safari16.4", "firefox115"];

export interface BuiltWidget {
  name: string;
  entry: string;
  html: string;
  hash: string;
  uri: string;
  /** Size of the HTML in bytes. */
  bytes: number;
  /** Absolute paths of every file the bundle read, for a watcher. */
  inputs: string[];
}

/** A place in the user's source, relative to the project root; line and column from 1. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** In the config file: the key path that set the value, e.g. `widgets.csp.connectDomains[0]`. */
  key?: string;
}

export interface WidgetBuildFailure {
  name: string;
  entry: string;
  /** A stable snake_case code when the failure is not a build error (`widget_build_failed`). */
  code?: string;
  /** The first error's place, relative to the project root. */
  location: SourceLocation | undefined;
  /** Every error, formatted with file:line:col and a code frame. */
  message: string;
  inputs: string[];
}

export type WidgetResult = { ok: true; widget: BuiltWidget } | { ok: false; failure: WidgetBuildFailure };

export interface WidgetBundlerOptions {
  root: string;
  widgetsDir: string;
  minify: boolean;
  /** Colour in formatted error frames. */
  color?: boolean;
  /** esbuild plugins for every widget's context (dev pre-bundles dependencies through one). */
  plugins?: esbuild.Plugin[];
}

export interface WidgetBundler {
  /** The widgets found when the bundler was made (or last refreshed). */
  readonly sources: readonly WidgetSource[];
  /** Every widget, then a failure for each folder that has code but no entry and that no widget uses. */
  buildAll(): Promise<WidgetResult[]>;
  /** The failures of `buildAll` for folders without an entry, given every file the widgets read. */
  folderFailures(inputs: Iterable<string>): WidgetBuildFailure[];
  /** Rebuilds one widget, incrementally. */
  build(name: string): Promise<WidgetResult>;
  close(): Promise<void>;
}

function esbuildOptions(source: WidgetSource, options: WidgetBundlerOptions): esbuild.BuildOptions {
  return {
    absWorkingDir: options.root,
    entryPoints: [source.entry],
    bundle: true,
    write: false,
    // Never written (write: false); it only names the outputs, which lets CSS come out as its own file.
    outdir: join(options.root, ".chatgpt-app", "widgets", source.name),
    format: "esm",
    platform: "browser",
    target: BROWSER_TARGET,
    minify: options.minify,
    legalComments: options.minify ? "none" : "inline",
    loader: DATA_URL_LOADERS,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": JSON.stringify(options.minify ? "production" : "development") },
    metafile: true,
    logLevel: "silent",
    color: options.color ?? false,
    plugins: options.plugins ?? [],
  };
}

function inputsOf(root: string, metafile: esbuild.Metafile | undefined): string[] {
  if (!metafile) return [];
  return Object.keys(metafile.inputs)
    .filter((input) => !input.includes(":")) // skip namespaced virtual modules
    .map((input) => resolve(root, input));
}

/** The npm package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a path. */
export function packageNameOf(specifier: string): string | undefined {
  if (/^[./]/.test(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * esbuild's advice for an import it cannot resolve is for bundler authors ("mark it as
 * external", "use platform: 'node'"); a widget is one self-contained document in a browser,
 * so the advice is to install the package, or to keep Node's modules on the server.
 */
export function explainUnresolved(errors: esbuild.Message[]): esbuild.Message[] {
  return errors.map((error) => {
    const specifier = /^Could not resolve "([^"]+)"$/.exec(error.text)?.[1];
    // Only esbuild's generic advice is replaced: a package that is there but does not export the path keeps its own note.
    if (specifier === undefined || !error.notes.some((note) => /as external|built into node/.test(note.text))) return error;
    const builtin = specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!);
    const name = builtin ? specifier : packageNameOf(specifier);
    if (name === undefined) return error;
    const text = builtin
      ? `"${name}" is a Node.js module, and widgets run in the browser: do this in the server (a tool's handler) and pass the result to the widget.`
      : `The package "${name}" is not installed. Install it: npm install ${name}`;
    return { ...error, notes: [{ text, location: null }] };
  });
}

async function failureOf(
  source: WidgetSource,
  options: WidgetBundlerOptions,
  errors: esbuild.Message[],
  inputs: string[],
): Promise<WidgetBuildFailure> {
  const formatted = await esbuild.formatMessages(explainUnresolved(errors), { kind: "error", color: options.color ?? false });
  const first = errors.find((e) => e.location)?.location;
  return {
    name: source.name,
    entry: source.entry,
    location: first ? { file: first.file, line: first.line, column: first.column + 1 } : undefined,
    message: formatted.join("").trimEnd(),
    inputs: inputs.length ? inputs : [source.entry],
  };
}

async function assemble(source: WidgetSource, options: WidgetBundlerOptions, result: esbuild.BuildResult): Promise<WidgetResult> {
  const inputs = inputsOf(options.root, result.metafile);
  const files = result.outputFiles ?? [];
  const js = files.filter((f) => f.path.endsWith(".js")).map((f) => f.text).join("\n");
  const css = files.filter((f) => f.path.endsWith(".css")).map((f) => f.text).join("\n");
  let template: string | undefined;
  if (source.template) {
    template = await readFile(source.template, "utf8");
    inputs.push(source.template);
  }
  const html = inlineDocument({ title: source.name, js, css, template });
  const hash = contentHash(html);
  return {
    ok: true,
    widget: { name: source.name, entry: source.entry, html, hash, uri: widgetUri(source.name, hash), bytes: Buffer.byteLength(html), inputs },
  };
}

/**
 * A folder of `widgets/` with code but no `index.*` entry is shared code when a widget reads
 * a file of it, or names it in an import (a type-only import leaves no trace in the bundle);
 * otherwise it is a widget that will never build, and saying nothing would hide it.
 */
function unindexedFailures(root: string, folders: readonly UnindexedFolder[], inputs: Iterable<string>): WidgetBuildFailure[] {
  if (folders.length === 0) return [];
  const read = [...new Set(inputs)].filter((file) => !file.includes(`${sep}node_modules${sep}`));
  let texts: string[] | undefined;
  const mentioned = (name: string) => {
    texts ??= read.map((file) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return "";
      }
    });
    return texts.some((text) => text.includes(`/${name}/`) || text.includes(`/${name}"`) || text.includes(`/${name}'`));
  };
  return folders
    .filter((folder) => !read.some((file) => file.startsWith(folder.dir + sep)) && !mentioned(folder.name))
    .map((folder) => {
      const dir = relative(root, folder.dir);
      const entries = WIDGET_ENTRIES.join(", ");
      return {
        name: folder.name,
        entry: folder.dir,
        code: "widget_entry_missing",
        location: undefined,
        message:
          `${dir}/ has no entry file (${entries}), so it is not built as a widget, and no widget imports from it ` +
          `(it holds ${folder.files.slice(0, 3).join(", ")}${folder.files.length > 3 ? ", …" : ""}).\n` +
          `To make it a widget, name its entry ${dir}/index.tsx (or .ts, .jsx, .js); code shared by widgets belongs in a folder they import from.`,
        inputs: [folder.dir],
      };
    });
}

/**
 * Bundles each widget with its own esbuild context, so a save rebuilds only that widget,
 * incrementally. One widget's error never stops the others.
 */
export function createWidgetBundler(options: WidgetBundlerOptions): WidgetBundler {
  const { widgets: sources, unindexed } = discoverWidgets(options.widgetsDir);
  const contexts = new Map<string, Promise<esbuild.BuildContext>>();
  let closed = false;

  const contextFor = (source: WidgetSource) => {
    let ctx = contexts.get(source.name);
    if (!ctx) {
      ctx = esbuild.context(esbuildOptions(source, options));
      contexts.set(source.name, ctx);
    }
    return ctx;
  };

  const build = async (name: string): Promise<WidgetResult> => {
    const source = sources.find((s) => s.name === name);
    if (!source) throw new Error(`No widget named "${name}" in ${relative(options.root, options.widgetsDir) || "."}`);
    if (closed) throw new Error("The widget bundler is closed.");
    try {
      const ctx = await contextFor(source);
      return await assemble(source, options, await ctx.rebuild());
    } catch (error) {
      const failure = error as esbuild.BuildFailure;
      if (Array.isArray(failure.errors) && failure.errors.length > 0) {
        return { ok: false, failure: await failureOf(source, options, failure.errors, []) };
      }
      throw error;
    }
  };

  return {
    sources,
    build,
    folderFailures: (inputs) => unindexedFailures(options.root, unindexed, inputs),
    async buildAll() {
      const results = await Promise.all(sources.map((s) => build(s.name)));
      const inputs = results.flatMap((r) => (r.ok ? r.widget.inputs : r.failure.inputs));
      return [...results, ...unindexedFailures(options.root, unindexed, inputs).map((failure) => ({ ok: false as const, failure }))];
    },
    async close() {
      closed = true;
      const all = [...contexts.values()];
      contexts.clear();
      await Promise.all(all.map(async (ctx) => (await ctx.catch(() => undefined))?.dispose()));
    },
  };
}

/** Builds every widget once and releases esbuild's contexts. */
export async function buildWidgets(options: WidgetBundlerOptions): Promise<WidgetResult[]> {
  const bundler = createWidgetBundler(options);
  try {
    return await bundler.buildAll();
  } finally {
    await bundler.close();
  }
}

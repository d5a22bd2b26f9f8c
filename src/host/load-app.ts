import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import * as esbuild from "esbuild";
import { checkAppDefinition, type AnyAppDefinition } from "../app/define-app.js";
import type { SdkLine } from "../app/types.js";
import { errorMessage } from "../errors.js";
import { importBundled, inputsOfMetafile, nodeModuleOptions } from "../util/bundle-module.js";
import type { SourceLocation } from "../widgets/bundle.js";

export interface AppLoadFailure {
  /** What went wrong, formatted (file:line:col and a code frame when there is one). */
  message: string;
  location: SourceLocation | undefined;
  /** `compile` (syntax, missing import) or `load` (threw while evaluating, or not an app). */
  phase: "compile" | "load";
}

export type AppLoadResult =
  | { ok: true; app: AnyAppDefinition; inputs: string[] }
  | { ok: false; failure: AppLoadFailure; inputs: string[] };

export interface AppLoader {
  load(): Promise<AppLoadResult>;
  close(): Promise<void>;
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/**
 * The MCP SDK line a project's app is written for, from its package.json: 2 when it depends on
 * `@modelcontextprotocol/server` (the v2 SDK), otherwise 1 (`@modelcontextprotocol/sdk`, or
 * neither: every app chatgpt-app 0.1.0 scaffolded declares neither and keeps the line it had).
 */
export function sdkLineOf(root: string): SdkLine {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return 1;
  }
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (typeof deps === "object" && deps !== null && "@modelcontextprotocol/server" in deps) return 2;
  }
  return 1;
}

/** The app with its SDK line: its own `sdk` when it sets one, else the project's (sdkLineOf). */
export function withSdkLine<App extends AnyAppDefinition>(app: App, root: string): App {
  return app.sdk === undefined ? { ...app, sdk: sdkLineOf(root) } : app;
}

/** file:line:col of the first stack frame inside the user's project, if any. */
export function locationFromStack(error: unknown, root: string): SourceLocation | undefined {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^():\s]+):(\d+):(\d+)\)?/g)) {
    const file = match[1]!.replace(/^file:\/\//, "");
    if (file.includes("/node_modules/") || !file.startsWith(root)) continue;
    return { file: relative(root, file), line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/**
 * The app's bundle leaves packages to Node, so a package that is not installed fails when
 * the bundle is imported, naming the bundle (a file of ours). This finds the user's file
 * and line that import it, from what esbuild recorded of each input's imports.
 */
export function missingPackageImport(error: unknown, root: string, metafile: esbuild.Metafile | undefined): { message: string; location: SourceLocation } | undefined {
  const name = /^Cannot find package '([^']+)'/.exec(errorMessage(error))?.[1];
  if ((error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND" || name === undefined || !metafile) return undefined;
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const specifier = imports.find((i) => i.external && (i.path === name || i.path.startsWith(`${name}/`)))?.path;
    if (specifier === undefined || input.includes(":")) continue;
    const file = relative(root, resolve(root, input));
    let text = "";
    try {
      text = readFileSync(resolve(root, input), "utf8");
    } catch {
      // Gone since the bundle was made: the file alone is still the right place.
    }
    const found = ['"', "'", "`"].map((quote) => text.indexOf(`${quote}${specifier}${quote}`)).filter((i) => i >= 0);
    const at = found.length > 0 ? Math.min(...found) : 0;
    const before = text.slice(0, at).split("\n");
    const location = { file, line: before.length, column: before[before.length - 1]!.length + 1 };
    return {
      location,
      message: `${file}:${location.line}:${location.column}: Cannot find package "${name}", which this file imports. Install it: npm install ${name}`,
    };
  }
  return undefined;
}

/**
 * Bundles the app module (the user's code; packages stay external) with an incremental
 * esbuild context and imports the result. Every load is a fresh module instance.
 */
export function createAppLoader(options: { root: string; entry: string }): AppLoader {
  const { root, entry } = options;
  let generation = 0;
  const context = esbuild.context(nodeModuleOptions(root, entry));
  return {
    async load() {
      let result: esbuild.BuildResult;
      try {
        result = await (await context).rebuild();
      } catch (error) {
        const errors = (error as esbuild.BuildFailure).errors;
        if (!errors?.length) throw error;
        const message = (await esbuild.formatMessages(errors, { kind: "error" })).join("").trimEnd();
        const first = errors.find((e) => e.location)?.location;
        return {
          ok: false,
          inputs: [entry],
          failure: {
            phase: "compile",
            message,
            location: first ? { file: first.file, line: first.line, column: first.column + 1 } : undefined,
          },
        };
      }
      const inputs = inputsOfMetafile(root, result.metafile);
      generation += 1;
      try {
        const module = (await importBundled(root, result.outputFiles![0]!.text, `server-${process.pid}-${generation % 2}`)) as {
          default?: unknown;
        };
        const app = withSdkLine(checkAppDefinition(module.default, relative(root, entry)), root);
        return { ok: true, app, inputs };
      } catch (error) {
        const missing = missingPackageImport(error, root, result.metafile);
        if (missing) return { ok: false, inputs, failure: { phase: "load", ...missing } };
        const location = locationFromStack(error, root);
        const where = location ? `${location.file}:${location.line}:${location.column}: ` : "";
        return { ok: false, inputs, failure: { phase: "load", location, message: `${where}${errorMessage(error)}` } };
      }
    },
    async close() {
      await (await context).dispose();
    },
  };
}

/** Loads the app once. */
export async function loadApp(options: { root: string; entry: string }): Promise<AppLoadResult> {
  const loader = createAppLoader(options);
  try {
    return await loader.load();
  } finally {
    await loader.close();
  }
}

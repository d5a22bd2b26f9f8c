import { relative } from "node:path";
import * as esbuild from "esbuild";
import { checkAppDefinition, type AppDefinition } from "../app/define-app.js";
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
  | { ok: true; app: AppDefinition; inputs: string[] }
  | { ok: false; failure: AppLoadFailure; inputs: string[] };

export interface AppLoader {
  load(): Promise<AppLoadResult>;
  close(): Promise<void>;
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
        const app = checkAppDefinition(module.default, relative(root, entry));
        return { ok: true, app, inputs };
      } catch (error) {
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

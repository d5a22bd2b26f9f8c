import { relative } from "node:path";
import type { AppDefinition } from "../app/define-app.js";
import { AppDefinitionError } from "../app/tool-meta.js";
import type { ResolvedConfig } from "../config/types.js";
import { errorMessage } from "../errors.js";
import { createAppLoader, locationFromStack, type AppLoader } from "../host/load-app.js";
import type { SourceLocation } from "../widgets/bundle.js";
import { withCodeFrame } from "./code-frame.js";
import { isSourceFile, type FileChange } from "./watcher.js";

/** A build or load problem, formatted for people (file:line:col and a code frame). */
export interface BuildProblem {
  code: string;
  message: string;
  location: SourceLocation | undefined;
}

export type AppOutcome =
  | { kind: "loaded"; app: AppDefinition; durationMs: number }
  | { kind: "failed"; problem: BuildProblem; durationMs: number };

/**
 * The app module as dev keeps it: re-bundled by an incremental esbuild context, imported
 * fresh, and checked (its setup run once) before anything is swapped in, so a syntax
 * error, a missing import, a throw or a bad tool definition never replaces the last good app.
 */
export class AppReloader {
  #config: ResolvedConfig;
  #loader: AppLoader;
  #inputs = new Set<string>();
  #failing = false;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    this.#loader = createAppLoader({ root: config.root, entry: config.entry });
  }

  get failing(): boolean {
    return this.#failing;
  }

  /** True when the change is to a file the app read, or could fix a failing app. */
  concerns(change: FileChange): boolean {
    if (this.#inputs.has(change.path)) return true;
    return this.failing && isSourceFile(change.path);
  }

  /** Bundles, imports and checks the app; `check` runs its setup against the current widgets. */
  async load(check: (app: AppDefinition) => Promise<void>): Promise<AppOutcome> {
    const started = performance.now();
    const root = this.#config.root;
    const result = await this.#loader.load();
    // A failed compile names only the entry; keep what the last good bundle read, so fixing any of it reloads.
    for (const file of result.inputs) this.#inputs.add(file);
    if (result.ok) this.#inputs = new Set(result.inputs);
    let problem: BuildProblem | undefined;
    if (!result.ok) {
      const { failure } = result;
      problem = {
        code: failure.phase === "compile" ? "app_compile_error" : "app_load_error",
        message: failure.phase === "compile" ? failure.message : withCodeFrame(root, failure.message, failure.location),
        location: failure.location,
      };
    } else {
      try {
        await check(result.app);
      } catch (error) {
        const location = locationFromStack(error, root);
        const entry = relative(root, this.#config.entry);
        const message =
          error instanceof AppDefinitionError ? errorMessage(error) : `${entry}: setup() threw: ${errorMessage(error)}`;
        problem = {
          code: error instanceof AppDefinitionError ? "app_definition_invalid" : "app_load_error",
          message: withCodeFrame(root, message, location),
          location,
        };
      }
    }
    const durationMs = performance.now() - started;
    this.#failing = problem !== undefined;
    if (problem) return { kind: "failed", problem, durationMs };
    return { kind: "loaded", app: (result as { app: AppDefinition }).app, durationMs };
  }

  close(): Promise<void> {
    return this.#loader.close();
  }
}

import { basename, dirname, join, relative, sep } from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import type { WidgetEntry } from "../host/app-state.js";
import { widgetEntries } from "../host/project.js";
import * as esbuild from "esbuild";
import { createWidgetBundler, explainUnresolved, type BuiltWidget, type WidgetBuildFailure, type WidgetBundler, type WidgetResult } from "../widgets/bundle.js";
import { WIDGET_ENTRIES } from "../widgets/discover.js";
import { createDependencyPrebundle, type DependencyPrebundle } from "./dependency-prebundle.js";
import { isSourceFile, type FileChange } from "./watcher.js";

export type WidgetOutcome =
  | { kind: "built"; name: string; widget: BuiltWidget; durationMs: number }
  | { kind: "unchanged"; name: string; widget: BuiltWidget; durationMs: number }
  | { kind: "failed"; name: string; failure: WidgetBuildFailure; durationMs: number };

/**
 * The project's widgets as dev keeps them: one incremental esbuild context each, the last
 * good build of each, and which files each one read. A widget that fails keeps serving
 * its last good build; one that never built is served as a page showing its error.
 */
export class WidgetBuilds {
  #config: ResolvedConfig;
  #bundler: WidgetBundler;
  #lastGood = new Map<string, BuiltWidget>();
  #failures = new Map<string, WidgetBuildFailure>();
  #inputs = new Map<string, Set<string>>();
  #dependencies: DependencyPrebundle;
  #missing = new Set<string>();
  /** Folders reported for having code but no entry. */
  #unindexed = new Set<string>();

  constructor(config: ResolvedConfig) {
    this.#config = config;
    this.#dependencies = createDependencyPrebundle(config.root);
    this.#bundler = this.#createBundler();
  }

  #createBundler(): WidgetBundler {
    const { root, widgetsDir } = this.#config;
    return createWidgetBundler({ root, widgetsDir, minify: false, plugins: [this.#dependencies.plugin] });
  }

  /** Packages changed (an install): bundle them again on the next builds. */
  forgetDependencies(): void {
    this.#dependencies.invalidate();
  }

  get names(): string[] {
    return this.#bundler.sources.map((s) => s.name);
  }

  /** What the host serves now. */
  entries(): Map<string, WidgetEntry> {
    const failures = [...this.#failures.values()].filter((f) => !this.#lastGood.has(f.name));
    return widgetEntries(this.#config, [...this.#lastGood.values()], failures);
  }

  sizeOf(name: string): number | undefined {
    return this.#lastGood.get(name)?.bytes;
  }

  /** Builds every widget; a folder with code but no entry that no widget uses fails as `widget_entry_missing`. */
  async buildAll(): Promise<WidgetOutcome[]> {
    const outcomes: WidgetOutcome[] = await Promise.all(this.names.map((name) => this.build(name)));
    for (const name of this.#unindexed) this.#failures.delete(name);
    this.#unindexed.clear();
    for (const failure of this.#bundler.folderFailures([...this.#inputs.values()].flatMap((files) => [...files]))) {
      this.#unindexed.add(failure.name);
      this.#failures.set(failure.name, failure);
      outcomes.push({ kind: "failed", name: failure.name, failure, durationMs: 0 });
    }
    return outcomes;
  }

  /** Rebuilds one widget, incrementally. */
  async build(name: string): Promise<WidgetOutcome> {
    const started = performance.now();
    const result = await this.#composed(await this.#bundler.build(name));
    const durationMs = performance.now() - started;
    if (result.ok) {
      const widget = result.widget;
      this.#inputs.set(name, new Set(widget.inputs));
      this.#failures.delete(name);
      const previous = this.#lastGood.get(name);
      this.#lastGood.set(name, widget);
      if (previous && previous.hash === widget.hash) return { kind: "unchanged", name, widget, durationMs };
      return { kind: "built", name, widget, durationMs };
    }
    const failure = result.failure;
    // Keep what it read before: a fix to any of those files must rebuild it.
    const inputs = this.#inputs.get(name) ?? new Set<string>();
    for (const file of failure.inputs) inputs.add(file);
    this.#inputs.set(name, inputs);
    this.#failures.set(name, failure);
    return { kind: "failed", name, failure, durationMs };
  }

  /** Puts the widget's packages in front of it; a package that fails to bundle fails the widget. */
  async #composed(result: WidgetResult): Promise<WidgetResult> {
    if (!result.ok) return result;
    try {
      return { ok: true, widget: await this.#dependencies.compose(result.widget) };
    } catch (error) {
      const errors = (error as esbuild.BuildFailure).errors;
      if (!Array.isArray(errors) || errors.length === 0) throw error;
      const message = (await esbuild.formatMessages(explainUnresolved(errors), { kind: "error" })).join("").trimEnd();
      const { name, entry, inputs } = result.widget;
      return { ok: false, failure: { name, entry, inputs, location: undefined, message: `Bundling the packages this widget imports failed:\n${message}` } };
    }
  }

  /**
   * Which widgets a change concerns, and whether the set of widgets itself may have
   * changed (a widget folder, entry or template added or removed).
   */
  affected(change: FileChange): { widgets: string[]; structure: boolean } {
    const rel = relative(this.#config.widgetsDir, change.path);
    const inside = rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
    if (inside && change.kind !== "change") {
      const parts = rel.split(sep);
      const isWidgetDir = parts.length === 1 && (change.kind === "addDir" || change.kind === "unlinkDir");
      const isEntry = parts.length === 2 && ([...WIDGET_ENTRIES, "index.html"] as string[]).includes(basename(change.path));
      // A file added to or removed from a folder that is not a widget may make it look like one, or stop.
      const outsideWidgets = parts.length >= 2 && !this.names.includes(parts[0]!) && !this.#isShared(join(this.#config.widgetsDir, parts[0]!));
      if (isWidgetDir || isEntry || outsideWidgets) return { widgets: [], structure: true };
    }
    const widgets = this.names.filter((name) => {
      if (this.#inputs.get(name)?.has(change.path)) return true;
      return this.#failures.has(name) && isSourceFile(change.path);
    });
    return { widgets, structure: false };
  }

  /** A folder some widget reads files of. */
  #isShared(dir: string): boolean {
    return [...this.#inputs.values()].some((files) => [...files].some((file) => file.startsWith(dir + sep)));
  }

  /**
   * Looks for widgets again (one was added or removed) and builds them all. A widget whose
   * folder is gone keeps serving its last good build, as a broken one does, and fails as
   * `widget_missing` until its folder is back or it is dropped (nothing renders it any more).
   */
  async refresh(): Promise<{ added: string[]; removed: string[]; outcomes: WidgetOutcome[] }> {
    const before = new Set([...this.names, ...this.#missing]);
    await this.#bundler.close();
    this.#bundler = this.#createBundler();
    const now = new Set(this.names);
    const outcomes = await this.buildAll();
    for (const name of before) {
      if (now.has(name)) {
        this.#missing.delete(name);
        continue;
      }
      const last = this.#lastGood.get(name);
      if (!last) {
        this.drop(name);
        continue;
      }
      this.#missing.add(name);
      const dir = relative(this.#config.root, dirname(last.entry));
      const failure: WidgetBuildFailure = {
        name,
        entry: last.entry,
        code: "widget_missing",
        location: undefined,
        message: `${dir}/ was removed; its last good build keeps serving while the app still renders widget "${name}". Restore the folder, or stop using the widget.`,
        inputs: [...(this.#inputs.get(name) ?? [])],
      };
      this.#failures.set(name, failure);
      outcomes.push({ kind: "failed", name, failure, durationMs: 0 });
    }
    return { added: [...now].filter((n) => !before.has(n)), removed: [...before].filter((n) => !now.has(n)), outcomes };
  }

  /** Widgets whose folder is gone, served from their last good build. */
  get missing(): string[] {
    return [...this.#missing];
  }

  /** Forgets a widget: it is no longer served. */
  drop(name: string): void {
    this.#lastGood.delete(name);
    this.#failures.delete(name);
    this.#inputs.delete(name);
    this.#missing.delete(name);
  }

  close(): Promise<void> {
    return this.#bundler.close();
  }
}


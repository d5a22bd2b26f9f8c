import type { DevErrorEvent, DevEvents } from "./events.js";
import type { BuildProblem } from "./app-reload.js";

/** How long a failed build waits before it is shown (see ProblemReporter). */
const SHOW_AFTER_MS = 100;

export type ProblemInput = Omit<DevErrorEvent, "type" | "file" | "line" | "column">;

/** The error event fields of a build problem, its place included. */
export function problemEvent(kind: DevErrorEvent["kind"], name: string, problem: BuildProblem): Omit<DevErrorEvent, "type"> {
  const where = problem.location ? { file: problem.location.file, line: problem.location.line, column: problem.location.column } : {};
  return { kind, name, code: problem.code, message: problem.message, ...where };
}

/**
 * Shows each build error once. An editor's save can be caught half-written; the build of
 * the whole file follows at once, so an error waits a moment and is dropped if a newer
 * build of the same thing has started. The same error again is not shown again until a
 * build in between succeeded.
 */
export class ProblemReporter {
  #events: DevEvents;
  #generation = new Map<string, number>();
  #shown = new Map<string, string>();
  #failing = new Set<string>();
  #timers = new Set<NodeJS.Timeout>();

  constructor(events: DevEvents) {
    this.#events = events;
  }

  /** A build of `key` starts. */
  began(key: string): void {
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
  }

  /**
   * True when an error of `key` had been shown: the success must then be said too, even when
   * it changed nothing served (the last good content restored), or the error would stand.
   */
  succeeded(key: string): boolean {
    this.#failing.delete(key);
    return this.#shown.delete(key);
  }

  /** What fails now (shown or about to be), by key: `widget:<name>`, `app`, `command`. */
  get failing(): string[] {
    return [...this.#failing];
  }

  /** Reports the error, after the wait unless `now` (the first build, before ready). */
  failed(key: string, error: Omit<DevErrorEvent, "type">, now = false): void {
    this.#failing.add(key);
    const show = () => {
      if (this.#shown.get(key) === error.message) return;
      this.#shown.set(key, error.message);
      this.#events.report({ type: "error", ...error });
    };
    if (now) return show();
    const generation = this.#generation.get(key);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#generation.get(key) === generation) show();
    }, SHOW_AFTER_MS);
    this.#timers.add(timer);
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { watch, type FSWatcher } from "chokidar";

export type FileChangeKind = "add" | "change" | "unlink" | "addDir" | "unlinkDir";

export interface FileChange {
  kind: FileChangeKind;
  /** Absolute path. */
  path: string;
}

/** Files whose edit can change a bundle that failed to build (it may now find a missing import). */
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json|css|svg|png|jpe?g|gif|webp|avif|ico|bmp|woff2?|ttf|otf|eot|html)$/;

export function isSourceFile(path: string): boolean {
  return SOURCE_FILE.test(path);
}

export interface WatcherOptions {
  root: string;
  /** Absolute paths to leave alone; a directory that is ignored is not descended into. */
  ignored: (path: string) => boolean;
  onChange: (change: FileChange) => void;
  onError?: (error: Error) => void;
}

export interface Watcher {
  close(): Promise<void>;
}

/** How long an emptied file waits before its change is reported (it is usually being rewritten). */
const EMPTY_FILE_WAIT_MS = 30;

/** How long a change reported from a raw event makes chokidar's own report of it redundant. */
const RAW_COVERS_MS = 100;

/**
 * Watches the project with chokidar. A file's changes are reported from chokidar's raw
 * events, as they arrive: its own `change` event comes later (after a stat) and is dropped
 * when it follows another within 50 ms, so the last of several rapid saves could go
 * unseen. Raw events of one turn of the event loop are reported once. chokidar's
 * add/unlink/addDir/unlinkDir are reported as they are, and its `change` only when no raw
 * event reported the file just before (a safety net, should raw events not come).
 */
export async function startWatcher(options: WatcherOptions): Promise<Watcher> {
  const pending = new Set<string>();
  const reportedAt = new Map<string, number>();
  let flushing: NodeJS.Immediate | undefined;

  const emptyTimers = new Map<string, NodeJS.Timeout>();
  const report = (path: string) => {
    reportedAt.set(path, performance.now());
    options.onChange({ kind: "change", path });
  };
  const flush = () => {
    flushing = undefined;
    const paths = [...pending];
    pending.clear();
    for (const path of paths) {
      let size: number;
      try {
        const stats = statSync(path);
        if (!stats.isFile()) continue;
        size = stats.size;
      } catch {
        continue; // gone: chokidar reports the unlink
      }
      const waiting = emptyTimers.get(path);
      if (size > 0) {
        if (waiting) clearTimeout(waiting);
        emptyTimers.delete(path);
        report(path);
      } else if (!waiting) {
        // An editor's save truncates the file, then writes it: an empty file is looked at again
        // a moment later, so the build does not swap in an empty widget or app in between.
        emptyTimers.set(path, setTimeout(() => {
          emptyTimers.delete(path);
          if (existsSync(path)) report(path);
        }, EMPTY_FILE_WAIT_MS));
      }
    }
  };

  const onRaw = (path: string) => {
    if (options.ignored(path)) return;
    pending.add(path);
    flushing ??= setImmediate(flush);
  };

  const watcher: FSWatcher = watch(options.root, {
    ignoreInitial: true,
    ignored: (path: string) => options.ignored(resolve(path)),
    // Editors that save by renaming a temporary file produce unlink + add; chokidar folds them into a change.
    atomic: true,
  });
  watcher.on("all", (event, relativePath) => {
    const path = resolve(options.root, relativePath);
    if (event === "change") {
      const at = reportedAt.get(path);
      if (at !== undefined && performance.now() - at < RAW_COVERS_MS) return;
      reportedAt.set(path, performance.now());
    }
    if (event === "add" || event === "change" || event === "unlink" || event === "addDir" || event === "unlinkDir") {
      options.onChange({ kind: event, path });
    }
  });
  watcher.on("raw", (_event, evPath: string | null, details: unknown) => {
    const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
    if (!watched || !evPath) return;
    // A file's own watcher names the file; a directory's watcher names an entry in it.
    if (basename(watched) === evPath) onRaw(resolve(watched));
    onRaw(resolve(join(watched, evPath)));
  });
  watcher.on("error", (error) => options.onError?.(error as Error));
  await new Promise<void>((ready) => watcher.once("ready", () => ready()));

  return {
    async close() {
      if (flushing) clearImmediate(flushing);
      for (const timer of emptyTimers.values()) clearTimeout(timer);
      pending.clear();
      await watcher.close();
    },
  };
}

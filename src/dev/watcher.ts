import { statSync } from "node:fs";
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
  /** Quiet time after a burst of writes before the file is looked at once more (default 60 ms). */
  settleMs?: number;
}

export interface Watcher {
  close(): Promise<void>;
}

interface Pending {
  /** Raw file-system events seen for the path. */
  raw: number;
  /** Raw events already answered by a change reported to `onChange`. */
  covered: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Watches the project with chokidar. chokidar drops a second `change` of a file within
 * 50 ms of the first, so the last of several rapid saves could go unseen; its raw events
 * are not throttled, so a file that had raw events after the last reported change is
 * reported once more when it settles. Every reported change is followed by a build that
 * reads the file afterwards, which is why "covered" can be counted at report time.
 */
export async function startWatcher(options: WatcherOptions): Promise<Watcher> {
  const settleMs = options.settleMs ?? 60;
  const pending = new Map<string, Pending>();
  const entryOf = (path: string) => {
    let entry = pending.get(path);
    if (!entry) {
      entry = { raw: 0, covered: 0, timer: undefined };
      pending.set(path, entry);
    }
    return entry;
  };

  const report = (change: FileChange) => {
    const entry = pending.get(change.path);
    if (entry) entry.covered = entry.raw;
    options.onChange(change);
  };

  const settle = (path: string) => {
    const entry = pending.get(path);
    if (!entry) return;
    entry.timer = undefined;
    const missed = entry.raw > entry.covered;
    pending.delete(path);
    if (!missed) return;
    try {
      if (!statSync(path).isFile()) return;
    } catch {
      return; // gone: chokidar reports the unlink itself
    }
    options.onChange({ kind: "change", path });
  };

  const onRaw = (path: string) => {
    if (options.ignored(path)) return;
    const entry = entryOf(path);
    entry.raw += 1;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => settle(path), settleMs);
  };

  const watcher: FSWatcher = watch(options.root, {
    ignoreInitial: true,
    ignored: (path: string) => options.ignored(resolve(path)),
    // Editors that save by renaming a temporary file produce unlink + add; chokidar folds them into a change.
    atomic: true,
  });
  watcher.on("all", (event, path) => {
    if (event === "add" || event === "change" || event === "unlink" || event === "addDir" || event === "unlinkDir") {
      report({ kind: event, path: resolve(options.root, path) });
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
      for (const entry of pending.values()) if (entry.timer) clearTimeout(entry.timer);
      pending.clear();
      await watcher.close();
    },
  };
}

import { basename, dirname, relative, sep } from "node:path";
import { CONFIG_FILES } from "../config/load-config.js";
import { cacheDir } from "../util/bundle-module.js";
import { ContentMemo } from "./content-memo.js";
import { DOTENV_FILES } from "./dotenv.js";
import type { FileChange } from "./watcher.js";

/** Folders never watched, besides dot-folders and the build output. */
const IGNORED_DIRS = new Set(["node_modules", "__pycache__", "venv"]);

/** Quiet time before a config or .env change restarts the host. */
const CONFIG_SETTLE_MS = 60;

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep));
}

/** What dev does not watch: outside the project, dependencies, dot-folders and dot-files (but .env*), the build output and our cache. */
export function ignoredByDev(root: string, outDir: () => string): (path: string) => boolean {
  return (path) => {
    if (!isInside(root, path)) return true;
    const rel = relative(root, path);
    if (rel === "") return false;
    const parts = rel.split(sep);
    if (parts.some((part) => IGNORED_DIRS.has(part))) return true;
    const last = parts[parts.length - 1]!;
    if (parts.slice(0, -1).some((part) => part.startsWith("."))) return true;
    if (last.startsWith(".") && !(DOTENV_FILES as readonly string[]).includes(last)) return true;
    return isInside(outDir(), path) || isInside(cacheDir(root), path);
  };
}

/** A change to a config file or a `.env` file at the project's root (or to the config file in use). */
export function isConfigChange(root: string, change: FileChange, configFile: string | undefined): boolean {
  if (dirname(change.path) !== root || change.kind === "addDir" || change.kind === "unlinkDir") return false;
  const name = basename(change.path);
  return (CONFIG_FILES as readonly string[]).includes(name) || (DOTENV_FILES as readonly string[]).includes(name) || change.path === configFile;
}

/**
 * A save is often seen as a truncate and then a write: waits until the file has been quiet for
 * a moment, then calls `onSettled` once per new content (a new file is also seen twice: add, write).
 */
export function settleChanges(onSettled: (path: string) => void): { offer(path: string): void; close(): void } {
  const contents = new ContentMemo();
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    offer(path) {
      clearTimeout(timers.get(path));
      timers.set(
        path,
        setTimeout(() => {
          timers.delete(path);
          if (contents.changed(path)) onSettled(path);
        }, CONFIG_SETTLE_MS),
      );
    },
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

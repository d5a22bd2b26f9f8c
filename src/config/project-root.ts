import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { findConfigFile } from "./load-config.js";

/** The parts of a project's package.json that chatgpt-app reads. */
export interface ProjectPackage {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

/** `dir/package.json`, parsed; undefined when there is none or it is not a JSON object. */
export function readProjectPackage(dir: string): ProjectPackage | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as ProjectPackage) : undefined;
  } catch {
    return undefined;
  }
}

function dependsOnChatgptApp(pkg: ProjectPackage | undefined): boolean {
  return Boolean(pkg && [pkg.dependencies, pkg.devDependencies].some((deps) => deps && typeof deps === "object" && "chatgpt-app" in deps));
}

/**
 * The project a command run in `cwd` works on. `cwd` itself when it holds a config or a
 * package.json (so a project's own root always wins); otherwise the nearest folder above it
 * with `chatgpt-app.config.*` or a package.json that depends on chatgpt-app, so that
 * `dev`, `build`, `start` and `lint` work from `widgets/dice/` or `server/` too; otherwise `cwd`.
 */
export function findProjectRoot(cwd: string): string {
  const start = resolve(cwd);
  if (findConfigFile(start) || existsSync(join(start, "package.json"))) return start;
  for (let dir = start; dirname(dir) !== dir; ) {
    dir = dirname(dir);
    if (findConfigFile(dir) || dependsOnChatgptApp(readProjectPackage(dir))) return dir;
  }
  return start;
}

/**
 * A command's options as run from the project root: `cwd` becomes the root, and each relative
 * path the user typed (`keys`, relative to where they are) is rebased onto the root, so it
 * still names the file they meant.
 */
export function atProjectRoot<T extends { cwd: string }>(options: T, keys: ReadonlyArray<keyof T> = []): T {
  const here = resolve(options.cwd);
  const root = findProjectRoot(here);
  const rebase = (path: string) => (isAbsolute(path) ? path : relative(root, resolve(here, path)) || ".");
  const paths = Object.fromEntries(keys.filter((k) => typeof options[k] === "string").map((k) => [k, rebase(options[k] as string)]));
  return { ...options, ...paths, cwd: root };
}

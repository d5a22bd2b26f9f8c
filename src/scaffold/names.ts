import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import validatePackageName from "validate-npm-package-name";
import { CliError } from "../errors.js";

export const DEFAULT_DIR = "my-chatgpt-app";

/** The problems that make `name` unusable as a new npm package name, or an empty list. */
export function packageNameProblems(name: string): string[] {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return [];
  return [...(result.errors ?? []), ...(result.warnings ?? [])];
}

/** A valid package name close to `text` (lower case, dashes), for a suggestion or a default. */
export function toPackageName(text: string): string {
  const name = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/^[._]+/, "")
    .replace(/[^a-z0-9~.\-_/@]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return name && packageNameProblems(name).length === 0 ? name : DEFAULT_DIR;
}

export function invalidNameError(name: string, problems: string[]): CliError {
  return new CliError("invalid_project_name", `"${name}" is not a valid npm package name: ${problems.join("; ")}.`, {
    hint: `Pass a valid name, e.g. --name ${toPackageName(name)}.`,
  });
}

/**
 * Where the project goes: a relative path must stay inside `cwd` (so a typo such as
 * `../..` cannot point init at a parent folder); an absolute path is taken as given.
 */
export function resolveTargetDir(cwd: string, dir: string): string {
  if (dir.trim() === "") throw new CliError("invalid_directory", "The project directory is empty.", { hint: `Try ${DEFAULT_DIR}.` });
  if (isAbsolute(dir)) return resolve(dir);
  const target = resolve(cwd, dir);
  const rel = relative(cwd, target);
  if (rel.startsWith(`..${sep}`) || rel === "..") {
    throw new CliError("invalid_directory", `"${dir}" is outside the current directory.`, {
      hint: "Give a path inside the current directory, or an absolute path if you mean it.",
    });
  }
  return target;
}

/** A directory counts as empty when it is missing or holds nothing but `.git`. */
export function existingEntries(dir: string): string[] | "not-a-directory" {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return "not-a-directory";
  return readdirSync(dir).filter((entry) => entry !== ".git");
}

/** The default project name for a directory: its base name, made valid. */
export function defaultNameFor(dir: string): string {
  return toPackageName(basename(dir));
}

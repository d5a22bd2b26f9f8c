import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { CancelledError, CliError, errorMessage } from "../errors.js";
import type { TemplateFile } from "./templates.js";

/** What a text file becomes in the new project, given its project path (see personalize.ts). */
export type TextTransform = (path: string, text: string) => string;

const BINARY = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf"]);

export interface CopyPlan {
  targetDir: string;
  files: TemplateFile[];
  /** Project paths that exist already and would be overwritten. */
  overwrites: string[];
}

/** What would be written and overwritten; refuses a file where a folder is needed, or the reverse. */
export function planCopy(files: TemplateFile[], targetDir: string): CopyPlan {
  const overwrites: string[] = [];
  for (const file of files) {
    const target = join(targetDir, file.path);
    const parts = file.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const parent = join(targetDir, ...parts.slice(0, i));
      if (existsSync(parent) && !lstatSync(parent).isDirectory()) {
        throw new CliError("target_conflict", `${parts.slice(0, i).join("/")} is a file in ${targetDir}, but the template needs a folder there.`, {
          hint: "Move it out of the way or choose another directory; init never deletes your files.",
        });
      }
    }
    if (!existsSync(target)) continue;
    if (!lstatSync(target).isFile()) {
      throw new CliError("target_conflict", `${file.path} in ${targetDir} is not a file, but the template has a file there.`, {
        hint: "Move it out of the way or choose another directory; init never deletes your files.",
      });
    }
    overwrites.push(file.path);
  }
  return { targetDir, files, overwrites };
}

export interface WriteHooks {
  /** Writes a new file's content (a temporary file beside its target); tests replace it to fail half-way. */
  writeFile?: (path: string, data: string | Buffer) => Promise<void> | void;
}

/** A name beside `path`, hidden and not yet taken, for a temporary file or a backup. */
function siblingName(path: string, kind: "tmp" | "backup"): string {
  const base = join(dirname(path), `.${basename(path)}.chatgpt-app-${kind}-${process.pid}`);
  let candidate = base;
  for (let i = 1; existsSync(candidate); i++) candidate = `${base}-${i}`;
  return candidate;
}

/**
 * Writes the plan without ever putting a user's byte at risk: each file is written to a
 * temporary file and renamed into place, and a file it replaces is kept (a hard link, else
 * renamed aside) until every file is written. If anything fails or `signal` aborts (Ctrl-C),
 * it undoes its own work and nothing else: first it deletes what it created (which frees the
 * space a full disk needs), then it renames each backup back, which needs no space at all.
 */
export async function writeProject(plan: CopyPlan, transform: TextTransform, hooks: WriteHooks = {}, signal?: AbortSignal): Promise<string[]> {
  const write = hooks.writeFile ?? ((path: string, data: string | Buffer) => writeFile(path, data, { flag: "wx" }));
  const createdDirs: string[] = [];
  const createdFiles: string[] = [];
  const backups: Array<{ target: string; backup: string }> = [];
  const temporaries = new Set<string>();
  const ensureDir = (dir: string) => {
    if (existsSync(dir)) return;
    ensureDir(dirname(dir));
    mkdirSync(dir);
    createdDirs.push(dir);
  };
  try {
    ensureDir(plan.targetDir);
    for (const file of plan.files) {
      if (signal?.aborted) throw new CancelledError();
      const target = join(plan.targetDir, file.path);
      ensureDir(dirname(target));
      const raw = file.content ?? readFileSync(file.source);
      const data = typeof raw !== "string" && BINARY.has(extname(file.path)) ? raw : transform(file.path, raw.toString("utf8"));
      const temporary = siblingName(target, "tmp");
      temporaries.add(temporary);
      await write(temporary, data);
      if (existsSync(target)) {
        chmodSync(temporary, statSync(target).mode & 0o7777);
        const backup = siblingName(target, "backup");
        try {
          linkSync(target, backup);
        } catch {
          renameSync(target, backup);
        }
        backups.push({ target, backup });
      } else createdFiles.push(target);
      renameSync(temporary, target);
      temporaries.delete(temporary);
    }
    // A Ctrl-C during the last write still undoes the copy.
    if (signal?.aborted) throw new CancelledError();
  } catch (error) {
    const problems = rollBack();
    if (error instanceof CancelledError) {
      throw new CancelledError(problems.length ? `Cancelled; could not undo everything: ${problems.join("; ")}` : "Cancelled: init removed the files it had written and restored the ones it had overwritten.");
    }
    throw new CliError("copy_failed", `Could not write the project: ${errorMessage(error)}`, {
      hint: problems.length
        ? `Some of init's own work could not be undone: ${problems.join("; ")}`
        : "Nothing was left behind: init removed the files it had created and restored the ones it had overwritten.",
      cause: error,
    });
  }
  for (const { backup } of backups) rmSync(backup, { force: true });
  return plan.files.map((f) => f.path);

  /** Undoes the copy; answers what it could not undo (a backup left in place keeps the user's file). */
  function rollBack(): string[] {
    const problems: string[] = [];
    const attempt = (what: string, action: () => void) => {
      try {
        action();
      } catch (error) {
        problems.push(`${what}: ${errorMessage(error)}`);
      }
    };
    for (const path of temporaries) attempt(`remove ${path}`, () => rmSync(path, { force: true }));
    for (const path of createdFiles.reverse()) attempt(`remove ${path}`, () => rmSync(path, { force: true }));
    for (const { target, backup } of backups.reverse()) attempt(`restore ${target} from ${backup}`, () => renameSync(backup, target));
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: something else wrote there meanwhile; leave it.
      }
    }
    return problems;
  }
}

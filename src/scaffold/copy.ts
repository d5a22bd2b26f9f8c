import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { CliError, errorMessage } from "../errors.js";
import type { TemplateFile } from "./templates.js";

/** Values written over `%%NAME%%` tokens in text files. */
export type TemplateVars = Record<string, string>;

const BINARY = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf"]);
const TOKEN = /%%([A-Z][A-Z0-9_]*)%%/g;

/** Fills the tokens; a token that stands alone on its line takes the whole line, so an empty value leaves no blank line. */
export function fillTokens(text: string, vars: TemplateVars): string {
  return text
    .replace(/^[ \t]*%%([A-Z][A-Z0-9_]*)%%[ \t]*\r?\n/gm, (line, key: string) => (key in vars ? vars[key]! : line))
    .replace(TOKEN, (token, key: string) => (key in vars ? vars[key]! : token));
}

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
  /** Writes one file; tests replace it to fail half-way. */
  writeFile?: (path: string, data: string | Buffer) => void;
}

/**
 * Writes the plan. If anything fails, it undoes its own work and nothing else: the files
 * and folders it created are removed, the files it overwrote get their old contents back.
 */
export function writeProject(plan: CopyPlan, vars: TemplateVars, hooks: WriteHooks = {}): string[] {
  const write = hooks.writeFile ?? ((path: string, data: string | Buffer) => writeFileSync(path, data));
  const createdDirs: string[] = [];
  const createdFiles: string[] = [];
  const originals = new Map<string, Buffer>();
  const ensureDir = (dir: string) => {
    if (existsSync(dir)) return;
    ensureDir(dirname(dir));
    mkdirSync(dir);
    createdDirs.push(dir);
  };
  try {
    ensureDir(plan.targetDir);
    for (const file of plan.files) {
      const target = join(plan.targetDir, file.path);
      ensureDir(dirname(target));
      const raw = readFileSync(file.source);
      const data = BINARY.has(extname(file.path)) ? raw : fillTokens(raw.toString("utf8"), vars);
      if (existsSync(target)) originals.set(target, readFileSync(target));
      else createdFiles.push(target);
      write(target, data);
    }
    return plan.files.map((f) => f.path);
  } catch (error) {
    for (const [path, data] of originals) writeFileSync(path, data);
    for (const path of createdFiles.reverse()) rmSync(path, { force: true });
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: something else wrote there meanwhile; leave it.
      }
    }
    throw new CliError("copy_failed", `Could not write the project: ${errorMessage(error)}`, {
      hint: "Nothing was left behind: init removed the files it had created and restored the ones it had overwritten.",
      cause: error,
    });
  }
}

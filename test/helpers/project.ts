import { cpSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(REPO_ROOT, "test", "fixtures");
export const BIN = join(REPO_ROOT, "bin", "chatgpt-app.js");

/** Packages a fixture project needs, linked from this repo's node_modules. */
const LINKED_PACKAGES = ["@modelcontextprotocol", "zod"];

export interface TempProject {
  dir: string;
  write(path: string, text: string): void;
  remove(): void;
}

/**
 * Copies a fixture (or starts empty) into a fresh temporary folder with a node_modules
 * in which `chatgpt-app` is this repo and the SDK and zod are this repo's copies.
 */
export function tempProject(fixture?: string, files: Record<string, string> = {}): TempProject {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-test-"));
  if (fixture) {
    cpSync(join(FIXTURES, fixture), dir, {
      recursive: true,
      filter: (src) => !src.includes(`${fixture}/node_modules`) && !src.includes(`${fixture}/dist`),
    });
  }
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  symlinkSync(REPO_ROOT, join(modules, "chatgpt-app"), "dir");
  for (const name of LINKED_PACKAGES) symlinkSync(join(REPO_ROOT, "node_modules", name), join(modules, name), "dir");
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Packages the templates need besides chatgpt-app (and their type-check and test tools), linked from this repo instead of installed. */
const TEMPLATE_PACKAGES = ["@modelcontextprotocol", "zod", "react", "react-dom", "@types", "tsx", "typescript"];

/** A template's files as `init` copies them (with more init options, e.g. `{ auth: "oauth", sdk: "1" }`), in a fresh temporary folder linked to this repo (no install). */
export async function scaffoldTemplate(template: string, options: { auth?: string; sdk?: string } = {}): Promise<TempProject> {
  const { runInitInProcess, tempDir } = await import("../init/harness.js");
  const { dir, remove } = tempDir(`chatgpt-app-${template}-`);
  const init = await runInitInProcess("app", { template, yes: true, install: false, git: false, ...options } as never, { cwd: dir });
  if (init.code !== 0) throw new Error(`init --template ${template} failed:\n${init.stderr}`);
  const project = join(dir, "app");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(REPO_ROOT, join(project, "node_modules", "chatgpt-app"), "dir");
  for (const name of TEMPLATE_PACKAGES) symlinkSync(join(REPO_ROOT, "node_modules", name), join(project, "node_modules", name), "dir");
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  return { dir: project, write, remove };
}

import { existsSync, readdirSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";

export interface TemplateInfo {
  name: string;
  description: string;
  /** The server's language: a Python template also needs a virtual environment. */
  language: "typescript" | "python";
}

/** Every template, the default first. */
export const TEMPLATES: readonly TemplateInfo[] = [
  { name: "react", description: "TypeScript server, React widget", language: "typescript" },
  { name: "vanilla", description: "TypeScript server, framework-free TypeScript widget", language: "typescript" },
  { name: "python", description: "Python server (FastAPI + the official mcp SDK), TypeScript widget", language: "python" },
];

export const DEFAULT_TEMPLATE = TEMPLATES[0]!.name;

export function findTemplate(name: string): TemplateInfo | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/** `templates/` of this package, beside `dist/`. */
export function templatesRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "templates");
}

/**
 * Files npm would drop or rename when it packs us (`.gitignore` becomes `.npmignore`), so the
 * templates keep them under another name and init renames them on copy.
 */
const RENAMES: Record<string, string> = { _gitignore: ".gitignore" };

/** What a template file is called in the new project. */
export function targetPath(relativePath: string): string {
  return relativePath
    .split("/")
    .map((part) => RENAMES[part] ?? part)
    .join("/");
}

export interface TemplateFile {
  /** Absolute path in the template. */
  source: string;
  /** Path in the new project, `/`-separated, after renames. */
  path: string;
}

/** How the new app signs users in: `oauth` adds the sign-in overlay (templates/_auth). */
export const AUTH_MODES = ["none", "oauth"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/**
 * The template's files, with the sign-in overlay for `auth: "oauth"`: its files (an account tool
 * that needs a scope, a mixed tool, `.env.example` keys, AUTH.md) replace or join the template's.
 */
export function projectFiles(template: TemplateInfo, auth: AuthMode, root = templatesRoot()): TemplateFile[] {
  const files = templateFiles(template.name, root);
  if (auth === "none") return files;
  const overlay = [...listFiles(join(root, "_auth", template.language)), { source: join(root, "_auth", "AUTH.md"), path: "AUTH.md" }];
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const file of overlay) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The template's files, sorted; folders such as `node_modules` or `dist` never come along. */
export function templateFiles(name: string, root = templatesRoot()): TemplateFile[] {
  const base = join(root, name);
  if (!existsSync(base)) throw new Error(`Template "${name}" is missing from ${root}; the chatgpt-app package is incomplete.`);
  return listFiles(base);
}

function listFiles(base: string): TemplateFile[] {
  const skip = new Set(["node_modules", "dist", ".venv", "__pycache__", ".pytest_cache", ".chatgpt-app"]);
  const out: TemplateFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const relPath = rel ? posix.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), relPath);
      else if (entry.isFile()) out.push({ source: join(dir, entry.name), path: targetPath(relPath) });
    }
  };
  walk(base, "");
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

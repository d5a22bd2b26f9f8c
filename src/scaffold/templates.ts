import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { applyEdits, editedFiles } from "./anchored-edits.js";
import { authEdits } from "./auth-edits.js";

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

/** The MCP SDK line a project is scaffolded on: 2, the stable line, unless `--sdk 1`. */
export type TemplateSdk = 1 | 2;
export const DEFAULT_SDK: TemplateSdk = 2;

/** What each line means for a template's language, as init offers it. */
export function sdkChoices(language: TemplateInfo["language"]): Array<{ value: TemplateSdk; label: string; hint: string }> {
  return language === "python"
    ? [
        { value: 2, label: "mcp 2.x", hint: "MCPServer with the Apps extension (recommended)" },
        { value: 1, label: "mcp 1.x", hint: "FastMCP, stateless HTTP" },
      ]
    : [
        { value: 2, label: "@modelcontextprotocol/server 2.x", hint: "the stable SDK line (recommended)" },
        { value: 1, label: "@modelcontextprotocol/sdk 1.x", hint: "the older line, fixes only" },
      ];
}

/**
 * Each template is on the v2 line as it stands; `templates/sdk1/<name>/` holds the files that
 * differ on the v1 line, written over it on copy.
 */
export const SDK1_OVERLAY = "sdk1";

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
  /** What the new project's file holds instead of the source's bytes (a text file with edits applied). */
  content?: string;
}

/**
 * The template's files on an SDK line, sorted; folders such as `node_modules` or `dist` never
 * come along. On line 1 the overlay's files replace the template's of the same path.
 */
export function templateFiles(name: string, root = templatesRoot(), sdk: TemplateSdk = DEFAULT_SDK): TemplateFile[] {
  const files = folderFiles(join(root, name), `Template "${name}" is missing from ${root}`);
  if (sdk === 2 || !hasSdkLines(name, root)) return files;
  const overlay = new Map(folderFiles(join(root, SDK1_OVERLAY, name), `The v1 files of template "${name}" are missing from ${root}`).map((f) => [f.path, f]));
  return files.map((f) => overlay.get(f.path) ?? f);
}

/** Whether a template comes on both SDK lines (it has v1 files under `templates/sdk1/`). */
export function hasSdkLines(name: string, root = templatesRoot()): boolean {
  return existsSync(join(root, SDK1_OVERLAY, name));
}

function folderFiles(base: string, missing: string): TemplateFile[] {
  if (!existsSync(base)) throw new Error(`${missing}; the chatgpt-app package is incomplete.`);
  return listFiles(base);
}

/** How the new app signs users in: `oauth` adds the sign-in overlay (templates/_auth). */
export const AUTH_MODES = ["none", "oauth"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/**
 * The template's files on an SDK line, with the sign-in overlay for `auth: "oauth"`: its new files
 * (the account tools, their test, `.env.example` keys, AUTH.md) join or replace the template's,
 * `_auth/<language>-sdk1/` over `_auth/<language>/` on line 1, and the entry file gets the
 * overlay's anchored edits (auth-edits.ts), applied here in memory so that an edit that no longer
 * fits fails before anything is written.
 */
export function projectFiles(template: TemplateInfo, auth: AuthMode, sdk: TemplateSdk = DEFAULT_SDK, root = templatesRoot()): TemplateFile[] {
  const files = templateFiles(template.name, root, sdk);
  if (auth === "none") return files;
  const overlay = [
    ...listFiles(join(root, "_auth", template.language)),
    ...(sdk === 1 ? listFiles(join(root, "_auth", `${template.language}-sdk1`)) : []),
    { source: join(root, "_auth", "AUTH.md"), path: "AUTH.md" },
  ];
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const file of overlay) byPath.set(file.path, file);
  const edits = authEdits(template.language, sdk);
  for (const path of editedFiles(edits)) {
    const file = byPath.get(path);
    if (!file) throw new Error(`The sign-in edits change ${path}, which template "${template.name}" does not have: this is a bug in chatgpt-app.`);
    byPath.set(path, { ...file, content: applyEdits(path, readFileSync(file.source, "utf8"), edits) });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The files under a folder (none when it does not exist), sorted; build and install folders skipped. */
function listFiles(base: string): TemplateFile[] {
  if (!existsSync(base)) return [];
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

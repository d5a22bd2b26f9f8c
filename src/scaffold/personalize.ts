import { DEFAULT_DIR } from "./names.js";
import { ciSetupSteps, execPrefix, installCommand, runScriptCommand, type PackageManager } from "./package-manager.js";

/**
 * The name every template is written under, so that a template folder runs as it stands:
 * it is what `init` makes for the default folder name with npm.
 */
export const TEMPLATE_NAME = DEFAULT_DIR;

export interface ProjectIdentity {
  /** The npm package name. */
  name: string;
  pm: PackageManager;
  /** What package.json depends on for chatgpt-app: a version range, or a `file:` spec. */
  chatgptApp: string;
}

/** The name without its scope, fit for a host name label. */
export function projectSlug(name: string): string {
  return name.replace(/^@[^/]+\//, "").replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "app";
}

const NAME = new RegExp(String.raw`(?<![\w-])${TEMPLATE_NAME}(?![\w-])`, "g");
const HOST = new RegExp(String.raw`(?<=://)${TEMPLATE_NAME}(?=\.)`, "g");

/** package.json, rewritten as JSON: the project's name and the chatgpt-app it depends on. */
function personalizePackageJson(text: string, project: ProjectIdentity): string {
  const pkg = JSON.parse(text) as { name?: string; dependencies?: Record<string, string> };
  pkg.name = project.name;
  if (pkg.dependencies?.["chatgpt-app"] !== undefined) pkg.dependencies["chatgpt-app"] = project.chatgptApp;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** npm's commands in a README or a workflow, as `pm` spells them. */
function forPackageManager(text: string, pm: PackageManager): string {
  if (pm === "npm") return text;
  return text
    .replace(/\bnpm install\b/g, installCommand(pm).join(" "))
    .replace(/\bnpm run ([\w:-]+)/g, (_, script: string) => runScriptCommand(pm, script))
    .replace(/\bnpx (?=\S)/g, `${execPrefix(pm)} `)
    .replace(/^([ \t]*)- uses: actions\/setup-node@/m, (line) => `${ciSetupSteps(pm)}${line}`);
}

/**
 * What a template file becomes in the new project. package.json is rewritten as JSON; in every
 * other text file the template's name (`my-chatgpt-app`) becomes the project's, and its slug in a
 * host name (`https://my-chatgpt-app.example.com`); READMEs and workflows, written for npm, get
 * the chosen package manager's commands. The template itself stays a valid, runnable project.
 */
export function personalize(path: string, text: string, project: ProjectIdentity): string {
  if (path === "package.json") return personalizePackageJson(text, project);
  let out = text.replace(HOST, projectSlug(project.name)).replace(NAME, project.name);
  if (/(^|\/)README\.md$/.test(path) || path.startsWith(".github/workflows/")) out = forPackageManager(out, project.pm);
  return out;
}

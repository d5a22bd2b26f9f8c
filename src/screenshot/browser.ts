/**
 * Finding and starting a headless Chromium or Chrome for `screenshot`. playwright-core is an
 * optional peer dependency, imported only here and only when a screenshot is taken.
 */
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { CliError } from "../errors.js";

/** Variables that name the browser, first set wins. */
export const BROWSER_ENV = ["CHROME_PATH", "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "CHROMIUM_PATH"] as const;

/** Executable names looked up on PATH, in order. */
const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge"];

/** Where installers put it outside PATH. */
function wellKnownPaths(env: NodeJS.ProcessEnv): string[] {
  if (process.platform === "darwin") {
    return ["Google Chrome", "Chromium", "Microsoft Edge"].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  if (process.platform === "win32") {
    const roots = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [join(root, "Google", "Chrome", "Application", "chrome.exe"), join(root, "Chromium", "Application", "chrome.exe")]);
  }
  return [];
}

const INSTALL_HINT =
  "Install one (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask google-chrome; or npx playwright-core install chromium), " +
  "or point CHROME_PATH at a Chromium or Chrome executable.";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to drive: a variable's path, else the first on PATH, else a well-known place,
 * else `also` (playwright-core's own download, when there is one).
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, also: string[] = []): string {
  for (const name of BROWSER_ENV) {
    const path = env[name];
    if (!path) continue;
    if (isExecutable(path)) return path;
    throw new CliError("browser_not_found", `${name} is ${path}, which is not an executable file.`, { hint: INSTALL_HINT });
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  const suffixes = process.platform === "win32" ? [".exe", ""] : [""];
  for (const name of NAMES) {
    for (const dir of dirs) {
      for (const suffix of suffixes) if (isExecutable(join(dir, name + suffix))) return join(dir, name + suffix);
    }
  }
  const found = [...wellKnownPaths(env), ...also].find(isExecutable);
  if (found) return found;
  throw new CliError("browser_not_found", `No Chromium or Chrome found (looked at ${BROWSER_ENV.join(", ")}, then ${NAMES.join(", ")} on PATH).`, {
    hint: INSTALL_HINT,
  });
}

export async function importPlaywright(): Promise<typeof import("playwright-core")> {
  try {
    return await import("playwright-core");
  } catch (error) {
    throw new CliError("playwright_missing", "screenshot drives the browser with playwright-core, which is not installed in this project.", {
      hint: "Install it as a dev dependency: npm install --save-dev playwright-core",
      cause: error,
    });
  }
}

/** A browser with a fresh profile of its own; `close()` ends it and deletes the profile. */
export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export const HEADLESS_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Finds a browser and starts it headless (exit 2 with how to install one when there is none). */
export async function launchBrowser(viewport: { width: number; height: number }, env: NodeJS.ProcessEnv = process.env): Promise<BrowserSession> {
  const { chromium } = await importPlaywright();
  let downloaded: string[] = [];
  try {
    downloaded = [chromium.executablePath()];
  } catch {
    // No download of playwright's own: only the browsers installed on the system.
  }
  const executablePath = findBrowser(env, downloaded);
  const profile = mkdtempSync(join(tmpdir(), "chatgpt-app-screenshot-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: HEADLESS_FLAGS, viewport });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new CliError("browser_launch_failed", `Could not start ${executablePath}: ${(error as Error).message.split("\n")[0]}`, {
      hint: `Check that it runs (${executablePath} --version), or point CHROME_PATH at another Chromium or Chrome.`,
    });
  }
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

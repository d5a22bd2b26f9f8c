import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { runCli } from "../helpers/cli.js";
import { FIXTURES, REPO_ROOT } from "../helpers/project.js";
import { connectClient, eventually, startDev, type DevProcess } from "./dev-helpers.js";

/**
 * A copy of test/fixtures/npm-packages with its pinned packages installed from npm (the
 * shared cache first), and chatgpt-app and the SDK linked from this repo.
 */
function installedProject(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-packages-"));
  cpSync(join(FIXTURES, "npm-packages"), dir, { recursive: true });
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts"], {
    cwd: dir,
    stdio: "pipe",
    timeout: 240_000,
  });
  for (const name of ["@modelcontextprotocol", "zod"]) symlinkSync(join(REPO_ROOT, "node_modules", name), join(dir, "node_modules", name), "dir");
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "chatgpt-app"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the widget computed from its imports, as Chromium ran it, and any error the page threw. */
async function render(browser: BrowserHandle, html: string): Promise<{ report: unknown; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await page.setContent(html);
    const text = await page
      .locator("#report")
      .textContent({ timeout: 10_000 })
      .catch(() => null);
    return { report: text === null ? null : JSON.parse(text), errors };
  } finally {
    await page.close();
  }
}

async function lateOf(browser: BrowserHandle, html: string): Promise<string | undefined> {
  const page = await browser.context.newPage();
  try {
    await page.setContent(html);
    await page.locator("#report").waitFor({ timeout: 10_000 });
    return await page.evaluate(() => document.body.dataset.late);
  } finally {
    await page.close();
  }
}

async function readWidget(client: Client, name: string): Promise<string> {
  const { resources } = await client.listResources();
  const uri = resources.find((r) => r.uri.startsWith(`ui://widget/${name}-`))?.uri;
  if (!uri) throw new Error(`no widget ${name} in ${resources.map((r) => r.uri).join(", ")}`);
  const { contents } = await client.readResource({ uri });
  return String((contents[0] as { text?: string }).text);
}

/** The same widget code, bundled by `build` and by `dev`, must do the same thing in a browser. */
describe("dev bundles a widget's npm packages as build does", { timeout: 400_000 }, () => {
  let project: { dir: string; remove(): void };
  let browser: BrowserHandle;
  let built: { report: unknown; errors: string[] };
  let dev: DevProcess | undefined;
  let client: Client | undefined;

  before(async () => {
    project = installedProject();
    browser = await launchBrowser();
    const build = await runCli(["build"], { cwd: project.dir });
    assert.equal(build.code, 0, build.stderr);
    built = await render(browser, readFileSync(join(project.dir, "dist", "widgets", "report.html"), "utf8"));
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    dev?.kill("SIGKILL");
    await browser?.close();
    project?.remove();
  });

  test("build's widget renders what the packages give", () => {
    assert.deepEqual(built.errors, []);
    assert.deepEqual(built.report, {
      clsx: "a b d",
      clsxSame: true,
      clsxKeys: ["clsx", "default"],
      zustand: 2,
      zustandKeys: ["createStore"],
      confetti: ["function", "function", "function"],
      confettiKeys: ["create", "default"],
      nanoid: [21, 0],
      nanoidKeys: ["customAlphabet", "customRandom", "nanoid", "random", "urlAlphabet"],
      nprogress: ["function", true, true],
      nprogressColor: "rgb(34, 153, 221)",
      ownCss: "7px",
    });
  });

  test("dev's widget renders exactly like build's, before and after a save", async () => {
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    client = await connectClient((await dev.ready).mcpUrl);
    const first = await render(browser, await readWidget(client, "report"));
    assert.deepEqual(first, built);

    const entry = join(project.dir, "widgets", "report", "index.ts");
    writeFileSync(entry, `${readFileSync(entry, "utf8")}\nconsole.debug("saved under dev, a longer line");\n`);
    const html = await eventually(() => readWidget(client!, "report"), (text) => text.includes("saved under dev"));
    assert.deepEqual(await render(browser, html), built);
  });

  test("a package installed while dev runs renders as build renders it", async () => {
    // Transpiled CommonJS (`__esModule` and a `default` export): what a default import gives
    // depends on the importing file's module type, and dev must follow the same rule as build.
    const late = join(project.dir, "node_modules", "late-package");
    mkdirSync(late, { recursive: true });
    writeFileSync(join(late, "package.json"), '{ "name": "late-package", "version": "1.0.0", "main": "index.js" }\n');
    writeFileSync(join(late, "index.js"), 'exports.__esModule = true;\nexports.default = "late";\nexports.greet = () => "hi";\n');
    const entry = join(project.dir, "widgets", "report", "index.ts");
    writeFileSync(entry, `import late, { greet } from "late-package";\n${readFileSync(entry, "utf8")}\ndocument.body.dataset.late = String(late) + greet();\n`);
    const html = await eventually(() => readWidget(client!, "report"), (text) => text.includes('"late-package"') || text.includes("late-package/index.js"));
    const build = await runCli(["build"], { cwd: project.dir });
    assert.equal(build.code, 0, build.stderr);
    const late1 = await lateOf(browser, html);
    const late2 = await lateOf(browser, readFileSync(join(project.dir, "dist", "widgets", "report.html"), "utf8"));
    assert.equal(late1, late2);
    assert.equal(late2, "[object Object]hi", "a type: module project's default import of CommonJS is module.exports");
  });

  test("an import a package does not export fails in dev with build's message", async () => {
    const entry = join(project.dir, "widgets", "report", "index.ts");
    const mark = dev!.events().length;
    writeFileSync(entry, `import { notExported } from "clsx";\n${readFileSync(entry, "utf8")}\nconsole.debug(notExported);\n`);
    const error = await dev!.waitForEvent((e) => e.type === "error" && e.name === "report", 30_000, mark);
    const expected = 'No matching export in "node_modules/clsx/dist/clsx.mjs" for import "notExported"';
    assert.ok(String(error.message).includes(expected), String(error.message));
    const build = await runCli(["build"], { cwd: project.dir });
    assert.equal(build.code, 1);
    assert.ok(build.stderr.includes(expected), build.stderr);
  });
});

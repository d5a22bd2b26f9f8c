import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { contentHash } from "../../src/widgets/html.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";
import { tempDir } from "../init/harness.js";
import { checkDiceWidget } from "../init/widget-host.js";
import { connectClient, eventually, startDev, widgetHtmlOf, type DevProcess } from "./dev-helpers.js";

/**
 * dev leaves a widget's packages out of the bundle it rebuilds on each save and puts them,
 * bundled once, in front of it in the same document. The react template's widget, as dev
 * serves it over MCP, must still work in a real browser, before and after edits.
 */
describe("dev serves the react template's widget with its packages bundled once", { timeout: 300_000 }, () => {
  const workspace = tempDir("chatgpt-app-dev-react-");
  let dir: string;
  let dev: DevProcess;
  let client: Client;
  let browser: BrowserHandle;

  before(async () => {
    const init = await runCli(["init", "dice-app", "--yes", "--template", "react", "--no-install", "--no-git"], { cwd: workspace.dir });
    assert.equal(init.code, 0, init.stderr);
    dir = join(workspace.dir, "dice-app");
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(REPO_ROOT, join(dir, "node_modules", "chatgpt-app"), "dir");
    for (const name of ["@modelcontextprotocol", "zod", "react", "react-dom"]) {
      symlinkSync(join(REPO_ROOT, "node_modules", name), join(dir, "node_modules", name), "dir");
    }
    dev = startDev(dir, ["--no-tunnel", "--port", "0"]);
    client = await connectClient((await dev.ready).mcpUrl);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await client?.close().catch(() => undefined);
    dev?.kill("SIGKILL");
    workspace.remove();
  });

  const check = async (html: string) => {
    const page = await browser.context.newPage();
    try {
      await checkDiceWidget(page, html);
    } finally {
      await page.close();
    }
  };

  test("the served document has the packages in front, its URI hashes all of it, and it works in Chromium", async () => {
    const { uri, html } = await widgetHtmlOf(client, "roll_dice");
    assert.match(html, /^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<script>/i, "the packages' script comes right after <meta charset>");
    assert.match(html, /__chatgptAppDependencies/);
    assert.equal(uri, `ui://widget/dice-${contentHash(html)}.html`);
    await check(html);
  });

  test("after a save the new document still works", async () => {
    const entry = join(dir, "widgets", "dice", "index.tsx");
    writeFileSync(entry, `${readFileSync(entry, "utf8")}\nconsole.debug("edited under dev, a longer line");\n`);
    // A tools/list just before the swap names the old URI (which answers with the new HTML); wait for both to be new.
    const hashed = (w: { uri: string; html: string }) => w.uri === `ui://widget/dice-${contentHash(w.html)}.html`;
    const { html } = await eventually(() => widgetHtmlOf(client, "roll_dice"), (w) => w.html.includes("edited under dev") && hashed(w));
    await check(html);
  });

  test("a newly imported package is bundled in, and the widget still works", async () => {
    const entry = join(dir, "widgets", "dice", "index.tsx");
    const source = readFileSync(entry, "utf8");
    writeFileSync(entry, `import { version as reactDomVersion } from "react-dom";\n${source}\nconsole.debug("react-dom is here", reactDomVersion);\n`);
    const { html } = await eventually(() => widgetHtmlOf(client, "roll_dice"), (w) => w.html.includes("react-dom is here"));
    assert.match(html, /\["[^"]*node_modules\/react-dom\/index\.js"\]/, "the widget reads react-dom from the packages' script");
    await check(html);
  });
});

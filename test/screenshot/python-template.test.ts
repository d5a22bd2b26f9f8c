import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { scaffoldPythonProject } from "../dev/python-venv.js";
import { runCli } from "../helpers/cli.js";
import { colourCount, decodePng } from "../helpers/png.js";

/**
 * `screenshot` on the python template: its own server (`server.command`) answers the MCP
 * endpoint and serves the widgets it reads from dist/, which screenshot builds first.
 */
describe("screenshot on the python template", { timeout: 900_000 }, () => {
  const workspace = mkdtempSync(join(tmpdir(), "chatgpt-app-screenshot-python-"));
  let dir: string;

  before(async () => {
    dir = await scaffoldPythonProject(workspace, "py-app");
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  test("builds the widgets, starts the server and writes a non-blank PNG of the dice widget", async () => {
    assert.ok(!existsSync(join(dir, "dist")), "a fresh project has no build");
    const run = await runCli(["screenshot", "--out", "shots"], { cwd: dir, timeoutMs: 180_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "shots/dice-chatgpt-light-desktop.png\n");
    const image = decodePng(readFileSync(join(dir, "shots", "dice-chatgpt-light-desktop.png")));
    assert.ok(image.width > 100 && image.height > 40, `${image.width}×${image.height}`);
    assert.ok(colourCount(image) > 8, `${colourCount(image)} colours: it looks blank`);
    assert.ok(existsSync(join(dir, "dist", "manifest.json")));
  });

  test("shows the widget's source as it is now, not the last build", async () => {
    const widget = join(dir, "widgets", "dice", "index.ts");
    writeFileSync(widget, `${readFileSync(widget, "utf8")}\nthrow new Error("edited after the build");\n`);
    const run = await runCli(["screenshot", "--out", "edited", "--format", "json"], { cwd: dir, timeoutMs: 180_000 });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { screenshots: Array<{ widget: string; problems: string[] }> };
    assert.match(report.screenshots.find((s) => s.widget === "dice")?.problems.join("\n") ?? "", /edited after the build/);
  });
});

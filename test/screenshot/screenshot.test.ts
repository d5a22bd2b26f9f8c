import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli } from "../helpers/cli.js";
import { colourCount, decodePng } from "../helpers/png.js";
import { scaffoldTemplate, tempProject, type TempProject } from "../helpers/project.js";

interface Report {
  host: string;
  theme: string;
  device: string;
  screenshots: Array<{ widget: string; tool: string; file: string; problems: string[] }>;
  skipped: Array<{ widget: string; reason: string }>;
}

const projects: TempProject[] = [];
after(() => projects.forEach((p) => p.remove()));

/** A PNG with something drawn on it: far more colours than a flat frame's background and corners. */
function assertDrawn(file: string): void {
  const image = decodePng(readFileSync(file));
  assert.ok(image.width > 100 && image.height > 40, `${file} is ${image.width}×${image.height}`);
  assert.ok(colourCount(image) > 8, `${file} has ${colourCount(image)} colours: it looks blank`);
}

for (const template of ["react", "vanilla"]) {
  test(`the ${template} template's widget becomes a non-blank PNG`, async () => {
    const project = await scaffoldTemplate(template);
    projects.push(project);
    const run = await runCli(["screenshot", "--out", "shots", "--theme", "dark", "--device", "mobile"], { cwd: project.dir, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const file = join(project.dir, "shots", "dice-chatgpt-dark-mobile.png");
    assert.equal(run.stdout, "shots/dice-chatgpt-dark-mobile.png\n");
    assert.deepEqual(readdirSync(join(project.dir, "shots")), ["dice-chatgpt-dark-mobile.png"]);
    assertDrawn(file);
    // The mobile device's width (375 CSS pixels), not the desktop's.
    assert.equal(decodePng(readFileSync(file)).width, 375);
  });
}

describe("widgets that misbehave", () => {
  const project = tempProject("screenshot-app");
  projects.push(project);

  test("a throwing widget, a CSP violation and a blank widget fail (exit 1); the good one passes; a destructive tool waits to be named", async () => {
    const run = await runCli(["screenshot", "--out", "shots", "--format", "json"], { cwd: project.dir, timeoutMs: 120_000 });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual([report.host, report.theme, report.device], ["chatgpt", "light", "desktop"]);
    const problems = Object.fromEntries(report.screenshots.map((s) => [s.widget, s.problems.join("\n")]));
    assert.deepEqual(Object.keys(problems).sort(), ["blank", "csp", "ok", "throws"]);
    assert.equal(problems.ok, "");
    assert.match(problems.throws!, /uncaught error: .*widget exploded after drawing/);
    assert.match(problems.csp!, /CSP blocked connect-src: http:\/\/127\.0\.0\.1:9\/data/);
    assert.match(problems.blank!, /rendered nothing/);
    assert.deepEqual(report.skipped.map((s) => s.widget), ["danger"]);
    assert.match(report.skipped[0]!.reason, /--tool wipe.*destructive/);
    for (const shot of report.screenshots) assert.ok(existsSync(shot.file), shot.file);
    assertDrawn(join(project.dir, "shots", "ok-chatgpt-light-desktop.png"));
    assertDrawn(join(project.dir, "shots", "throws-chatgpt-light-desktop.png"));
  });

  test("--tool runs a destructive tool when named, with --args", async () => {
    const run = await runCli(["screenshot", "--out", "named", "--tool", "show_ok", "--args", '{"text": "Hello from --args"}', "--format", "json"], {
      cwd: project.dir,
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.screenshots.map((s) => [s.widget, s.tool, s.problems]), [["ok", "show_ok", []]]);
    const wipe = await runCli(["screenshot", "--out", "named", "--tool", "wipe"], { cwd: project.dir, timeoutMs: 120_000 });
    assert.equal(wipe.code, 0, wipe.stderr);
    assert.equal(wipe.stdout, "named/danger-chatgpt-light-desktop.png\n");
  });

  test("no browser found: exit 2 with how to install one", async () => {
    const home = mkdtempSync(join(tmpdir(), "chatgpt-app-no-browser-"));
    try {
      const empty = { PATH: "", CHROME_PATH: "", PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: "", CHROMIUM_PATH: "", HOME: home, PLAYWRIGHT_BROWSERS_PATH: home };
      const run = await runCli(["screenshot", "--out", "shots"], { cwd: project.dir, env: empty });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /No Chromium or Chrome found/);
      assert.match(run.stderr, /apt-get install chromium/);
      assert.match(run.stderr, /CHROME_PATH/);
      assert.equal(run.stdout, "");
      const wrong = await runCli(["screenshot", "--out", "shots"], { cwd: project.dir, env: { ...empty, CHROME_PATH: join(home, "chrome") } });
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /CHROME_PATH is .*chrome, which is not an executable file/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test("usage errors are exit 2 and name the choices", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--host", "netscape"], /--host must be one of chatgpt/],
      [["--theme", "sepia"], /has no theme "sepia": light, dark/],
      [["--args", "{nope"], /--args is not JSON/],
      [["--args", "[1]"], /--args must be a JSON object/],
      [[], /screenshot needs --out <dir>/],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(["screenshot", ...(flags.length ? ["--out", "shots"] : []), ...flags], { cwd: project.dir });
      assert.equal(run.code, 2, `${flags.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    const unknown = await runCli(["screenshot", "--out", "shots", "--tool", "nope"], { cwd: project.dir, timeoutMs: 120_000 });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no tool named "nope"[\s\S]*show_ok/);
  });
});

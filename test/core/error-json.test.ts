import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import kleur from "kleur";
import { reportError } from "../../src/cli.js";
import { CliError } from "../../src/errors.js";
import { runCli, type RunResult } from "../helpers/cli.js";

interface ErrorLine {
  error: { code: string; message: string; hint: string | null };
}

/** The JSON error line: the last line on stderr, with exactly code, message and hint. */
function errorLine(result: RunResult): ErrorLine["error"] {
  const last = result.stderr.trimEnd().split("\n").at(-1) ?? "";
  const parsed = JSON.parse(last) as ErrorLine;
  assert.deepEqual(Object.keys(parsed), ["error"]);
  assert.deepEqual(Object.keys(parsed.error), ["code", "message", "hint"]);
  return parsed.error;
}

function hasErrorLine(result: RunResult): boolean {
  return result.stderr.split("\n").some((line) => line.startsWith('{"error":'));
}

function emptyFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-errors-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("machine-readable failures", () => {
  test("build --json in an empty folder: exit 2, nothing on stdout, the message and then one JSON error line on stderr", async () => {
    const folder = emptyFolder();
    try {
      const r = await runCli(["build", "--json"], { cwd: folder.dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^✖ No app module at server\/index\.ts\./, "the human message stays");
      const error = errorLine(r);
      assert.equal(error.code, "app_not_found");
      assert.equal(error.message, "No app module at server/index.ts.");
      assert.match(error.hint ?? "", /Create server\/index\.ts/);
      const human = await runCli(["build"], { cwd: folder.dir });
      assert.equal(human.code, 2);
      assert.equal(hasErrorLine(human), false, "without --json, human text only");
    } finally {
      folder.remove();
    }
  });

  test("lint --format json and sarif add the line; pretty and github keep the human text only", async () => {
    const folder = emptyFolder();
    try {
      for (const format of ["json", "sarif"]) {
        const r = await runCli(["lint", "--format", format, "--url", "ftp://example.com/mcp"], { cwd: folder.dir });
        assert.equal(r.code, 2, format);
        assert.equal(r.stdout, "", format);
        assert.deepEqual(errorLine(r), { code: "usage_invalid", message: "--url must be http:// or https://, got ftp:", hint: null });
      }
      for (const format of ["pretty", "github"]) {
        const r = await runCli(["lint", "--format", format, "--url", "ftp://example.com/mcp"], { cwd: folder.dir });
        assert.equal(r.code, 2, format);
        assert.match(r.stderr, /--url must be http:\/\/ or https:\/\//);
        assert.equal(hasErrorLine(r), false, format);
      }
    } finally {
      folder.remove();
    }
  });

  test("a flag commander rejects is usage_invalid, whatever side of --json it is on", async () => {
    for (const args of [["build", "--json", "--bogus"], ["build", "--bogus", "--json"], ["dev", "--json", "--port", "http"]]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stdout, "");
      const error = errorLine(r);
      assert.equal(error.code, "usage_invalid", args.join(" "));
      assert.doesNotMatch(error.message, /^error:/);
      assert.match(error.hint ?? "", /chatgpt-app --help/);
    }
  });

  test("init --json into a folder with files: target_not_empty, and the folder is left as it was", async () => {
    const folder = emptyFolder();
    try {
      writeFileSync(join(folder.dir, "notes.txt"), "mine\n");
      const r = await runCli(["init", ".", "--json", "--template", "vanilla", "--pm", "npm", "--no-install", "--no-git"], { cwd: folder.dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.equal(errorLine(r).code, "target_not_empty");
      assert.deepEqual(readdirSync(folder.dir), ["notes.txt"]);
      assert.equal(readFileSync(join(folder.dir, "notes.txt"), "utf8"), "mine\n");
    } finally {
      folder.remove();
    }
  });

  test("a bug is internal_error with the hint to report it; colour never reaches the JSON line", () => {
    const previous = kleur.enabled;
    kleur.enabled = true;
    try {
      let stderr = "";
      const io = { stdout: () => undefined, stderr: (text: string) => void (stderr += text) };
      assert.equal(reportError(new TypeError("x is not a function"), io, { machine: true }), 2);
      const lines = stderr.trimEnd().split("\n");
      const bug = JSON.parse(lines.at(-1)!) as ErrorLine;
      assert.equal(bug.error.code, "internal_error");
      assert.equal(bug.error.message, "x is not a function");
      assert.match(bug.error.hint ?? "", /This is a bug in chatgpt-app .*please report it at https:\/\/github\.com\//);
      assert.match(stderr, /Internal error/, "the trace for humans stays above");

      stderr = "";
      reportError(new CliError("install_failed", `npm install failed.\n${kleur.dim("npm ERR! 404")}`, { hint: kleur.bold("retry") }), io, { machine: true });
      const install = JSON.parse(stderr.trimEnd().split("\n").at(-1)!) as ErrorLine;
      assert.deepEqual(install.error, { code: "install_failed", message: "npm install failed.\nnpm ERR! 404", hint: "retry" });
    } finally {
      kleur.enabled = previous;
    }
  });
});

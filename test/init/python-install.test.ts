import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fakePackageManager, runInitInProcess, tempDir } from "./harness.js";

/** A `python3` that always fails, put first on PATH. */
function failingPython(): { binDir: string; remove(): void } {
  const { dir, remove } = tempDir("chatgpt-app-fake-python-");
  const binDir = join(dir, "bin");
  mkdirSync(binDir);
  writeFileSync(join(binDir, "python3"), '#!/bin/sh\necho "Error: no venv module here" >&2\nexit 1\n');
  chmodSync(join(binDir, "python3"), 0o755);
  return { binDir, remove };
}

describe("init --template python installs the Python half too", { timeout: 600_000 }, () => {
  const cwd = tempDir();
  const npm = fakePackageManager("npm", 0);
  after(() => {
    npm.remove();
    cwd.remove();
  });

  test("creates .venv and installs requirements.txt from PyPI into it", async () => {
    const r = await runInitInProcess("py-app", { yes: true, git: false, template: "python", json: true }, {
      cwd: cwd.dir,
      env: { PATH: `${npm.binDir}:${process.env.PATH}`, HOME: process.env.HOME, npm_config_user_agent: "npm/11.0.0 node/v20 linux x64" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).installed, true);
    assert.match(r.stderr, /Installed the Python requirements into \.venv/);
    const python = join(cwd.dir, "py-app", ".venv", "bin", "python");
    assert.ok(existsSync(python));
    const out = execFileSync(python, ["-c", "import fastapi, mcp.server.mcpserver, mcp.server.apps, uvicorn; print('ok')"], { encoding: "utf8" });
    assert.equal(out.trim(), "ok");
  });

  test("a failed Python install keeps the project and says how to retry", async () => {
    const python = failingPython();
    try {
      const r = await runInitInProcess("py-broken", { yes: true, git: false, template: "python" }, {
        cwd: cwd.dir,
        env: { PATH: `${npm.binDir}:${python.binDir}:${process.env.PATH}`, npm_config_user_agent: "npm/11.0.0 node/v20 linux x64" },
      });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Installing the Python requirements failed; the project is in place at \.\/py-broken\./);
      assert.match(r.stderr, /no venv module here/, "the tail of the installer's output");
      assert.match(r.stderr, /retry with: cd py-broken && python3 -m venv \.venv/);
      assert.ok(existsSync(join(cwd.dir, "py-broken", "server", "main.py")), "nothing was removed");
    } finally {
      python.remove();
    }
  });
});

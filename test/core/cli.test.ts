import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT, tempProject } from "../helpers/project.js";

const version = (JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, "utf8")) as { version: string }).version;

describe("the CLI skeleton", () => {
  test("--version and -v print the version on stdout", async () => {
    for (const flag of ["--version", "-v"]) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), version);
    }
  });

  test("--help for the program and every command, with examples", async () => {
    const top = await runCli(["--help"]);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Commands:[\s\S]*build[\s\S]*start/);
    assert.match(top.stdout, /Examples:/);
    for (const command of ["build", "start"]) {
      const r = await runCli([command, "--help"]);
      assert.equal(r.code, 0, command);
      assert.match(r.stdout, new RegExp(`Usage: chatgpt-app ${command}`));
      assert.match(r.stdout, /Examples:/);
    }
  });

  test("a usage error exits 2 with a hint, on stderr only", async () => {
    const unknown = await runCli(["biuld"]);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, "");
    assert.match(unknown.stderr, /unknown command 'biuld'/);
    assert.match(unknown.stderr, /Did you mean build\?/);
    assert.match(unknown.stderr, /hint:/);
    const badPort = await runCli(["start", "--port", "http"]);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /option '-p, --port <port>' argument 'http' is invalid\. the port must be a whole number from 0 to 65535/);
  });

  test("typed errors: message, hint and exit code; colour honours NO_COLOR and FORCE_COLOR", async () => {
    const p = tempProject();
    try {
      const plain = await runCli(["build"], { cwd: p.dir });
      assert.equal(plain.code, 2);
      assert.match(plain.stderr, /No app module at server\/index\.ts/);
      assert.match(plain.stderr, /hint: Create server\/index\.ts/);
      assert.doesNotMatch(plain.stderr, /\u001b\[/, "NO_COLOR: no escape codes");
      const coloured = await runCli(["build"], { cwd: p.dir, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
      assert.match(coloured.stderr, /\u001b\[\d+m/);
      const notBuilt = await runCli(["start"], { cwd: p.dir });
      assert.equal(notBuilt.code, 2);
      assert.match(notBuilt.stderr, /No build at .*dist/);
      assert.match(notBuilt.stderr, /hint: Run `chatgpt-app build` first/);
    } finally {
      p.remove();
    }
  });

  test("a tool list MCP clients would reject fails the build with exit 1 and the reason", async () => {
    const p = tempProject("basic", {
      "server/index.ts": [
        'import { defineApp } from "chatgpt-app/server";',
        "export default defineApp({ name: 'bad', setup(server) {",
        "  server.registerTool('t', { annotations: { readOnlyHint: 'yes' as never } }, async () => ({ content: [] }));",
        "} });",
      ].join("\n"),
    });
    try {
      const r = await runCli(["build"], { cwd: p.dir });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /MCP clients would reject this app's tools\/list:\n\s+tools\.0\.annotations\.readOnlyHint/);
      assert.match(r.stderr, /hint: `chatgpt-app lint` explains/);
      assert.throws(() => readFileSync(`${p.dir}/dist/manifest.json`));
    } finally {
      p.remove();
    }
  });

  test("a widget that does not compile fails the build with exit 1, file:line:col, and writes nothing", async () => {
    const p = tempProject("basic", { "widgets/hello/index.ts": "const x = ;\n" });
    try {
      const r = await runCli(["build"], { cwd: p.dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /widgets\/hello\/index\.ts:1:\d+/);
      assert.match(r.stderr, /nothing was written/);
      assert.throws(() => readFileSync(`${p.dir}/dist/manifest.json`));
    } finally {
      p.remove();
    }
  });
});

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { spawn } from "node:child_process";
import { killTree } from "../helpers/cli.js";
import { connect, type Raw } from "../helpers/mcp.js";
import { packTarball } from "../helpers/pack.js";
import { FIXTURES } from "../helpers/project.js";

/**
 * The package as users get it: packed, installed from its tarball into a fresh project
 * (dependencies from the registry), then `build` and `start` through the installed bin.
 */
describe("the packed package, installed into another project", () => {
  let dir: string;
  before(() => {
    const tarball = packTarball();
    dir = mkdtempSync(join(tmpdir(), "chatgpt-app-installed-"));
    for (const part of ["server", "widgets"]) cpSync(join(FIXTURES, "basic", part), join(dir, part), { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "installed-app", private: true, type: "module", dependencies: { "chatgpt-app": `file:${tarball}`, zod: "^4.0.0" } }),
    );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe", timeout: 240_000 });
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("ships dist, bin, templates and typings, and not the sources or tests", () => {
    const pkg = join(dir, "node_modules", "chatgpt-app");
    for (const file of ["bin/chatgpt-app.js", "dist/cli.js", "dist/exports/server.d.ts", "dist/exports/testing.d.ts", "LICENSE", "README.md"]) {
      assert.ok(existsSync(join(pkg, file)), file);
    }
    assert.ok(!existsSync(join(pkg, "src")), "no sources");
    assert.ok(!existsSync(join(pkg, "test")), "no tests");
  });

  test("build and start work from the installed bin, and the SDK client calls the tools", async () => {
    const bin = join(dir, "node_modules", ".bin", "chatgpt-app");
    execFileSync(bin, ["build"], { cwd: dir, stdio: "pipe", env: { ...process.env, NO_COLOR: "1" } });
    assert.ok(existsSync(join(dir, "dist", "manifest.json")));
    const child = spawn(bin, ["start", "--port", "0"], { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    try {
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      const origin = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`start did not come up: ${err}`)), 30_000);
        child.stderr.on("data", () => {
          const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on("close", () => reject(new Error(`start exited: ${err}`)));
      });
      const c = await connect(`${origin}/mcp`);
      try {
        const result = await c.client.callTool({ name: "add", arguments: { a: 1, b: 2 } });
        assert.equal((result.content as Raw[])[0]!.text, "3");
        const { tools } = await c.raw("tools/list");
        assert.equal(tools.length, 4);
      } finally {
        await c.close();
      }
    } finally {
      killTree(child, "SIGKILL");
    }
  });

  test("the typed exports resolve for a TypeScript user", () => {
    writeFileSync(
      join(dir, "check.ts"),
      'import { defineApp, type AppServer } from "chatgpt-app/server";\nimport { createTestClient } from "chatgpt-app/testing";\nimport { defineConfig } from "chatgpt-app/config";\n' +
        "const app = defineApp({ name: 'x', setup(server: AppServer) { server.registerTool('t', { widget: 'w', invoking: 'Working' }, async () => ({ content: [] })); } });\n" +
        "void app; void createTestClient; void defineConfig({ port: 1 });\n",
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["check.ts"] }),
    );
    const tsc = join(process.cwd(), "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: dir, stdio: "pipe" });
  });
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig } from "../../src/config/load-config.js";
import type { Spec } from "../../src/config/schema.js";
import { CONFIG_SPEC } from "../../src/config/types.js";
import { isCliError } from "../../src/errors.js";
import { REPO_ROOT, tempProject } from "../helpers/project.js";

/** The key paths a user can set, as docs/config.md writes them: `widgets.csp.connectDomains`, `lint.rules.<id>`. */
function keyPaths(spec: Spec, path: string): string[] {
  if (spec.kind === "object") return Object.entries(spec.keys).flatMap(([key, child]) => keyPaths(child, path ? `${path}.${key}` : key));
  if (spec.kind === "record") return [`${path}.<…>`];
  return [path];
}

async function configError(files: Record<string, string>): Promise<{ message: string; location: string | undefined; code: string }> {
  const p = tempProject(undefined, files);
  try {
    await loadConfig(p.dir);
  } catch (error) {
    assert.ok(isCliError(error), String(error));
    return { message: error.message, location: error.location, code: error.code };
  } finally {
    p.remove();
  }
  assert.fail("expected a config error");
}

describe("config", () => {
  test("zero config: defaults", async () => {
    const p = tempProject();
    try {
      const config = await loadConfig(p.dir);
      assert.equal(config.file, undefined);
      assert.equal(config.entry, `${p.dir}/server/index.ts`);
      assert.equal(config.widgetsDir, `${p.dir}/widgets`);
      assert.equal(config.outDir, `${p.dir}/dist`);
      assert.equal(config.port, 8787);
      assert.equal(config.host, "127.0.0.1");
      assert.equal(config.lint.preset, "recommended");
    } finally {
      p.remove();
    }
  });

  test("a TypeScript config with defineConfig, importing a local module", async () => {
    const p = tempProject(undefined, {
      "chatgpt-app.config.ts": [
        'import { defineConfig } from "chatgpt-app/config";',
        'import { port } from "./config/port";',
        "export default defineConfig({",
        "  port,",
        '  server: { entry: "src/app.ts" },',
        '  widgets: { dir: "ui", prefersBorder: true, csp: { connectDomains: ["https://api.example.com"] }, overrides: { map: { description: "A map" } } },',
        '  allowedHosts: ["my-app.example.com"],',
        "});",
      ].join("\n"),
      "config/port.ts": "export const port: number = 9999;\n",
    });
    try {
      const config = await loadConfig(p.dir);
      assert.equal(config.file, `${p.dir}/chatgpt-app.config.ts`);
      assert.equal(config.port, 9999);
      assert.equal(config.entry, `${p.dir}/src/app.ts`);
      assert.equal(config.widgetsDir, `${p.dir}/ui`);
      assert.deepEqual(config.widgetDefaults, { prefersBorder: true, csp: { connectDomains: ["https://api.example.com"] } });
      assert.deepEqual(config.widgetOverrides, { map: { description: "A map" } });
      assert.deepEqual(config.allowedHosts, ["my-app.example.com"]);
    } finally {
      p.remove();
    }
  });

  test("a JSON config, and server.command defaults the watch globs to Python", async () => {
    const p = tempProject(undefined, {
      "chatgpt-app.config.json": JSON.stringify({ server: { command: "uvicorn server.main:app --port {port}", url: "http://127.0.0.1:{port}/mcp" } }),
    });
    try {
      const config = await loadConfig(p.dir);
      assert.equal(config.server.command, "uvicorn server.main:app --port {port}");
      assert.deepEqual(config.server.watch, ["**/*.py"]);
    } finally {
      p.remove();
    }
  });

  test("an error names the file and the key", async () => {
    const wrongType = await configError({ "chatgpt-app.config.json": JSON.stringify({ port: "80" }) });
    assert.equal(wrongType.code, "config_invalid");
    assert.match(wrongType.message, /chatgpt-app\.config\.json: "port" must be a whole number/);

    const nested = await configError({
      "chatgpt-app.config.ts": 'export default { widgets: { overrides: { map: { csp: { connect_domains: [] } } } } };',
    });
    assert.match(nested.message, /chatgpt-app\.config\.ts: "widgets\.overrides\.map\.csp\.connect_domains" is not a known key/);
    assert.equal(nested.location, "chatgpt-app.config.ts › widgets.overrides.map.csp.connect_domains");

    const rule = await configError({ "chatgpt-app.config.json": JSON.stringify({ lint: { rules: { "missing-title": "warning" } } }) });
    assert.match(rule.message, /"lint\.rules\.missing-title" must be one of "off", "warn", "error"/);

    const syntax = await configError({ "chatgpt-app.config.json": "{ port: 1 }" });
    assert.match(syntax.message, /chatgpt-app\.config\.json is not valid JSON/);

    const compile = await configError({ "chatgpt-app.config.ts": "export default { port: 1 +* 2 };" });
    assert.match(compile.message, /chatgpt-app\.config\.ts does not compile:[\s\S]*chatgpt-app\.config\.ts:1:\d+/);

    const throws = await configError({ "chatgpt-app.config.js": 'throw new Error("nope");' });
    assert.match(throws.message, /chatgpt-app\.config\.js threw while loading: nope/);

    const noDefault = await configError({ "chatgpt-app.config.mjs": "export const port = 1;" });
    assert.match(noDefault.message, /has no default export/);
  });

  test("docs/config.md documents every key of the config spec, and no other", () => {
    const page = readFileSync(join(REPO_ROOT, "docs", "config.md"), "utf8");
    const table = page.slice(page.indexOf("## Every key"), page.indexOf("\n## ", page.indexOf("## Every key") + 1));
    const documented = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!.replace(/<[^>]+>/, "<…>"));
    const keys = keyPaths(CONFIG_SPEC, "");
    assert.deepEqual(keys.filter((key) => !documented.includes(key)), [], "keys without a row in docs/config.md's table");
    assert.deepEqual(documented.filter((key) => !keys.includes(key)), [], "rows for keys the config does not have");
  });
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../helpers/project.js";
import { importCycles, importsOf, layerViolations } from "./layers.js";

const SRC = join(REPO_ROOT, "src");

/** Every TypeScript source of src/, by its src-relative path (forward slashes). */
function sources(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.set(relative(SRC, path).split(sep).join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(SRC);
  return files;
}

describe("the layers of src/", () => {
  test("every import points down a layer or within its own folder; browser code imports nothing Node-side", () => {
    const files = sources();
    assert.ok(files.size > 100, "src/ was read");
    assert.deepEqual(layerViolations(files), []);
  });

  test("no import cycle between files", () => {
    assert.deepEqual(importCycles(sources()), []);
  });
});

describe("the layer checks themselves", () => {
  const tree = (extra: Record<string, string>) =>
    new Map(Object.entries({ "errors.ts": "export class CliError {}\n", "dev/watcher.ts": 'import { CliError } from "../errors.js";\n', ...extra }));

  test("imports of every form are read: static, multi-line, re-exports, type-only, dynamic; comments are not", () => {
    const text = [
      'import { a } from "./a.js";',
      "import {",
      "  b,",
      "  c,",
      '} from "../b.js";',
      'import type { T } from "../../app/types.js";',
      'export { d } from "./d.js";',
      'export * from "./e.js";',
      'import "./side-effect.js";',
      "// import { nope } from \"./commented.js\";",
      'const lazy = () => import("../lazy.js");',
    ].join("\n");
    const found = importsOf("dev/tunnel/x.ts", text).map((i) => [i.target, i.typeOnly, i.line]);
    assert.deepEqual(found, [
      ["dev/tunnel/a.ts", false, 1],
      ["dev/b.ts", false, 2],
      ["app/types.ts", true, 6],
      ["dev/tunnel/d.ts", false, 7],
      ["dev/tunnel/e.ts", false, 8],
      ["dev/tunnel/side-effect.ts", false, 9],
      ["dev/lazy.ts", false, 11],
    ]);
  });

  test("a planted import against the layers is caught, with where and why", () => {
    assert.deepEqual(layerViolations(tree({})), []);
    // Up a layer: the host reaching into dev.
    assert.deepEqual(layerViolations(tree({ "host/http.ts": 'import { startDevServer } from "../dev/dev-server.js";\n' })), [
      'src/host/http.ts:1: import "../dev/dev-server.js": layer 4 (host) imports layer 2 (dev): an import may point only down',
    ]);
    // Sideways in one layer: lint borrowing from dev (as it once did for its child server).
    assert.match(layerViolations(tree({ "lint/targets/command.ts": 'import { spawnChildServer } from "../../dev/child-server.js";\n' }))[0]!, /lint and dev are both in layer 2/);
    // Browser code: nothing Node-side, not even our own lower layers; types from the app contract only.
    assert.match(layerViolations(tree({ "widget-runtime/x.ts": 'import { readFileSync } from "node:fs";\n' }))[0]!, /Node built-in "node:fs"/);
    assert.match(layerViolations(tree({ "preview/client/x.ts": 'import { CliError } from "../../errors.js";\n' }))[0]!, /browser code \(preview\/client\) imports errors\.ts/);
    assert.match(layerViolations(tree({ "widget-runtime/x.ts": 'import { defineApp } from "../app/define-app.js";\n' }))[0]!, /browser code/);
    assert.deepEqual(layerViolations(tree({ "widget-runtime/x.ts": 'import type { AppDefinition } from "../app/define-app.js";\n' })), []);
    // The public entry points re-export any layer, and nothing imports them.
    assert.deepEqual(layerViolations(tree({ "exports/testing.ts": 'export { createTestClient } from "../host/testing.js";\n' })), []);
    assert.match(layerViolations(tree({ "host/x.ts": 'import { defineApp } from "../exports/server.js";\n' }))[0]!, /public entry point/);
    // A new top folder must be placed in the table before it is used.
    assert.match(layerViolations(tree({ "telemetry/x.ts": 'import { CliError } from "../errors.js";\n' }))[0]!, /src\/telemetry is in no layer/);
  });

  test("a planted cycle is caught, type-only imports included", () => {
    assert.deepEqual(importCycles(tree({})), []);
    const cycle = tree({
      "dev/tunnel/supervisor.ts": 'import ngrok from "./providers/ngrok.js";\n',
      "dev/tunnel/providers/ngrok.ts": 'import type { Tunnel } from "../supervisor.js";\n',
    });
    assert.deepEqual(importCycles(cycle), ["src/dev/tunnel/providers/ngrok.ts → src/dev/tunnel/supervisor.ts → src/dev/tunnel/providers/ngrok.ts"]);
    const three = tree({ "util/a.ts": 'import "./b.js";\n', "util/b.ts": 'import "./c.js";\n', "util/c.ts": 'export * from "./a.js";\n' });
    assert.deepEqual(importCycles(three), ["src/util/a.ts → src/util/b.ts → src/util/c.ts → src/util/a.ts"]);
  });
});

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../helpers/project.js";

const EXPORTS_DIR = join(REPO_ROOT, "src", "exports");
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> };

interface Names {
  values: Set<string>;
  types: Set<string>;
}

/** What a module exports, read from its source: `export { a, type B } from`, `export *`, `export const|function|class|type|interface`. */
function exportsOf(file: string, seen = new Set<string>()): Names {
  const names: Names = { values: new Set(), types: new Set() };
  if (seen.has(file)) return names;
  seen.add(file);
  const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const target = (specifier: string) => resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
  for (const [, specifier] of source.matchAll(/^export \* from "([^"]+)";/gm)) {
    const inner = exportsOf(target(specifier!), seen);
    inner.values.forEach((n) => names.values.add(n));
    inner.types.forEach((n) => names.types.add(n));
  }
  for (const [, typeOnly, list] of source.matchAll(/^export (type )?\{([^}]*)\}/gm)) {
    for (const item of list!.split(",").map((s) => s.trim()).filter(Boolean)) {
      const isType = Boolean(typeOnly) || item.startsWith("type ");
      const name = item.replace(/^type /, "").split(/\s+as\s+/).pop()!;
      (isType ? names.types : names.values).add(name);
    }
  }
  for (const [, kind, name] of source.matchAll(/^export (?:declare )?(?:async )?(const|let|function|class|type|interface|enum) (\w+)/gm)) {
    (kind === "type" || kind === "interface" ? names.types : names.values).add(name!);
  }
  return names;
}

function exportNames(subpath: string): Set<string> {
  const names = exportsOf(join(EXPORTS_DIR, `${subpath}.ts`));
  return new Set([...names.values, ...names.types]);
}

function markdownFiles(): string[] {
  const docs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docs(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : []));
  const templates = readdirSync(join(REPO_ROOT, "templates")).map((t) => join(REPO_ROOT, "templates", t, "README.md"));
  return [join(REPO_ROOT, "README.md"), join(REPO_ROOT, "CONTRIBUTING.md"), ...docs(join(REPO_ROOT, "docs")), ...templates].filter((f) => existsSync(f));
}

/** Every `import { … } from "chatgpt-app/…"` in the code blocks of a page: [subpath, name]. */
function documentedImports(markdown: string): Array<[string, string]> {
  const blocks = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  return blocks.flatMap((code) =>
    [...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+["']chatgpt-app\/([\w-]+)["']/g)].flatMap(([, list, subpath]) =>
      list!
        .split(",")
        .map((s) => s.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!)
        .filter(Boolean)
        .map((name): [string, string] => [subpath!, name]),
    ),
  );
}

describe("the public entry points", () => {
  test("every name the docs import from chatgpt-app/* is exported there", () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of markdownFiles()) {
      for (const [subpath, name] of documentedImports(readFileSync(file, "utf8"))) {
        count++;
        if (!(`./${subpath}` in pkg.exports)) missing.push(`${file}: chatgpt-app/${subpath} is not in package.json's exports`);
        else if (!exportNames(subpath).has(name)) missing.push(`${file}: ${name} is not exported by chatgpt-app/${subpath}`);
      }
    }
    assert.ok(count >= 5, `the docs import from chatgpt-app/* (${count} names found)`);
    assert.deepEqual(missing, []);
  });

  test("the reading of exports agrees with the modules themselves", async () => {
    for (const subpath of ["server", "testing", "config", "widget", "react"]) {
      const module = (await import(join(EXPORTS_DIR, `${subpath}.ts`))) as Record<string, unknown>;
      assert.deepEqual([...exportsOf(join(EXPORTS_DIR, `${subpath}.ts`)).values].sort(), Object.keys(module).sort(), subpath);
    }
  });

  test("chatgpt-app/widget is the bridge client without protocol internals; chatgpt-app/react the hooks and what they return", () => {
    const widget = exportNames("widget");
    for (const internal of ["UiClient", "PROTOCOL_VERSION", "McpError"]) assert.ok(!widget.has(internal), `chatgpt-app/widget exports ${internal}`);
    for (const name of ["getWidgetRuntime", "createWidgetRuntime", "WidgetHostError", "findOpenAi", "WidgetSnapshot"]) assert.ok(widget.has(name), name);
    const react = exportNames("react");
    assert.deepEqual([...react].filter((n) => !/^use[A-Z]/.test(n) && !widget.has(n) && !["CallTool", "CallToolState", "SetWidgetState"].includes(n)), []);
    for (const runtimeOnly of ["getWidgetRuntime", "createWidgetRuntime", "findOpenAi", "SET_GLOBALS_EVENT", "OpenAiApi"]) assert.ok(!react.has(runtimeOnly), `chatgpt-app/react exports ${runtimeOnly}`);
  });

  test("a name the docs import that is not exported is found", () => {
    const page = '```ts\nimport { getWidgetRuntime, type Nope } from "chatgpt-app/widget";\n```\n';
    const names = documentedImports(page);
    assert.deepEqual(names, [["widget", "getWidgetRuntime"], ["widget", "Nope"]]);
    assert.deepEqual(names.filter(([subpath, name]) => !exportNames(subpath).has(name)), [["widget", "Nope"]]);
  });
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { INTERNAL_ERROR } from "../../src/errors.js";
import { REPO_ROOT } from "../helpers/project.js";

const SRC = join(REPO_ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

/**
 * The codes a CliError is created with anywhere in src/: the first argument of `new CliError(…)`, of
 * `super(…)` in a subclass, and of any helper that passes its `code` parameter on to `new CliError(code`
 * (found by that shape, so a new helper is picked up too). A ternary first argument gives both codes.
 */
export function thrownCodes(files: Record<string, string>): Map<string, string[]> {
  const sources = Object.values(files).join("\n");
  const helpers = [...sources.matchAll(/function (\w+)\(code: string[^)]*\)[^{]*\{[^}]*new CliError\(code\b/g)].map((m) => m[1]!);
  const callee = new RegExp(String.raw`(?:\bnew CliError|\b(?:${["super", ...helpers].join("|")}))\(\s*([^,()]*)`, "g");
  const codes = new Map<string, string[]>();
  for (const [file, text] of Object.entries(files)) {
    const classes = /extends CliError\b/.test(text);
    for (const call of text.matchAll(callee)) {
      if (call[0].startsWith("super") && !classes) continue;
      for (const literal of call[1]!.matchAll(/(?<![=!]==\s*)"([a-z][a-z0-9]*(?:_[a-z0-9]+)*)"/g)) {
        codes.set(literal[1]!, [...(codes.get(literal[1]!) ?? []), file]);
      }
    }
  }
  return codes;
}

/** The codes docs/errors.md documents: the first cell of each row of its code table. */
function documentedCodes(page: string): Set<string> {
  return new Set([...page.matchAll(/^\| `([a-z][a-z0-9_]*)` \|/gm)].map((m) => m[1]!));
}

describe("docs/errors.md", () => {
  const files = Object.fromEntries(sourceFiles(SRC).map((f) => [relative(REPO_ROOT, f), readFileSync(f, "utf8")]));
  const thrown = thrownCodes(files);
  const page = readFileSync(join(REPO_ROOT, "docs", "errors.md"), "utf8");
  const documented = documentedCodes(page);

  test("documents every error code thrown in src/, and the funnel's internal_error", () => {
    assert.ok(thrown.size > 20, `found only ${thrown.size} codes: the scan is broken`);
    const missing = [...thrown].filter(([code]) => !documented.has(code)).map(([code, where]) => `${code} (${[...new Set(where)].join(", ")})`);
    assert.deepEqual(missing, [], "add a row to docs/errors.md for each");
    assert.ok(documented.has(INTERNAL_ERROR));
  });

  test("documents no code that nothing throws any more", () => {
    const stale = [...documented].filter((code) => code !== INTERNAL_ERROR && !thrown.has(code));
    assert.deepEqual(stale, []);
  });

  test("the scan finds codes in every shape they are thrown in", () => {
    const found = thrownCodes({
      "a.ts": 'throw new CliError("plain_code", "m");\nthrow new CliError(\n  "next_line", `m`);',
      "b.ts": 'return new CliError(x.phase === "compile" ? "when_compile" : "otherwise", "m");\nthrow new CliError(err.code, err.message);',
      "c.ts": 'export function failWith(code: string, message: string): CliError {\n  return new CliError(code, message);\n}\nthrow failWith("via_helper", "m");',
      "d.ts": 'class Stop extends CliError { constructor() { super("stopped", "m"); } }',
      "e.ts": 'class Other extends Error { constructor() { super("not_ours"); } }\nthrow new TypeError("not_a_code");',
    });
    assert.deepEqual([...found.keys()].sort(), ["next_line", "otherwise", "plain_code", "stopped", "via_helper", "when_compile"]);
  });
});

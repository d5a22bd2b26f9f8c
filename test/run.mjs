#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (TypeScript through tsx).
// `node test/run.mjs [filter…]` runs only the files whose path contains a filter; other
// arguments starting with `-` go to the test runner.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-"));
// Node before 23 prints TAP when its output is not a terminal, later versions a spec
// listing: ask for TAP, so every version prints the same (`--test-reporter=spec` for the other).
if (!flags.some((f) => f.startsWith("--test-reporter"))) flags.unshift("--test-reporter=tap");

function find(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "fixtures") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...find(path));
    else if (entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = find(join(root, "test"))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(", ")}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=300000", ...flags, ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
);
process.exit(result.status ?? 1);

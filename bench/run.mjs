#!/usr/bin/env node
// Runs every bench/*.bench.mjs and prints each figure beside its baseline, measured in the
// same run (these machines are noisy; ratios travel, absolute numbers don't).
//
// A bench file default-exports `async function (ctx) → Row[]`, where a Row is
//   { name, value, unit, baseline?: { name, value }, budget?: string, ok?: boolean, note?: string }
// `ok` is the figure checked against its budget; a row with ok === false makes the run exit 1.
// `node bench/run.mjs [filter…]` runs only the files whose name contains a filter.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const fmt = (value, unit) => (typeof value === "number" ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}` : String(value));
let failed = 0;
for (const file of files) {
  const bench = (await import(pathToFileURL(join(here, file)).href)).default;
  process.stdout.write(`\n${file.replace(/\.bench\.mjs$/, "")}\n`);
  const rows = await bench({ root, bin: join(root, "bin", "chatgpt-app.js") });
  for (const row of rows) {
    const base = row.baseline ? `   baseline ${row.baseline.name}: ${fmt(row.baseline.value, row.unit)}` : "";
    const ratio = row.baseline && row.baseline.value ? `  (×${(row.value / row.baseline.value).toFixed(2)})` : "";
    const verdict = row.ok === undefined ? "" : row.ok ? "  ✔" : "  ✖";
    const budget = row.budget ? `  [budget: ${row.budget}]` : "";
    process.stdout.write(`  ${row.name}: ${fmt(row.value, row.unit)}${base}${ratio}${budget}${verdict}${row.note ? `  ${row.note}` : ""}\n`);
    if (row.ok === false) failed += 1;
  }
}
process.stdout.write(failed ? `\n${failed} figure(s) over budget\n` : "\nall figures within budget\n");
process.exit(failed ? 1 : 0);

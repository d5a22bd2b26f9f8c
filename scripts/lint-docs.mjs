#!/usr/bin/env node
// Writes the README's lint section (between <!-- lint:start --> and <!-- lint:end -->) from
// the rules themselves, so the reference cannot drift from the code. Reads the built dist/.
//   node scripts/lint-docs.mjs          rewrite README.md
//   node scripts/lint-docs.mjs --check  exit 1 if README.md is out of date
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const README = join(root, "README.md");
const START = "<!-- lint:start -->";
const END = "<!-- lint:end -->";

/** JSON that stays on one line while it fits, like a person would write it. */
function oneLine(value) {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

function json(value, indent = "") {
  const flat = oneLine(value);
  if (flat.length + indent.length <= 100 || value === null || typeof value !== "object") return flat;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => `${inner}${json(v, inner)}`)
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${json(v, inner)}`);
  return Array.isArray(value) ? `[\n${items.join(",\n")}\n${indent}]` : `{\n${items.join(",\n")}\n${indent}}`;
}

function severityCell(rule) {
  return rule.submission && rule.submission !== rule.severity ? `${rule.severity} (${rule.submission} in submission)` : rule.severity;
}

/** The section's Markdown, from the rules in dist/. */
export async function renderLintDocs() {
  const { ALL_RULES } = await import("../dist/lint/all-rules.js");
  const guide = readFileSync(join(root, "scripts", "lint-guide.md"), "utf8").trimEnd();
  const table = ALL_RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${severityCell(r)} | ${r.docs.description} |`).join("\n");
  const reference = ALL_RULES.map((r) =>
    [
      `#### ${r.id}`,
      "",
      `**${severityCell(r)}.** ${r.docs.description}`,
      "",
      `**Why.** ${r.docs.why}`,
      "",
      `**Fix.** ${r.docs.fix}`,
      "",
      "Fails:",
      "",
      "```json",
      json(r.docs.examples.fail),
      "```",
      "",
      "Passes:",
      "",
      "```json",
      json(r.docs.examples.pass),
      "```",
    ].join("\n"),
  ).join("\n\n");
  return [
    guide,
    "",
    "### Rules",
    "",
    "| rule | default | checks |",
    "| --- | --- | --- |",
    table,
    "",
    "### Rule reference",
    "",
    "Examples are fragments of what lint collects: `tools` is `tools/list`, `resources` is `resources/list`,",
    "`reads` is `resources/read` by URI, `server` is what `initialize` said.",
    "",
    reference,
  ].join("\n");
}

export function replaceSection(readme, body) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md needs ${START} and ${END}`);
  return `${readme.slice(0, start + START.length)}\n${body}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(README, "utf8");
  const next = replaceSection(readme, await renderLintDocs());
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      console.error("README.md's lint section is out of date: run `node scripts/lint-docs.mjs`.");
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(README, next);
    console.error("README.md: lint section updated.");
  }
}

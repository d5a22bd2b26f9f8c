#!/usr/bin/env node
// Writes the rule reference from the rules themselves, so it cannot drift from the code:
// docs/rules/<id>.md for every rule (and removes pages whose rule is gone), and the rule
// table of docs/lint.md (between <!-- rules:start --> and <!-- rules:end -->). Reads the built dist/.
//   node scripts/lint-docs.mjs          rewrite the pages
//   node scripts/lint-docs.mjs --check  exit 1 if a page is out of date, missing or has no rule
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const RULES_DIR = join(root, "docs", "rules");
export const LINT_PAGE = join(root, "docs", "lint.md");
const START = "<!-- rules:start -->";
const END = "<!-- rules:end -->";

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

/** A message template as plain text: Markdown's own characters escaped, placeholders kept. */
function plain(text) {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** The page of one rule, `docs/rules/<id>.md`. */
export function renderRulePage(rule) {
  const warnOnly = new Set(rule.warnOnly ?? []);
  const messages = Object.entries(rule.messages).map(
    ([id, text]) => `- \`${id}\`${warnOnly.has(id) ? " (never more than a warning)" : ""}: ${plain(text)}`,
  );
  return [
    `<!-- Generated from src/lint/rules/${rule.id}.ts by \`node scripts/lint-docs.mjs\`: edit the rule, then run it. -->`,
    "",
    `# ${rule.id}`,
    "",
    rule.docs.description,
    "",
    "| | |",
    "| --- | --- |",
    `| default severity | ${rule.severity} |`,
    `| under \`--preset submission\` | ${rule.submission ?? rule.severity} |`,
    `| source | [\`src/lint/rules/${rule.id}.ts\`](../../src/lint/rules/${rule.id}.ts) |`,
    "",
    "## Why",
    "",
    rule.docs.why,
    "",
    "## How to fix",
    "",
    rule.docs.fix,
    "",
    "## Examples",
    "",
    "Fragments of what lint collects (see [Rules](../lint.md#rules)). Fails:",
    "",
    "```json",
    json(rule.docs.examples.fail),
    "```",
    "",
    "Passes:",
    "",
    "```json",
    json(rule.docs.examples.pass),
    "```",
    "",
    "## Messages",
    "",
    ...messages,
    "",
    "## Turning it off",
    "",
    `\`chatgpt-app lint --rule ${rule.id}=off\` for one run, or \`lint: { rules: { "${rule.id}": "off" } }\` in`,
    "`chatgpt-app.config.ts` ([Configuration and presets](../lint.md#configuration-and-presets)).",
    "",
  ].join("\n");
}

/** The rule table of docs/lint.md. */
export function renderRuleTable(rules) {
  const rows = rules.map((r) => `| [\`${r.id}\`](rules/${r.id}.md) | ${severityCell(r)} | ${r.docs.description} |`);
  return ["| rule | default | checks |", "| --- | --- | --- |", ...rows].join("\n");
}

export function replaceSection(page, body) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`docs/lint.md needs ${START} and ${END}`);
  return `${page.slice(0, start + START.length)}\n${body}\n${page.slice(end)}`;
}

/**
 * Every file the rules say should exist, by absolute path, and the rule pages that exist
 * without a rule (to delete).
 */
export function expectedDocs(rules) {
  const files = new Map(rules.map((rule) => [join(RULES_DIR, `${rule.id}.md`), renderRulePage(rule)]));
  files.set(LINT_PAGE, replaceSection(readFileSync(LINT_PAGE, "utf8"), renderRuleTable(rules)));
  const existing = existsSync(RULES_DIR) ? readdirSync(RULES_DIR).map((f) => join(RULES_DIR, f)) : [];
  const orphans = existing.filter((f) => !files.has(f));
  return { files, orphans };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ALL_RULES } = await import("../dist/lint/all-rules.js");
  const { files, orphans } = expectedDocs(ALL_RULES);
  const stale = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, "utf8") !== text).map(([path]) => path);
  const rel = (path) => path.slice(root.length + 1);
  if (process.argv.includes("--check")) {
    if (stale.length > 0 || orphans.length > 0) {
      for (const path of stale) console.error(`out of date: ${rel(path)}`);
      for (const path of orphans) console.error(`no such rule: ${rel(path)}`);
      console.error("Run `node scripts/build.mjs && node scripts/lint-docs.mjs`.");
      process.exit(1);
    }
  } else {
    mkdirSync(RULES_DIR, { recursive: true });
    for (const path of stale) writeFileSync(path, files.get(path));
    for (const path of orphans) rmSync(path);
    if (stale.length + orphans.length > 0) console.error(`docs: ${stale.length} page(s) written, ${orphans.length} removed.`);
  }
}

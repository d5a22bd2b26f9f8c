import { readFileSync, writeFileSync } from "node:fs";
import { CliError, errorMessage } from "../../errors.js";
import { isObject } from "../json.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type LintSnapshot } from "../types.js";
import type { CollectedTarget } from "./target.js";

/** Reads a snapshot written by `lint --dump`; anything else is exit 2 with what is wrong. */
export function collectFile(file: string): CollectedTarget {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError("lint_file_unreadable", `Cannot read ${file}: ${errorMessage(error)}`, {
      hint: "Write a snapshot with `chatgpt-app lint --dump <file>` first.",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError("lint_file_invalid", `${file} is not valid JSON: ${errorMessage(error)}`);
  }
  if (!isObject(value) || value.format !== SNAPSHOT_FORMAT) {
    throw new CliError("lint_file_invalid", `${file} is not a chatgpt-app lint snapshot (no "format": "${SNAPSHOT_FORMAT}").`, {
      hint: "Write one with `chatgpt-app lint --dump <file>`.",
    });
  }
  if (value.version !== SNAPSHOT_VERSION) {
    throw new CliError("lint_file_invalid", `${file} is snapshot version ${String(value.version)}; this chatgpt-app reads version ${SNAPSHOT_VERSION}.`);
  }
  for (const key of ["tools", "resources", "resourceTemplates"]) {
    if (!Array.isArray(value[key])) throw new CliError("lint_file_invalid", `${file}: "${key}" must be an array.`);
  }
  if (!isObject(value.reads)) throw new CliError("lint_file_invalid", `${file}: "reads" must be an object keyed by URI.`);
  const snapshot = { ...(value as unknown as LintSnapshot), server: isObject(value.server) ? (value.server as LintSnapshot["server"]) : {} };
  return { snapshot: { ...snapshot, target: `file ${file}` } };
}

/** `lint --dump <file>`: the snapshot, pretty-printed, for `lint --file` and for people. */
export function writeSnapshot(file: string, snapshot: LintSnapshot): void {
  try {
    writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
  } catch (error) {
    throw new CliError("lint_dump_failed", `Cannot write the snapshot to ${file}: ${errorMessage(error)}`);
  }
}

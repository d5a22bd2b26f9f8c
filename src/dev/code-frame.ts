import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { SourceLocation } from "../widgets/bundle.js";

/**
 * The lines around `location` with a caret under its column, in the style of esbuild's own
 * frames, for errors esbuild did not format (a throw while the app loads or sets up).
 */
export function codeFrame(root: string, location: SourceLocation, context = 2): string | undefined {
  let lines: string[];
  try {
    lines = readFileSync(isAbsolute(location.file) ? location.file : join(root, location.file), "utf8").split(/\r?\n/);
  } catch {
    return undefined;
  }
  if (location.line < 1 || location.line > lines.length) return undefined;
  const first = Math.max(1, location.line - context);
  const last = Math.min(lines.length, location.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === location.line ? ">" : " ";
    out.push(`  ${marker} ${String(n).padStart(width)} │ ${lines[n - 1]}`);
    if (n === location.line) out.push(`    ${" ".repeat(width)} │ ${" ".repeat(Math.max(0, location.column - 1))}^`);
  }
  return out.join("\n");
}

/** `message`, with a frame under it unless it already has one (esbuild's messages do). */
export function withCodeFrame(root: string, message: string, location: SourceLocation | undefined): string {
  if (!location || /\n\s+\d+\s+│/.test(message)) return message;
  const frame = codeFrame(root, location);
  const where = `${location.file}:${location.line}:${location.column}`;
  const head = message.includes(where) ? message : `${where}: ${message}`;
  return frame ? `${head}\n\n${frame}` : head;
}

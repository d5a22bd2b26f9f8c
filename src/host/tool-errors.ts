import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceLocation } from "../widgets/bundle.js";
import { locationFromStack } from "./load-app.js";

/** An error a tool handler threw, as dev prints it and `start` logs it: never the arguments. */
export interface ToolErrorReport {
  tool: string;
  /** `TypeError: …`, as thrown. */
  error: string;
  /**
   * Stack frames, innermost first (`at fetchWeather (server/weather.ts:2:9)`), mapped to the
   * user's sources, paths relative to the project; frames of packages and of Node itself left out.
   */
  stack: string[];
  /** The innermost frame in the project's own files. */
  location?: SourceLocation;
}

/** This copy of chatgpt-app (dist/ or src/), whose frames (the handler's wrapper) are noise to a user. */
const OWN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MAX_FRAMES = 12;

const FRAME = /^\s+at /;
const PATH = /(?:file:\/\/)?(\/[^():\s]+)(?=:\d+:\d+)/g;

function isNoise(frame: string): boolean {
  return frame.includes("node:internal") || frame.includes(`${sep}node_modules${sep}`) || frame.includes(OWN_DIR + sep) || /\(node:|at node:/.test(frame);
}

export function toolErrorReport(tool: string, thrown: unknown, root: string): ToolErrorReport {
  if (!(thrown instanceof Error)) return { tool, error: `thrown: ${String(thrown)}`, stack: [] };
  const frames = (thrown.stack ?? "").split("\n").filter((line) => FRAME.test(line));
  const own = frames.filter((frame) => !isNoise(frame));
  const stack = (own.length ? own : frames)
    .slice(0, MAX_FRAMES)
    .map((frame) =>
      frame.trim().replace(PATH, (match, path: string) => {
        const inProject = path.startsWith(root + sep);
        return inProject ? relative(root, path) : match.replace(/^file:\/\//, "");
      }),
    );
  const name = thrown.name || "Error";
  return { tool, error: thrown.message ? `${name}: ${thrown.message}` : name, stack, location: locationFromStack(thrown, root) };
}

/**
 * One line for a production log (one entry per error in log collectors): the tool, the
 * error and its frames. Newlines in the message are escaped so they cannot split it.
 */
export function toolErrorLine(report: ToolErrorReport): string {
  const frames = report.stack.length ? ` ${report.stack.join(" | ")}` : "";
  return `Tool ${report.tool} threw ${report.error.replace(/\r?\n/g, "\\n")}${frames}`;
}

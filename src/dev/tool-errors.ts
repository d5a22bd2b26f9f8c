import { toolErrorReport } from "../host/tool-errors.js";
import { withCodeFrame } from "./code-frame.js";
import type { DevEvents, ToolErrorEvent } from "./events.js";

/** The `tool-error` event of an error a tool handler threw: mapped stack, code frame, no arguments. */
export function toolErrorEvent(root: string, tool: string, thrown: unknown): Omit<ToolErrorEvent, "time"> {
  const report = toolErrorReport(tool, thrown, root);
  const { location } = report;
  const head = withCodeFrame(root, report.error, location);
  const stack = report.stack.map((frame) => `    ${frame}`).join("\n");
  const where = location ? { file: location.file, line: location.line, column: location.column } : {};
  return { type: "tool-error", tool, error: report.error, stack: report.stack, message: stack ? `${head}\n\n${stack}` : head, ...where };
}

/** What dev gives the host to hear of tool errors: each one reported as it happens. */
export function reportToolErrors(events: DevEvents, root: string): (tool: string, error: unknown) => void {
  return (tool, error) => void events.report(toolErrorEvent(root, tool, error));
}

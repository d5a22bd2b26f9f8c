import { isObject } from "./json.js";
import type { LintSnapshot } from "./types.js";

/** What lint's client says in `initialize`, as MCP Apps hosts do. */
export const UI_CLIENT_CAPABILITIES = { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } };

function names(tools: unknown[]): Set<string> {
  return new Set(tools.filter(isObject).map((t) => t.name).filter((n): n is string => typeof n === "string"));
}

/**
 * Records the tools a server lists only to clients that advertise the MCP Apps extension:
 * stateless servers never see `initialize`, and not every host advertises it, so such
 * tools can vanish everywhere (`ui-capability-gating`).
 */
export function noteUiGating(snapshot: LintSnapshot, toolsWithoutUi: unknown[]): void {
  const plain = names(toolsWithoutUi);
  const gated = [...names(snapshot.tools)].filter((name) => !plain.has(name));
  if (gated.length) snapshot.server.uiGatedTools = gated;
}

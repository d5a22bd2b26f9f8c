/** What the MCP Apps standard fixes for every host: MIME types and the tool metadata it defines. */
import type { Tool } from "@modelcontextprotocol/client";

export const MCP_APP_MIME = "text/html;profile=mcp-app";
export const SKYBRIDGE_MIME = "text/html+skybridge";

/** `_meta.ui.visibility`, when the tool declares one. */
export function visibilityOf(tool: Tool): string[] | undefined {
  const ui = (tool._meta as { ui?: { visibility?: unknown } } | undefined)?.ui;
  return Array.isArray(ui?.visibility) ? (ui.visibility as string[]) : undefined;
}

/** MCP Apps: a tool is callable from its widget unless its visibility leaves out `app`. */
export function appVisibilityRefusal(name: string, tool: Tool | undefined): string | undefined {
  if (!tool) return `The server has no tool named ${name}.`;
  const visibility = visibilityOf(tool);
  if (!(visibility ?? ["model", "app"]).includes("app")) return `${name} is not callable from widgets: its _meta.ui.visibility is ${JSON.stringify(visibility)}.`;
  return undefined;
}

/** `_meta.ui.resourceUri` (and the older flat `ui/resourceUri`). */
export function mcpAppsWidgetUri(tool: Tool): string | undefined {
  const meta = (tool._meta ?? {}) as Record<string, unknown>;
  const uri = (meta.ui as { resourceUri?: unknown } | undefined)?.resourceUri ?? meta["ui/resourceUri"];
  return typeof uri === "string" ? uri : undefined;
}

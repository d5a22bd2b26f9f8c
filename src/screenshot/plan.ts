/**
 * Which widgets `screenshot` renders, through which tool and with what input: each widget
 * through the first tool that names it (as the emulated host reads the tool's `_meta`), unless
 * that tool needs a user's token or is destructive; those run only when named with `--tool`.
 */
import { Client, StreamableHTTPClientTransport, type Tool } from "@modelcontextprotocol/client";
import { CliError } from "../errors.js";
import type { HostProfile } from "../preview/hosts/index.js";
import { packageVersion } from "../version.js";

export interface Shot {
  /** The widget's name, as the preview page names its panel. */
  widget: string;
  tool: string;
  /** The tool's input; undefined: the defaults of its input schema (the page fills them in). */
  args: Record<string, unknown> | undefined;
}

export interface Plan {
  shots: Shot[];
  /** Widgets left out, and why. */
  skipped: Array<{ widget: string; reason: string }>;
}

/** `ui://widget/<name>-<hash>.html` → `<name>`: the key of the page's panel (`data-widget`). */
export function widgetKeyOf(uri: string): string {
  return /^ui:\/\/widget\/([A-Za-z0-9_-]+?)(?:-[0-9a-f]{6,64})?\.html$/.exec(uri)?.[1] ?? uri;
}

/** Why a tool runs only when named: it needs a signed-in user (oauth2 only), or it is destructive. */
export function reservedBecause(tool: Tool): string | undefined {
  const raw = tool as Tool & { securitySchemes?: unknown };
  const schemes = raw.securitySchemes ?? (tool._meta as Record<string, unknown> | undefined)?.securitySchemes;
  if (Array.isArray(schemes) && schemes.length > 0 && schemes.every((s) => (s as { type?: unknown })?.type === "oauth2")) return "it needs a signed-in user (oauth2)";
  if (tool.annotations?.destructiveHint === true) return "it is destructive (destructiveHint: true)";
  return undefined;
}

/** Every tool the server lists to a client that advertises MCP Apps, as a host would. */
export async function listTools(mcpUrl: string): Promise<Tool[]> {
  const client = new Client(
    { name: "chatgpt-app-screenshot", version: packageVersion() },
    // Either protocol era, as the preview page's client does.
    { capabilities: { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } }, versionNegotiation: { mode: "auto" } } as never,
  );
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await client.listTools(cursor ? { cursor } : undefined);
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  } catch (error) {
    throw new CliError("screenshot_unreachable", `Cannot list the tools at ${mcpUrl}: ${(error as Error).message}`, {
      hint: "Check that the server is up and answers MCP over Streamable HTTP at that URL.",
    });
  } finally {
    await client.close().catch(() => undefined);
  }
}

export function planShots(tools: Tool[], host: HostProfile, options: { tool?: string; args?: Record<string, unknown> }): Plan {
  if (options.tool !== undefined) {
    const tool = tools.find((t) => t.name === options.tool);
    if (!tool) {
      throw new CliError("usage_invalid", `The server has no tool named "${options.tool}".`, { hint: `Its tools: ${tools.map((t) => t.name).join(", ") || "none"}.` });
    }
    const uri = host.widgetUriOf(tool);
    if (!uri) throw new CliError("usage_invalid", `Tool "${tool.name}" renders no widget under ${host.label}.`, { hint: "Name a tool whose _meta.ui.resourceUri names a widget." });
    return { shots: [{ widget: widgetKeyOf(uri), tool: tool.name, args: options.args }], skipped: [] };
  }
  const shots = new Map<string, Shot>();
  const reserved = new Map<string, string>();
  for (const tool of tools) {
    const uri = host.widgetUriOf(tool);
    if (!uri) continue;
    const widget = widgetKeyOf(uri);
    if (shots.has(widget)) continue;
    const because = reservedBecause(tool);
    if (because) {
      if (!reserved.has(widget)) reserved.set(widget, `${tool.name} runs only when named (--tool ${tool.name}): ${because}`);
      continue;
    }
    shots.set(widget, { widget, tool: tool.name, args: options.args });
  }
  const skipped = [...reserved].filter(([widget]) => !shots.has(widget)).map(([widget, reason]) => ({ widget, reason }));
  return { shots: [...shots.values()], skipped };
}

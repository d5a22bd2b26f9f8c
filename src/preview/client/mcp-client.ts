/**
 * The page's MCP connection to the app: the official SDK client over Streamable HTTP to the
 * dev server's `/mcp`, the same endpoint a host reaches through the tunnel.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CallToolResultSchema,
  ListResourcesResultSchema,
  ListToolsResultSchema,
  ReadResourceResultSchema,
  ResultSchema,
  type CallToolResult,
  type Resource,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";

/** A widget resource as a host renders it: the contents item of `resources/read`. */
export interface WidgetResource {
  uri: string;
  mimeType: string;
  html: string;
  /** `_meta` of the contents item, falling back to the list entry's (MCP Apps: "hosts MUST check both"). */
  meta: Record<string, unknown>;
}

export interface PreviewClient {
  serverName(): string;
  listTools(): Promise<Tool[]>;
  listResources(): Promise<Resource[]>;
  readWidget(uri: string, listMeta?: Record<string, unknown>): Promise<WidgetResource>;
  callTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Any other request a widget asks the host to forward (resources/read, resources/list). */
  forward(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Connects, and connects again once if the server lost the session (a dev server restart). */
export async function connectPreviewClient(url: URL, version: string): Promise<PreviewClient> {
  let client: Client;
  const connect = async () => {
    client = new Client({ name: "chatgpt-app-preview", version: version || "0.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url));
  };
  await connect();
  const request = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // Only a lost session is retried (the request never ran), never a call that may have run.
      if ((error as { code?: unknown }).code !== 404) throw error;
      await client.close().catch(() => undefined);
      await connect();
      return run();
    }
  };
  return {
    serverName: () => client.getServerVersion()?.name ?? "app",
    async listTools() {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await request(() => client.request({ method: "tools/list", params: cursor ? { cursor } : {} }, ListToolsResultSchema));
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    },
    async listResources() {
      if (!client.getServerCapabilities()?.resources) return [];
      const page = await request(() => client.request({ method: "resources/list", params: {} }, ListResourcesResultSchema));
      return page.resources;
    },
    async readWidget(uri, listMeta = {}) {
      const result = await request(() => client.request({ method: "resources/read", params: { uri } }, ReadResourceResultSchema));
      const content = result.contents[0];
      if (!content) throw new Error(`resources/read of ${uri} returned no contents.`);
      const html = "text" in content && typeof content.text === "string" ? content.text : decodeBase64((content as { blob?: string }).blob ?? "");
      const meta = (content._meta as Record<string, unknown> | undefined) ?? {};
      const ui = { ...((listMeta.ui as object | undefined) ?? {}), ...((meta.ui as object | undefined) ?? {}) };
      return { uri: content.uri, mimeType: content.mimeType ?? "", html, meta: { ...listMeta, ...meta, ui } };
    },
    // Raw tools/call, without the client's own output-schema check: the widget gets exactly what the server sent.
    callTool: (name, args) => request(() => client.request({ method: "tools/call", params: { name, arguments: args } }, CallToolResultSchema)),
    forward: (method, params) => request(() => client.request({ method, params }, ResultSchema)),
  };
}

function decodeBase64(blob: string): string {
  const bytes = Uint8Array.from(atob(blob), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

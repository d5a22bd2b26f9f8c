/**
 * The page's MCP connection to the app: the official SDK client over Streamable HTTP to the
 * dev server's `/mcp`, the same endpoint a host reaches through the tunnel, in whichever
 * protocol era the server speaks (`server/discover` first, `initialize` when that finds a
 * 2025-era server), and over the legacy HTTP+SSE transport when the endpoint refuses
 * Streamable HTTP.
 */
import { Client, SSEClientTransport, StreamableHTTPClientTransport, type AuthProvider, type CallToolResult, type Resource, type Tool } from "@modelcontextprotocol/client";

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

/**
 * Results as the server sent them: the widget gets exactly that (no output-schema check), and
 * the page shows every tool, even one a 2026-era client would drop for a bad `x-mcp-header`
 * (lint says why).
 */
const RAW = { "~standard": { version: 1, vendor: "chatgpt-app", validate: (value: unknown) => ({ value }) } } as const;

/**
 * Connects, and connects again once if the server lost the session (a 2025-era dev server restart).
 * With `authProvider` (the app has auth), every request carries the signed-in user's bearer token.
 */
export async function connectPreviewClient(url: URL, version: string, authProvider?: AuthProvider): Promise<PreviewClient> {
  let client: Client;
  let legacySse = false;
  const connect = async () => {
    client = new Client({ name: "chatgpt-app-preview", version: version || "0.0.0" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(legacySse ? new SSEClientTransport(url, { authProvider }) : new StreamableHTTPClientTransport(url, { authProvider }));
  };
  try {
    await connect();
  } catch (error) {
    // "Not here, not this way" to a POST: an endpoint that speaks only the legacy SSE transport.
    if (![400, 404, 405].includes((error as { status?: number }).status ?? 0)) throw error;
    legacySse = true;
    await connect();
  }
  const request = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // Only a lost session is retried (the request never ran), never a call that may have run.
      if ((error as { status?: unknown }).status !== 404) throw error;
      await client.close().catch(() => undefined);
      await connect();
      return run();
    }
  };
  const raw = <T>(method: string, params: Record<string, unknown>) => request(() => client.request({ method, params }, RAW) as Promise<T>);
  return {
    serverName: () => client.getServerVersion()?.name ?? "app",
    async listTools() {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await raw<{ tools: Tool[]; nextCursor?: string }>("tools/list", cursor ? { cursor } : {});
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    },
    async listResources() {
      if (!client.getServerCapabilities()?.resources) return [];
      const page = await raw<{ resources: Resource[] }>("resources/list", {});
      return page.resources;
    },
    async readWidget(uri, listMeta = {}) {
      const result = await raw<{ contents: Array<{ uri: string; mimeType?: string; text?: string; blob?: string; _meta?: Record<string, unknown> }> }>("resources/read", { uri });
      const content = result.contents[0];
      if (!content) throw new Error(`resources/read of ${uri} returned no contents.`);
      const html = typeof content.text === "string" ? content.text : decodeBase64(content.blob ?? "");
      const meta = content._meta ?? {};
      const ui = { ...((listMeta.ui as object | undefined) ?? {}), ...((meta.ui as object | undefined) ?? {}) };
      return { uri: content.uri, mimeType: content.mimeType ?? "", html, meta: { ...listMeta, ...meta, ui } };
    },
    callTool: (name, args) => raw<CallToolResult>("tools/call", { name, arguments: args }),
    forward: (method, params) => raw<Record<string, unknown>>(method, params),
  };
}

function decodeBase64(blob: string): string {
  const bytes = Uint8Array.from(atob(blob), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

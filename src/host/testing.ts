import { resolve } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AnyAppDefinition } from "../app/define-app.js";
import { loadConfig } from "../config/load-config.js";
import { connectInMemory, listAll } from "./in-memory.js";
import { loadProject } from "./project.js";

export interface TestClientOptions {
  /** The project folder (its config, widgets and app module). Default: the current directory. */
  root?: string;
  /** The app to serve, if your test imports it itself; otherwise the project's app module is loaded. */
  app?: AnyAppDefinition;
}

/** A tool as `tools/list` sends it, top-level `securitySchemes` included. */
export type ListedTool = Record<string, unknown> & { name: string; _meta?: Record<string, unknown> };

export interface WidgetContents {
  uri: string;
  mimeType: string | undefined;
  html: string;
  _meta: Record<string, unknown> | undefined;
}

export interface TestClient {
  /** The official SDK client, connected in memory. */
  client: Client;
  listTools(): Promise<ListedTool[]>;
  callTool(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** The HTML of a widget, by name or by `ui://` URI, read through `resources/read`. */
  readWidget(nameOrUri: string): Promise<WidgetContents>;
  /** The `ui://` URI a tool renders, or undefined. */
  widgetUriOf(toolName: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * An in-memory MCP client for a project's own tests: it builds the widgets, loads the app
 * and connects the official SDK client to it without opening a port.
 *
 * ```ts
 * const app = await createTestClient();
 * const result = await app.callTool("show_pizza", { topping: "basil" });
 * ```
 */
export async function createTestClient(options: TestClientOptions = {}): Promise<TestClient> {
  const root = resolve(options.root ?? process.cwd());
  const config = await loadConfig(root);
  const project = await loadProject(config, { mode: "test", app: options.app });
  const connection = await connectInMemory(project.state, "chatgpt-app-test");
  const { client, rawRequest } = connection;

  const listTools = () => listAll(rawRequest, "tools/list", "tools") as Promise<ListedTool[]>;
  const widgetUriOf = async (toolName: string) => {
    const tool = (await listTools()).find((t) => t.name === toolName);
    if (!tool) throw new Error(`No tool named "${toolName}".`);
    const ui = tool._meta?.ui as { resourceUri?: string } | undefined;
    return ui?.resourceUri;
  };
  return {
    client,
    listTools,
    widgetUriOf,
    callTool: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async readWidget(nameOrUri) {
      const uri = nameOrUri.startsWith("ui://") ? nameOrUri : project.state.widgets.get(nameOrUri)?.uri;
      if (!uri) throw new Error(`No widget named "${nameOrUri}". Widgets: ${[...project.state.widgets.keys()].join(", ") || "none"}.`);
      const result = await client.readResource({ uri });
      const item = result.contents[0] as { uri: string; mimeType?: string; text?: string; _meta?: Record<string, unknown> };
      return { uri: item.uri, mimeType: item.mimeType, html: item.text ?? "", _meta: item._meta };
    },
    close: () => connection.close(),
  };
}

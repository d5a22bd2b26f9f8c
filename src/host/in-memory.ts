import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ResultSchema, type ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { createAppServer, type AnyAppServer, type AppState, type CreateServerOptions } from "./app-state.js";

export interface InMemoryConnection {
  client: Client;
  server: AnyAppServer;
  /** A request whose result is returned as sent, unknown keys included. */
  rawRequest(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Connects an SDK client to a fresh server for the app, in memory: no port. */
export async function connectInMemory(
  state: AppState,
  clientName = "chatgpt-app",
  capabilities?: ClientCapabilities,
  serverOptions: Pick<CreateServerOptions, "checkSchemas"> = {},
): Promise<InMemoryConnection> {
  const server = await createAppServer(state, { ...serverOptions, longLived: true });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: clientName, version: "1.0.0" }, capabilities ? { capabilities } : undefined);
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    server,
    rawRequest: (method, params = {}) => client.request({ method, params }, ResultSchema) as Promise<Record<string, unknown>>,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** Every page of a paginated list request, raw. */
export async function listAll(
  rawRequest: InMemoryConnection["rawRequest"],
  method: string,
  key: string,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await rawRequest(method, cursor ? { cursor } : {});
    const list = result[key];
    if (Array.isArray(list)) items.push(...(list as Array<Record<string, unknown>>));
    cursor = typeof result.nextCursor === "string" ? result.nextCursor : undefined;
    // A server that hands out a cursor it gave before would page forever.
    if (!cursor || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return items;
}

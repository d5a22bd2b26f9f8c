#!/usr/bin/env node
// A 2026-07-28-only MCP server over stdio (the v2 SDK's serveStdio refusing 2025), for lint --command.
import { McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

const schema = (json) => ({ "~standard": { version: 1, vendor: "test", validate: (value) => ({ value }), jsonSchema: { input: () => json, output: () => json } } });

serveStdio(
  () => {
    const server = new McpServer({ name: "era-2026-stdio", version: "1.0.0" });
    server.registerTool(
      "draw_card",
      {
        title: "Draw card",
        description: "Draws a card that names the protocol era. Use it when the user asks which era this is.",
        inputSchema: schema({ type: "object", properties: { region: { type: "string", "x-mcp-header": "Region" } } }),
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false, idempotentHint: true },
        _meta: { securitySchemes: [{ type: "noauth" }] },
      },
      async () => ({ content: [{ type: "text", text: "era 2026-07-28" }] }),
    );
    return server;
  },
  { legacy: "reject" },
);

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { lint } from "../../src/lint/lint.js";
import { runCli } from "../helpers/cli.js";

/** A bare SDK server behind a bearer-token check, on both transports (Streamable HTTP at /mcp, SSE at /sse). */
function protectedServer(token: string): Server {
  const build = () => {
    const server = new McpServer({ name: "protected", version: "1.0.0" });
    server.registerTool("whoami", { description: "Says who.", annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } }, async () => ({
      content: [{ type: "text", text: "you" }],
    }));
    return server;
  };
  const sse = new Map<string, SSEServerTransport>();
  return createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "www-authenticate": 'Bearer error="invalid_token"', "content-type": "application/json" }).end('{"error":"unauthorized"}');
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/sse" && req.method === "GET") {
      const transport = new SSEServerTransport("/messages", res);
      sse.set(transport.sessionId, transport);
      await build().connect(transport);
      return;
    }
    if (url.pathname === "/messages" && req.method === "POST") {
      await sse.get(url.searchParams.get("sessionId") ?? "")?.handlePostMessage(req, res);
      return;
    }
    if (url.pathname === "/mcp" && req.method === "POST") {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await build().connect(transport);
      await transport.handleRequest(req, res);
      return;
    }
    res.writeHead(405).end();
  });
}

describe("--header reaches the server on both transports", () => {
  let server: Server;
  let origin: string;
  before(async () => {
    server = protectedServer("s3cret");
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  for (const [path, kind] of [
    ["/mcp", "streamable-http"],
    ["/sse", "sse"],
  ] as const) {
    test(`${kind}: with the header lint sees the tools; without it, exit 2 asking for credentials`, async () => {
      const result = await lint({ cwd: process.cwd(), target: { kind: "url", url: `${origin}${path}`, headers: { Authorization: "Bearer s3cret" } }, timeoutMs: 10_000 });
      assert.match(result.target, new RegExp(`\\(${kind}\\)$`));
      assert.equal(result.counts.tools, 1);
      assert.ok(result.diagnostics.some((d) => d.ruleId === "missing-security-schemes"));
      const refused = await runCli(["lint", "--url", `${origin}${path}`, "--timeout", "10000"]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /hint: The server wants credentials: pass them with --header "Authorization: Bearer <token>"/);
    });
  }
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { McpServer as McpServerV1 } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Server as ServerV1 } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer as McpServerV2, Server as ServerV2 } from "@modelcontextprotocol/server";
import { z } from "zod";
import { defineApp, type AppServer, type AppServerV2 } from "../../src/exports/server.js";
import { createTestClient } from "../../src/exports/testing.js";
import { tempProject } from "../helpers/project.js";

const PACKAGE_JSON = {
  1: { name: "app-v1", type: "module", dependencies: { "chatgpt-app": "^0.1.0", zod: "^4.1.0" } },
  2: { name: "app-v2", type: "module", dependencies: { "@modelcontextprotocol/server": "^2.4.0", "chatgpt-app": "^0.1.0", zod: "^4.2.0" } },
} as const;

/** What each SDK's own prototypes hold before any app server is made. */
const pristine = {
  v1: { registerTool: McpServerV1.prototype.registerTool, connect: McpServerV1.prototype.connect, setRequestHandler: ServerV1.prototype.setRequestHandler },
  v2: { registerTool: McpServerV2.prototype.registerTool, connect: McpServerV2.prototype.connect, setRequestHandler: ServerV2.prototype.setRequestHandler },
};

for (const line of [1, 2] as const) {
  describe(`SDK line ${line}: a tool handler's context`, () => {
    test("carries context.app (auth, the request's _meta, its openai/* keys, state) on the line's own McpServer", async () => {
      const project = tempProject(undefined, { "package.json": JSON.stringify(PACKAGE_JSON[line]) });
      let registeredOn: unknown;
      const app = defineApp({
        name: `context-${line}`,
        securitySchemes: [{ type: "noauth" }],
        setup(server: AppServer | AppServerV2) {
          registeredOn = server;
          (server as AppServer).registerTool("whoami", { inputSchema: z.object({ echo: z.string() }) }, async ({ echo }, { app: context }) => ({
            content: [{ type: "text", text: echo }],
            structuredContent: {
              session: context.session,
              subject: context.subject,
              locale: context.locale,
              meta: context.meta,
              auth: context.auth ?? null,
              state: typeof context.state.handle(context.state.mint()).update,
              aborted: context.signal.aborted,
            },
          }));
        },
      });
      const client = await createTestClient({ root: project.dir, app });
      try {
        const _meta = { "openai/session": "s-1", "openai/subject": "u-1", "openai/locale": "fr-FR", custom: 1 };
        const result = await client.client.callTool({ name: "whoami", arguments: { echo: "hi" }, _meta });
        assert.ok(!result.isError, JSON.stringify(result.content));
        assert.deepEqual(result.structuredContent, { session: "s-1", subject: "u-1", locale: "fr-FR", meta: _meta, auth: null, state: "function", aborted: false });
        assert.ok(registeredOn instanceof (line === 1 ? McpServerV1 : McpServerV2), `the app registers on the v${line} SDK's McpServer`);
        assert.ok(!(registeredOn instanceof (line === 1 ? McpServerV2 : McpServerV1)));
      } finally {
        await client.close();
        project.remove();
      }
    });
  });
}

test("no SDK prototype or server method is replaced: the metadata goes through the SDK's public API", async () => {
  const project = tempProject(undefined, { "package.json": JSON.stringify(PACKAGE_JSON[2]) });
  const servers: Array<AppServer | AppServerV2> = [];
  try {
    for (const line of [1, 2] as const) {
      project.write("package.json", JSON.stringify(PACKAGE_JSON[line]));
      const app = defineApp({ name: "x", setup: (server: AppServer | AppServerV2) => void servers.push(server) });
      const client = await createTestClient({ root: project.dir, app });
      await client.listTools();
      await client.close();
    }
    assert.ok(servers.some((s) => s instanceof McpServerV1) && servers.some((s) => s instanceof McpServerV2), "a server of each line was made");
    for (const server of servers) {
      const lowLevel = server.server as unknown as object;
      assert.ok(!Object.hasOwn(lowLevel, "setRequestHandler"), "the low-level server keeps the SDK's own setRequestHandler");
    }
    assert.deepEqual(
      {
        v1: { registerTool: McpServerV1.prototype.registerTool, connect: McpServerV1.prototype.connect, setRequestHandler: ServerV1.prototype.setRequestHandler },
        v2: { registerTool: McpServerV2.prototype.registerTool, connect: McpServerV2.prototype.connect, setRequestHandler: ServerV2.prototype.setRequestHandler },
      },
      pristine,
    );
  } finally {
    project.remove();
  }
});

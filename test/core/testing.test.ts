import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import type { AppServer } from "../../src/app/app-server.js";
import { defineApp } from "../../src/app/define-app.js";
import { createTestClient } from "../../src/host/testing.js";
import { tempProject } from "../helpers/project.js";

describe("chatgpt-app/testing", () => {
  test("loads a project's app and widgets and calls its tools in memory", async () => {
    const p = tempProject("basic");
    const app = await createTestClient({ root: p.dir });
    try {
      const tools = await app.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ["add", "explode", "show_card", "show_hello"]);
      assert.deepEqual(tools.find((t) => t.name === "show_hello")?.securitySchemes, [{ type: "noauth" }]);
      const result = await app.callTool("show_hello", { name: "Grace" });
      assert.deepEqual(result.structuredContent, { message: "Hello, Grace!" });
      const uri = await app.widgetUriOf("show_hello");
      const widget = await app.readWidget("hello");
      assert.equal(widget.uri, uri);
      assert.equal(widget.mimeType, "text/html;profile=mcp-app");
      assert.match(widget.html, /Hello widget/);
      assert.equal((await app.callTool("explode")).isError, true);
      await assert.rejects(app.readWidget("nope"), /No widget named "nope". Widgets: card, hello/);
    } finally {
      await app.close();
      p.remove();
    }
  });

  test("serves an app the test imports itself", async () => {
    const p = tempProject(undefined, { "widgets/w/index.ts": 'document.body.append("w");\n' });
    const app = await createTestClient({
      root: p.dir,
      app: defineApp({
        name: "inline",
        setup(server: AppServer) {
          server.registerTool(
            "double",
            { inputSchema: { n: z.number() }, outputSchema: { n: z.number() }, widget: "w" },
            async ({ n }) => ({ content: [{ type: "text", text: String(n * 2) }], structuredContent: { n: n * 2 } }),
          );
        },
      }),
    });
    try {
      assert.deepEqual((await app.callTool("double", { n: 21 })).structuredContent, { n: 42 });
      assert.match(String(await app.widgetUriOf("double")), /^ui:\/\/widget\/w-[0-9a-f]{12}\.html$/);
      const invalid = await app.callTool("double", { n: "x" });
      assert.equal(invalid.isError, true, "input validation errors come back as tool errors");
    } finally {
      await app.close();
      p.remove();
    }
  });
});

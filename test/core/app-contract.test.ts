import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import { defineApp, type AppDefinition } from "../../src/app/define-app.js";
import { AppDefinitionError, buildToolMeta, buildWidgetMeta } from "../../src/app/tool-meta.js";
import type { AppState } from "../../src/host/app-state.js";
import { connectInMemory } from "../../src/host/in-memory.js";
import { reinstallAppServer } from "../../src/host/app-state.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { checkAppState } from "../../src/host/project.js";

const noWidgets: AppState["widgets"] = new Map();

function stateOf(setup: AppDefinition["setup"], widgets = noWidgets): AppState {
  return { app: defineApp({ name: "t", setup }), widgets, mode: "test" };
}

describe("the app contract", () => {
  test("visibility and widgetAccessible always agree, and an explicit visibility is written", () => {
    const cases: Array<[unknown, string[], boolean]> = [
      [undefined, ["model", "app"], true],
      [["model"], ["model"], false],
      [["app"], ["app"], true],
    ];
    for (const [visibility, expected, accessible] of cases) {
      const meta = buildToolMeta({
        tool: "t",
        options: { visibility: visibility as never },
        userMeta: undefined,
        widgetUris: {},
        defaultSecuritySchemes: undefined,
      });
      assert.deepEqual((meta.ui as { visibility: string[] }).visibility, expected);
      assert.equal(meta["openai/widgetAccessible"], accessible);
    }
  });

  test("the user's own _meta is kept and ours written on top", () => {
    const meta = buildToolMeta({
      tool: "t",
      options: { widget: "w" },
      userMeta: { "openai/fileParams": ["file"], ui: { custom: 1 }, "ui/resourceUri": "ui://old.html" },
      widgetUris: { w: "ui://widget/w-aaaaaaaaaaaa.html" },
      defaultSecuritySchemes: [{ type: "noauth" }],
    });
    assert.deepEqual(meta["openai/fileParams"], ["file"]);
    assert.equal((meta.ui as Record<string, unknown>).custom, 1);
    assert.equal((meta.ui as Record<string, unknown>).resourceUri, "ui://widget/w-aaaaaaaaaaaa.html");
    assert.equal(meta["openai/outputTemplate"], "ui://widget/w-aaaaaaaaaaaa.html");
    assert.equal(meta["ui/resourceUri"], undefined, "the deprecated flat key is not left disagreeing");
    assert.deepEqual(meta.securitySchemes, [{ type: "noauth" }]);
  });

  test("mistakes are caught when the app loads, naming the tool", async () => {
    const mistakes: Array<[string, AppDefinition["setup"]]> = [
      [
        "invoking is 65 characters; ChatGPT allows at most 64",
        (s) => void s.registerTool("long", { invoking: "x".repeat(65) }, async () => ({ content: [] })),
      ],
      ["renders widget \"nope\", but there is no widgets/nope", (s) => void s.registerTool("w", { widget: "nope" }, async () => ({ content: [] }))],
      [
        "belong on the widget resource",
        (s) => void s.registerTool("csp", { _meta: { ui: { csp: { connectDomains: [] } } } }, async () => ({ content: [] })),
      ],
      ["unknown visibility", (s) => void s.registerTool("v", { visibility: ["everyone" as never] }, async () => ({ content: [] }))],
      [
        "is not { type: \"noauth\" }",
        (s) => void s.registerTool("sec", { securitySchemes: [{ type: "apikey" } as never] }, async () => ({ content: [] })),
      ],
    ];
    for (const [message, setup] of mistakes) {
      await assert.rejects(checkAppState(stateOf(setup)), (error: unknown) => {
        assert.ok(error instanceof AppDefinitionError);
        assert.ok(error.message.includes(message), `${error.message} ⊇ ${message}`);
        return true;
      });
    }
    await checkAppState(stateOf((s) => void s.registerTool("ok", { invoking: "é".repeat(64) }, async () => ({ content: [] }))));
  });

  test("defineApp checks its input", () => {
    assert.throws(() => defineApp({ name: "", setup() {} }), /needs a name/);
    assert.throws(() => defineApp({ name: "x" } as never), /setup\(server\)/);
    assert.throws(() => defineApp({ name: "x", securitySchemes: "noauth" as never, setup() {} }), /must be an array/);
  });

  test("an app with no widgets serves its tools, annotations passed through", async () => {
    const state = stateOf((server) => {
      server.registerTool(
        "echo",
        {
          title: "Echo",
          description: "Echoes.",
          inputSchema: { text: z.string() },
          annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false, idempotentHint: true },
        },
        async ({ text }) => ({ content: [{ type: "text", text }] }),
      );
    });
    const connection = await connectInMemory(state);
    try {
      const { tools } = (await connection.rawRequest("tools/list")) as { tools: Array<Record<string, any>> };
      assert.equal(tools.length, 1);
      assert.deepEqual(tools[0]!.annotations, { readOnlyHint: true, destructiveHint: false, openWorldHint: false, idempotentHint: true });
      assert.equal(tools[0]!.securitySchemes, undefined, "no schemes declared, none invented");
      const result = await connection.client.callTool({ name: "echo", arguments: { text: "hi" } });
      assert.deepEqual(result.content, [{ type: "text", text: "hi" }]);
      const { resources } = await connection.client.listResources();
      assert.deepEqual(resources, [], "no widgets: an empty list, and the capability is there for a reload that adds one");
    } finally {
      await connection.close();
    }
  });

  test("a client connected while the app had no tools sees the first tool a reload adds", async () => {
    const connection = await connectInMemory(stateOf(() => {}));
    try {
      assert.deepEqual((await connection.client.listTools()).tools, []);
      let notified = false;
      connection.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void (notified = true));
      await reinstallAppServer(
        connection.server,
        stateOf((s) => void s.registerTool("first", { description: "The first tool." }, async () => ({ content: [] }))),
      );
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(notified, true);
      assert.deepEqual((await connection.client.listTools()).tools.map((t) => t.name), ["first"]);
    } finally {
      await connection.close();
    }
  });

  test("widget metadata: ui.* and the openai/widget* aliases from one set of options", () => {
    const meta = buildWidgetMeta({
      description: "Shows a pizza.",
      prefersBorder: true,
      domain: "https://pizza.example.com",
      csp: { connectDomains: ["https://api.example.com"], resourceDomains: [], frameDomains: ["https://maps.example.com"], redirectDomains: ["https://shop.example.com"] },
    });
    assert.deepEqual(meta, {
      ui: {
        csp: { connectDomains: ["https://api.example.com"], resourceDomains: [], frameDomains: ["https://maps.example.com"] },
        prefersBorder: true,
      },
      "openai/widgetCSP": {
        connect_domains: ["https://api.example.com"],
        resource_domains: [],
        frame_domains: ["https://maps.example.com"],
        redirect_domains: ["https://shop.example.com"],
      },
      "openai/widgetPrefersBorder": true,
      "openai/widgetDomain": "https://pizza.example.com",
      "openai/widgetDescription": "Shows a pizza.",
    });
    const standard = buildWidgetMeta({ uiDomain: "0123456789abcdef0123456789abcdef.claudemcpcontent.com" }).ui as Record<string, unknown>;
    assert.equal(standard.domain, "0123456789abcdef0123456789abcdef.claudemcpcontent.com", "ui.domain only when asked for");
  });
});

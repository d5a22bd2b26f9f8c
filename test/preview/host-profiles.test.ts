import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Tool } from "@modelcontextprotocol/client";
import { createHash } from "node:crypto";
import { claudeWidgetDomain, DEFAULT_HOST, HOST_PROFILES, hostProfile } from "../../src/preview/hosts/index.js";
import type { DisplayMode } from "../../src/preview/hosts/types.js";
import { REPO_ROOT } from "../helpers/project.js";

const HOSTS_DIR = join(REPO_ROOT, "src", "preview", "hosts");
const MODES: DisplayMode[] = ["inline", "pip", "fullscreen"];
const tool = (name: string, meta: Record<string, unknown> = {}): Tool => ({ name, inputSchema: { type: "object" }, _meta: meta });

describe("host profiles", () => {
  for (const host of HOST_PROFILES) {
    test(`${host.id}: every control and limit the page reads is there and consistent`, () => {
      assert.match(host.id, /^[a-z][a-z0-9-]*$/);
      assert.equal(hostProfile(host.id), host);
      assert.ok(host.displayModes.includes("inline"), "every host shows widgets inline");
      assert.ok(Object.keys(host.devices).length > 0);
      assert.ok(host.themes.length > 0);
      for (const theme of host.themes) assert.ok(host.styles[theme], `styles for ${theme}`);
      for (const mime of host.bridges.mcpApps?.mimeTypes ?? []) assert.ok(host.widgetMimeTypes.includes(mime), `${mime} is rendered`);
      for (const mode of host.displayModes) assert.ok(host.limits.maxHeight[mode] !== undefined, `maxHeight in ${mode}`);
      for (const device of Object.keys(host.devices)) {
        for (const mode of MODES) {
          const granted = host.grantDisplayMode(mode, device, "inline");
          assert.ok(host.displayModes.includes(granted), `${mode} on ${device} is granted as ${granted}, a mode the host has`);
        }
      }
    });
  }

  test("an unknown host id falls back to ChatGPT", () => {
    assert.equal(hostProfile("nope").id, "chatgpt");
    assert.equal(hostProfile(undefined), DEFAULT_HOST);
  });

  test("ChatGPT: no pip (the widget keeps its mode), the legacy callTool needs widgetAccessible, model-only tools are refused", () => {
    const chatgpt = hostProfile("chatgpt");
    assert.deepEqual(chatgpt.displayModes, ["inline", "fullscreen"]);
    assert.equal(chatgpt.grantDisplayMode("pip", "desktop", "inline"), "inline");
    assert.equal(chatgpt.grantDisplayMode("pip", "mobile", "fullscreen"), "fullscreen");
    assert.equal(chatgpt.grantDisplayMode("fullscreen", "mobile", "inline"), "fullscreen");
    assert.equal(chatgpt.statusText(tool("t", { "openai/toolInvocation/invoking": "Baking…" }), "invoking"), "Baking…");
    assert.equal(chatgpt.statusText(tool("t"), "invoked"), "Called t");
    assert.equal(chatgpt.bridges.openai, true);
    assert.deepEqual(chatgpt.bridges.mcpApps?.mimeTypes, ["text/html;profile=mcp-app"]);
    assert.deepEqual(chatgpt.widgetMimeTypes, ["text/html;profile=mcp-app", "text/html+skybridge"]);
    assert.equal(chatgpt.widgetUriOf(tool("t", { "openai/outputTemplate": "ui://widget/a.html" })), "ui://widget/a.html");
    assert.equal(chatgpt.widgetUriOf(tool("t", { ui: { resourceUri: "ui://widget/b.html" }, "openai/outputTemplate": "ui://widget/a.html" })), "ui://widget/b.html");

    assert.match(chatgpt.refuseToolCall("gone", undefined, "tools/call")!, /no tool named gone/);
    assert.match(chatgpt.refuseToolCall("m", tool("m", { ui: { visibility: ["model"] } }), "tools/call")!, /not callable from widgets/);
    assert.equal(chatgpt.refuseToolCall("plain", tool("plain"), "tools/call"), undefined);
    assert.match(chatgpt.refuseToolCall("plain", tool("plain"), "window.openai.callTool")!, /openai\/widgetAccessible/);
    assert.equal(chatgpt.refuseToolCall("opt", tool("opt", { "openai/widgetAccessible": true }), "window.openai.callTool"), undefined);
    assert.equal(chatgpt.refuseToolCall("app", tool("app", { ui: { visibility: ["app"] } }), "window.openai.callTool"), undefined);
  });

  test("the ids other commands use, in order", () => {
    assert.deepEqual(HOST_PROFILES.map((h) => h.id), ["chatgpt", "claude", "vscode", "goose", "mcp-apps"]);
  });

  test("Claude, VS Code, Goose, a plain MCP Apps host: MCP Apps only, each its own display modes and follow-ups", () => {
    for (const id of ["claude", "vscode", "goose", "mcp-apps"]) {
      const host = hostProfile(id);
      assert.equal(host.bridges.openai, false, `${id} has no window.openai`);
      assert.deepEqual(host.widgetMimeTypes, ["text/html;profile=mcp-app"]);
      assert.equal(host.widgetUriOf(tool("t", { "openai/outputTemplate": "ui://widget/a.html" })), undefined, `${id} reads no openai/* alias`);
    }
    assert.deepEqual(hostProfile("claude").displayModes, ["inline", "fullscreen"]);
    assert.equal(hostProfile("claude").followUps, "prefill");
    assert.deepEqual(hostProfile("vscode").displayModes, ["inline"]);
    assert.equal(hostProfile("vscode").grantDisplayMode("fullscreen", "desktop", "inline"), "inline");
    assert.equal(hostProfile("goose").grantDisplayMode("pip", "desktop", "inline"), "pip");
    assert.equal(hostProfile("mcp-apps").grantDisplayMode("pip", "desktop", "inline"), "pip");
  });

  test("Claude judges ui.domain as sha256(server URL)[:32].claudemcpcontent.com; no domain is fine", async () => {
    const claude = hostProfile("claude");
    const url = "https://abc.ngrok.app/mcp";
    const expected = `${createHash("sha256").update(url).digest("hex").slice(0, 32)}.claudemcpcontent.com`;
    assert.equal(await claudeWidgetDomain(url), expected);
    assert.equal(await claude.refuseWidget!({ ui: {} }, url), undefined);
    assert.equal(await claude.refuseWidget!({ ui: { domain: expected } }, url), undefined);
    assert.equal(await claude.refuseWidget!({ ui: { domain: `https://${expected}` } }, url), undefined);
    assert.match((await claude.refuseWidget!({ ui: { domain: "https://myapp.example.com" } }, url))!, new RegExp(`only when its _meta.ui.domain is ${expected}`));
    assert.equal(hostProfile("chatgpt").refuseWidget, undefined);
  });

  test("profiles are browser code: they import only each other and the MCP SDK's types", () => {
    for (const file of readdirSync(HOSTS_DIR).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(HOSTS_DIR, file), "utf8");
      for (const [statement, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
        const allowed = specifier!.startsWith("./") || (/^import type\s/.test(statement!) && (specifier === "@modelcontextprotocol/sdk/types.js" || specifier === "@modelcontextprotocol/client"));
        assert.ok(allowed, `${file}: ${statement}`);
      }
    }
  });
});

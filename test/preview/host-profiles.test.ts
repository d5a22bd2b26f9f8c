import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Tool } from "@modelcontextprotocol/client";
import { DEFAULT_HOST, HOST_PROFILES, hostProfile } from "../../src/preview/hosts/index.js";
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
          const granted = host.grantDisplayMode(mode, device);
          assert.ok(host.displayModes.includes(granted), `${mode} on ${device} is granted as ${granted}, a mode the host has`);
        }
      }
    });
  }

  test("an unknown host id falls back to ChatGPT", () => {
    assert.equal(hostProfile("nope").id, "chatgpt");
    assert.equal(hostProfile(undefined), DEFAULT_HOST);
  });

  test("ChatGPT: pip becomes fullscreen on phones, the legacy callTool needs widgetAccessible, model-only tools are refused", () => {
    const chatgpt = hostProfile("chatgpt");
    assert.equal(chatgpt.grantDisplayMode("pip", "mobile"), "fullscreen");
    assert.equal(chatgpt.grantDisplayMode("pip", "desktop"), "pip");
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

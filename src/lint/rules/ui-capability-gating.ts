import { defineRule } from "../types.js";

export default defineRule({
  id: "ui-capability-gating",
  severity: "warn",
  messages: {
    gated:
      'Tool "{tool}" is listed only to clients that advertise the MCP Apps extension in initialize. Stateless servers never see initialize, and not every host advertises it (whether ChatGPT does is unverified), so this tool can vanish everywhere.',
  },
  docs: {
    description: "UI tools are registered unconditionally, not only when the client advertises the MCP Apps extension.",
    why: "The spec says servers SHOULD check the client's UI capability, but in a stateless server `tools/list` arrives on a fresh instance that never saw `initialize`, and hosts are inconsistent about advertising it; non-UI hosts ignore `_meta.ui` anyway (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx, https://github.com/microsoft/vscode/issues/291432).",
    fix: "Register UI tools whatever the client says (drop the `getUiCapability(...)` / `oninitialized` guard around them).",
    examples: {
      fail: { server: { uiGatedTools: ["show_map"] }, tools: [{ name: "show_map" }] },
      pass: { tools: [{ name: "show_map" }] },
    },
  },
  create(context) {
    const gated = new Set(context.model.snapshot.server?.uiGatedTools ?? []);
    if (gated.size === 0) return {};
    return {
      tool(tool) {
        if (gated.has(tool.name)) context.report({ messageId: "gated", pointer: "" });
      },
    };
  },
});

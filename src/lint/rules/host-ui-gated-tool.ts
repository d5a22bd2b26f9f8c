import { defineRule } from "../types.js";

export default defineRule({
  id: "host-ui-gated-tool",
  severity: "error",
  messages: {
    hidden: 'Tool "{tool}" is listed only to clients that advertise the MCP Apps extension, and {host} does not: it never sees this tool.',
  },
  docs: {
    description: "With `--host`: a tool listed only to clients that advertise the MCP Apps extension is missing under hosts that do not (Claude, VS Code).",
    why: "ChatGPT declares `io.modelcontextprotocol/ui` in `initialize`; claude.ai and VS Code have not, so a server that lists UI tools only to such clients hides them there (sources: https://github.com/microsoft/vscode/issues/291432, https://github.com/anthropics/claude-ai-mcp/issues/61). `ui-capability-gating` reports the gating itself; this rule names the hosts it breaks.",
    fix: "Register UI tools whatever the client says; hosts without MCP Apps ignore `_meta.ui` and call the tool as a plain one.",
    examples: {
      fail: { hosts: ["claude"], server: { uiGatedTools: ["show_map"] }, tools: [{ name: "show_map" }] },
      pass: { hosts: ["claude"], tools: [{ name: "show_map" }] },
    },
  },
  create(context) {
    const gated = new Set(context.model.snapshot.server?.uiGatedTools ?? []);
    const hosts = context.hosts.filter((h) => !h.advertisesUi);
    if (gated.size === 0 || hosts.length === 0) return {};
    return {
      tool(tool) {
        if (!gated.has(tool.name)) return;
        for (const host of hosts) context.report({ messageId: "hidden", data: { host: host.label }, host, pointer: "" });
      },
    };
  },
});

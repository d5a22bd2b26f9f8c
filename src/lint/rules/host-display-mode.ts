import { requestedDisplayModes } from "../hosts.js";
import { defineRule } from "../types.js";

const html = (mode: string) => `<script>button.onclick = () => window.openai.requestDisplayMode({ mode: "${mode}" });</script>`;

export default defineRule({
  id: "host-display-mode",
  severity: "warn",
  messages: {
    unsupported: '{uri} asks for the {mode} display mode; {host} offers {modes} only, so the request is refused there and the widget stays where it is.',
  },
  docs: {
    description: "With `--host`: a widget that asks for a display mode (picture-in-picture, fullscreen) a host does not offer is degraded there.",
    why: "Hosts differ: current ChatGPT renders inline and fullscreen but not picture-in-picture, Claude likewise, VS Code inline only, Goose all three; a host answers a request for a mode it lacks with the mode it keeps (sources: https://github.com/openai/mcp-extensions/blob/main/docs/spec.md, https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).",
    fix: "Read `availableDisplayModes` from the host context (or `window.openai.displayMode`) and offer the button only where the mode exists; design the inline view to stand alone.",
    examples: {
      fail: { hosts: ["chatgpt"], reads: { "ui://widget/player-v1.html": { contents: [{ uri: "ui://widget/player-v1.html", text: html("pip") }] } } },
      pass: { hosts: ["chatgpt"], reads: { "ui://widget/player-v1.html": { contents: [{ uri: "ui://widget/player-v1.html", text: html("fullscreen") }] } } },
    },
  },
  create(context) {
    if (context.hosts.length === 0) return {};
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined) return;
        const modes = requestedDisplayModes(resource.html);
        for (const host of context.hosts) {
          for (const mode of modes) {
            if (host.displayModes.includes(mode)) continue;
            context.report({ messageId: "unsupported", data: { mode, host: host.label, modes: host.displayModes.join(" and ") }, host, pointer: "/contents/text" });
          }
        }
      },
    };
  },
});

import { rendersWidget } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-output-schema",
  severity: "warn",
  submission: "error",
  messages: {
    missing:
      'Tool "{tool}" renders a widget but declares no outputSchema; OpenAI asks for one on every tool that returns structuredContent (the data a widget usually reads), and review flags its absence.',
  },
  docs: {
    description: "A tool that returns `structuredContent` (every widget tool does) declares an `outputSchema`.",
    why: 'OpenAI: "Declare `outputSchema` for any tool that returns `structuredContent`"; its absence is a review warning (sources: https://developers.openai.com/apps-sdk/reference, https://developers.openai.com/plugins/deploy/app-review).',
    fix: "Add `outputSchema` describing the `structuredContent` object (a zod shape works).",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }] },
      pass: {
        tools: [
          {
            name: "show_map",
            outputSchema: { type: "object", properties: { pins: { type: "array" } } },
            _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } },
          },
        ],
      },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (rendersWidget(tool) && tool.raw.outputSchema === undefined) context.report({ messageId: "missing", pointer: "/outputSchema" });
      },
    };
  },
});

import { isObject, objectAt, pointer, show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "profile-tool-invalid",
  severity: "error",
  messages: {
    notTrue: 'openai/profile of tool "{tool}" is {value}; it must be the boolean true (or absent).',
    notReadOnly: 'Profile tool "{tool}" must be read-only (annotations.readOnlyHint: true).',
    hasArguments: 'Profile tool "{tool}" must take no arguments.',
    noId: 'Profile tool "{tool}" must declare an outputSchema whose required properties include "id".',
  },
  docs: {
    description: "A tool marked `openai/profile` is read-only, takes no arguments and returns `{ id, name?, email?, nickname? }`.",
    why: "ChatGPT uses the profile tool to tell linked accounts apart; OpenAI's auth docs define its exact contract (source: https://developers.openai.com/apps-sdk/build/auth).",
    fix: 'Set `openai/profile: true`, `readOnlyHint: true`, an empty input schema, and `outputSchema` with `required: ["id"]`.',
    examples: {
      fail: { tools: [{ name: "whoami", _meta: { "openai/profile": "yes" } }] },
      pass: {
        tools: [
          {
            name: "whoami",
            inputSchema: { type: "object", properties: {} },
            annotations: { readOnlyHint: true },
            outputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
            _meta: { "openai/profile": true },
          },
        ],
      },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const profile = tool.meta?.["openai/profile"];
        if (profile === undefined) return;
        if (profile !== true) {
          context.report({ messageId: "notTrue", data: { value: show(profile, 30) }, pointer: pointer("_meta", "openai/profile") });
          return;
        }
        if (objectAt(tool.raw, "annotations")?.readOnlyHint !== true) context.report({ messageId: "notReadOnly", pointer: "/annotations/readOnlyHint" });
        const inputs = objectAt(tool.raw.inputSchema, "properties");
        if (inputs && Object.keys(inputs).length > 0) context.report({ messageId: "hasArguments", pointer: "/inputSchema/properties" });
        const output = tool.raw.outputSchema;
        const required = isObject(output) && Array.isArray(output.required) ? output.required : [];
        if (!required.includes("id")) context.report({ messageId: "noId", pointer: "/outputSchema" });
      },
    };
  },
});

import { pointer } from "../json.js";
import { defineRule } from "../types.js";

const MAX = 64;
const KEYS = ["openai/toolInvocation/invoking", "openai/toolInvocation/invoked"] as const;

export default defineRule({
  id: "invocation-text-too-long",
  severity: "error",
  messages: {
    tooLong: '{key} of tool "{tool}" is {length} characters; ChatGPT allows at most 64.',
  },
  docs: {
    description: "`openai/toolInvocation/invoking` and `invoked` are at most 64 characters.",
    why: "OpenAI documents a 64-character limit for the status texts shown while a tool runs and after it ran (source: https://developers.openai.com/apps-sdk/reference).",
    fix: 'Shorten it: "Finding pizzerias…", "Found pizzerias".',
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { "openai/toolInvocation/invoking": "Looking through every pizzeria in town to find the very best ones for you…" } }] },
      pass: { tools: [{ name: "show_map", _meta: { "openai/toolInvocation/invoking": "Finding pizzerias…" } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        for (const key of KEYS) {
          const text = tool.meta?.[key];
          if (typeof text !== "string") continue;
          const length = text.length > 10_000 ? text.length : [...text].length;
          if (length > MAX) context.report({ messageId: "tooLong", data: { key, length }, pointer: pointer("_meta", key) });
        }
      },
    };
  },
});

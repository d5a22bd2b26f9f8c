import { isObject } from "../json.js";
import { defineRule } from "../types.js";

const WRITE_VERBS = new Set(["delete", "remove", "send", "post", "create", "update"]);

/** The words of a name: `deleteOrder`, `delete_order`, `order.delete` → delete, order. */
function words(text: string): string[] {
  return text
    .slice(0, 256)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** `Deletes` → delete, `Updates` → update, `Sends` → send. */
function stem(word: string): string {
  return word.replace(/(?<=[^s])s$/, "");
}

export default defineRule({
  id: "annotation-contradiction",
  severity: "warn",
  submission: "error",
  messages: {
    readOnlyDestructive: 'Tool "{tool}" is marked both readOnlyHint: true and destructiveHint: true; a read-only tool cannot destroy anything.',
    writesButReadOnly: 'Tool "{tool}" looks like it writes ("{verb}") but is marked readOnlyHint: true. Review the hints against what it does.',
  },
  docs: {
    description: "Annotation hints agree with each other and with what the tool's name says it does.",
    why: "Review checks hints against behaviour: `readOnlyHint: false` if the tool writes anything, `destructiveHint: true` if anything it does is irreversible (source: https://developers.openai.com/plugins/deploy/app-review).",
    fix: "Mark tools that create, update, send or delete as `readOnlyHint: false`, and set `destructiveHint` to match.",
    examples: {
      fail: { tools: [{ name: "delete_order", annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } }] },
      pass: { tools: [{ name: "delete_order", annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const annotations = tool.raw.annotations;
        if (!isObject(annotations) || annotations.readOnlyHint !== true) return;
        if (annotations.destructiveHint === true) {
          context.report({ messageId: "readOnlyDestructive", pointer: "/annotations" });
          return;
        }
        const nameWords = typeof tool.raw.name === "string" ? words(tool.raw.name) : [];
        const description = typeof tool.raw.description === "string" ? words(tool.raw.description).slice(0, 1) : [];
        const verb = [...nameWords, ...description].map(stem).find((w) => WRITE_VERBS.has(w));
        if (verb) context.report({ messageId: "writesButReadOnly", data: { verb }, pointer: "/annotations/readOnlyHint" });
      },
    };
  },
});

import { defineRule } from "../types.js";

const LIMIT = 512;

export default defineRule({
  id: "server-instructions-length",
  severity: "info",
  messages: {
    long: "The server instructions are {length} characters; ChatGPT and Codex rely on the first 512, so make those self-contained.",
  },
  docs: {
    description: "Server `instructions` put what matters in the first 512 characters.",
    why: 'OpenAI: "For ChatGPT and Codex, the first 512 characters should be self-contained" (source: https://developers.openai.com/apps-sdk/build/mcp-server).',
    fix: "Move the essential guidance to the start, or shorten the instructions.",
    examples: {
      fail: { server: { instructions: "Use these tools for pizza. ".repeat(30) } },
      pass: { server: { instructions: "Use these tools when the user asks about pizza." } },
    },
  },
  create(context) {
    return {
      server(model) {
        const instructions = model.snapshot.server?.instructions;
        if (typeof instructions === "string" && instructions.length > LIMIT) {
          context.report({ messageId: "long", data: { length: instructions.length }, pointer: "/instructions" });
        }
      },
    };
  },
});

import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/file-params-invalid.js";

const fileArg = { type: "object", properties: { download_url: { type: "string" }, file_id: { type: "string" } } };
const tool = (params: unknown, properties: Record<string, unknown>) => ({ tools: [{ name: "a", inputSchema: { type: "object", properties }, _meta: { "openai/fileParams": params } }] });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: tool(["receipt"], { receipt: fileArg }) }],
  invalid: [
    { snapshot: tool("receipt", { receipt: fileArg }), errors: [{ messageId: "notList" }] },
    { snapshot: tool(["receipt.file"], { receipt: fileArg }), errors: [{ messageId: "unknownField", pointer: "/_meta/openai~1fileParams/0" }] },
    { snapshot: tool(["receipt"], { receipt: { type: "object", properties: { url: { type: "string" } } } }), errors: [{ messageId: "badShape" }] },
  ],
});

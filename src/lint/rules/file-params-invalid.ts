import { isObject, objectAt, pointer, show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "file-params-invalid",
  severity: "error",
  messages: {
    notList: 'openai/fileParams of tool "{tool}" is {value}, not an array of argument names.',
    unknownField: 'openai/fileParams of tool "{tool}" names "{field}", which is not a top-level property of its inputSchema (nested fields are not supported).',
    badShape: 'The file argument "{field}" of tool "{tool}" must be an object with download_url and file_id properties.',
  },
  docs: {
    description: "`openai/fileParams` names top-level `inputSchema` properties shaped `{ download_url, file_id, mime_type?, file_name? }`.",
    why: "ChatGPT fills each named argument with a file object; nested names are not supported and other shapes receive nothing usable (source: https://developers.openai.com/apps-sdk/reference).",
    fix: 'Declare the argument as `{ type: "object", properties: { download_url: { type: "string" }, file_id: { type: "string" } }, required: ["download_url", "file_id"] }`.',
    examples: {
      fail: { tools: [{ name: "scan", inputSchema: { type: "object", properties: { receipt: { type: "string" } } }, _meta: { "openai/fileParams": ["receipt"] } }] },
      pass: {
        tools: [
          {
            name: "scan",
            inputSchema: {
              type: "object",
              properties: { receipt: { type: "object", properties: { download_url: { type: "string" }, file_id: { type: "string" } } } },
            },
            _meta: { "openai/fileParams": ["receipt"] },
          },
        ],
      },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const params = tool.meta?.["openai/fileParams"];
        if (params === undefined) return;
        const at = pointer("_meta", "openai/fileParams");
        if (!Array.isArray(params) || !params.every((p) => typeof p === "string")) {
          context.report({ messageId: "notList", data: { value: show(params, 40) }, pointer: at });
          return;
        }
        const properties = objectAt(tool.raw.inputSchema, "properties") ?? {};
        params.slice(0, 100).forEach((field: string, i) => {
          const schema = Object.hasOwn(properties, field) ? properties[field] : undefined;
          if (!isObject(schema)) {
            context.report({ messageId: "unknownField", data: { field }, pointer: `${at}/${i}` });
            return;
          }
          const shape = objectAt(schema, "properties");
          if (!shape || !isObject(shape.download_url) || !isObject(shape.file_id)) {
            context.report({ messageId: "badShape", data: { field }, pointer: pointer("inputSchema", "properties", field) });
          }
        });
      },
    };
  },
});

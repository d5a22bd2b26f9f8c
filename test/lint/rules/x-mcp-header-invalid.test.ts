import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/x-mcp-header-invalid.js";

const tool = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  tools: [{ name: "q", inputSchema: { type: "object", properties, ...extra } }],
});
const region = { type: "string", "x-mcp-header": "Region" };

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "the spec's example", snapshot: tool({ region, query: { type: "string" } }), era: "2026" },
    { name: "integer and boolean, nested under properties", snapshot: tool({ opts: { type: "object", properties: { shard: { type: "integer", "x-mcp-header": "Shard" }, dry: { type: "boolean", "x-mcp-header": "Dry-Run" } } } }), era: "2026" },
    { name: "no inputSchema at all", snapshot: { tools: [{ name: "q" }] } },
  ],
  invalid: [
    {
      name: "a number property, judged for 2026-era clients",
      snapshot: tool({ lat: { type: "number", "x-mcp-header": "Lat" } }),
      era: "2026",
      errors: [{ messageId: "notPrimitive", pointer: "/inputSchema/properties/lat/x-mcp-header", severity: "error", includes: "type number" }],
    },
    {
      name: "the same, judged as ChatGPT does today: a warning",
      snapshot: tool({ lat: { type: "number", "x-mcp-header": "Lat" } }),
      errors: [{ messageId: "notPrimitiveLater", severity: "warn" }],
    },
    {
      name: "an object, and a nullable string",
      snapshot: tool({ filter: { type: "object", "x-mcp-header": "Filter" }, tag: { type: ["string", "null"], "x-mcp-header": "Tag" } }),
      era: "2026",
      errors: [{ messageId: "notPrimitive", includes: "type object" }, { messageId: "notPrimitive", includes: "string | null" }],
    },
    {
      name: "names that are not HTTP tokens",
      snapshot: tool({ a: { type: "string", "x-mcp-header": "My Region" }, b: { type: "string", "x-mcp-header": "" }, c: { type: "string", "x-mcp-header": 7 } }),
      era: "2026",
      errors: [{ messageId: "notToken", includes: '"My Region"' }, { messageId: "notToken" }, { messageId: "notToken" }],
    },
    {
      name: "two properties on one header, case-insensitively",
      snapshot: tool({ region, zone: { type: "string", "x-mcp-header": "REGION" } }),
      era: "2026",
      errors: [{ messageId: "duplicate", pointer: "/inputSchema/properties/zone/x-mcp-header", includes: '"Region"' }],
    },
    {
      name: "under items, anyOf and $defs, and at the root",
      snapshot: {
        tools: [
          {
            name: "q",
            inputSchema: {
              type: "object",
              "x-mcp-header": "Root",
              properties: { list: { type: "array", items: { type: "string", "x-mcp-header": "Item" } }, either: { anyOf: [{ type: "string", "x-mcp-header": "Either" }] } },
              $defs: { r: { type: "string", "x-mcp-header": "Def" } },
            },
          },
        ],
      },
      era: "2026",
      errors: [
        { messageId: "unreachable", pointer: "/inputSchema/x-mcp-header", includes: "the schema root" },
        { messageId: "unreachable", pointer: "/inputSchema/properties/list/items/x-mcp-header" },
        { messageId: "unreachable", pointer: "/inputSchema/properties/either/anyOf/0/x-mcp-header" },
        { messageId: "unreachable", pointer: "/inputSchema/$defs/r/x-mcp-header" },
      ],
    },
    {
      name: "every broken declaration is a warning for 2025-era clients",
      snapshot: tool({ a: { type: "string", "x-mcp-header": "A B" }, b: { type: "string", "x-mcp-header": "a b" }, c: { type: "array", items: { type: "string", "x-mcp-header": "C" } }, d: { type: "string", "x-mcp-header": "Dup" }, e: { type: "string", "x-mcp-header": "dup" } }),
      errors: [{ messageId: "notTokenLater" }, { messageId: "notTokenLater" }, { messageId: "unreachableLater" }, { messageId: "duplicateLater", severity: "warn" }],
    },
    {
      name: "a secret in a header",
      snapshot: tool({ apiKey: { type: "string", "x-mcp-header": "Key" } }),
      era: "2026",
      errors: [{ messageId: "sensitive", severity: "warn" }],
    },
  ],
});

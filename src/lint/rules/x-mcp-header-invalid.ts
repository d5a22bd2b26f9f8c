import { isObject, pointer, show } from "../json.js";
import { defineRule } from "../types.js";

const KEY = "x-mcp-header";
/** RFC 9110 §5.1 `token` (`1*tchar`): no spaces, control characters or delimiters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_TYPES = new Set(["string", "integer", "boolean"]);
/** Subschema keywords a header's property may not sit under: only a chain of `properties` keys reaches one. */
const UNREACHABLE = [
  "items", "prefixItems", "contains", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames",
  "patternProperties", "dependentSchemas", "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "$defs", "definitions",
];
/** Keywords whose value maps names to subschemas, rather than being one or a list. */
const NAMED = new Set(["patternProperties", "dependentSchemas", "$defs", "definitions"]);
const SENSITIVE = /pass(word)?|secret|token|api[-_]?key|credential|ssn|email|phone/i;

type Problem = "unreachable" | "notToken" | "notPrimitive" | "duplicate" | "sensitive";
interface Found {
  problem: Problem;
  path: Array<string | number>;
  data: Record<string, string>;
}

/** Every `x-mcp-header` in an input schema, judged by the 2026-07-28 constraints (the order the v2 SDK checks them). */
function scan(schema: unknown): Found[] {
  const found: Found[] = [];
  const seen = new Map<string, string>();
  // A schema from memory may be cyclic, and one from a server arbitrarily deep.
  const visited = new WeakSet<object>();
  const visit = (node: unknown, path: Array<string | number>, reachable: boolean, property: string | undefined) => {
    if (!isObject(node) || visited.has(node) || path.length > 200) return;
    visited.add(node);
    if (Object.hasOwn(node, KEY)) {
      const at = [...path, KEY];
      const name = node[KEY];
      const type = typeof node.type === "string" ? node.type : Array.isArray(node.type) ? node.type.join(" | ") : "none";
      if (!reachable || property === undefined) found.push({ problem: "unreachable", path: at, data: { where: path.length ? pointer(...path) : "the schema root" } });
      else if (typeof name !== "string" || !TOKEN.test(name)) found.push({ problem: "notToken", path: at, data: { name: show(name, 40), property } });
      else if (typeof node.type !== "string" || !HEADER_TYPES.has(node.type)) found.push({ problem: "notPrimitive", path: at, data: { name, property, type } });
      else {
        const prior = seen.get(name.toLowerCase());
        if (prior !== undefined) found.push({ problem: "duplicate", path: at, data: { name, other: prior, property } });
        else seen.set(name.toLowerCase(), name);
        if (SENSITIVE.test(property) || SENSITIVE.test(name)) found.push({ problem: "sensitive", path: at, data: { name, property } });
      }
    }
    if (isObject(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) visit(child, [...path, "properties", key], reachable, key);
    }
    for (const keyword of UNREACHABLE) {
      const sub = node[keyword];
      if (Array.isArray(sub)) sub.forEach((branch, i) => visit(branch, [...path, keyword, i], false, undefined));
      else if (NAMED.has(keyword) && isObject(sub)) for (const [key, branch] of Object.entries(sub)) visit(branch, [...path, keyword, key], false, undefined);
      else visit(sub, [...path, keyword], false, undefined);
    }
  };
  visit(schema, [], true, undefined);
  return found;
}

export default defineRule({
  id: "x-mcp-header-invalid",
  severity: "error",
  warnOnly: ["unreachableLater", "notTokenLater", "notPrimitiveLater", "duplicateLater", "sensitive"],
  messages: {
    unreachable: 'Tool "{tool}" declares x-mcp-header at {where}, which no chain of "properties" reaches; 2026-era clients drop the whole tool from tools/list.',
    notToken: 'Tool "{tool}" declares x-mcp-header {name} on "{property}": not an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~ only); 2026-era clients drop the whole tool from tools/list.',
    notPrimitive: 'Tool "{tool}" declares x-mcp-header "{name}" on "{property}", of type {type}; only string, integer and boolean properties may carry one, so 2026-era clients drop the whole tool from tools/list.',
    duplicate: 'Tool "{tool}" declares x-mcp-header "{name}" on "{property}", the same header as "{other}" (names are case-insensitive); 2026-era clients drop the whole tool from tools/list.',
    unreachableLater: 'Tool "{tool}" declares x-mcp-header at {where}, which no chain of "properties" reaches; ChatGPT ignores it today, but 2026-era clients drop the whole tool.',
    notTokenLater: 'Tool "{tool}" declares x-mcp-header {name} on "{property}": not an HTTP header name; ChatGPT ignores it today, but 2026-era clients drop the whole tool.',
    notPrimitiveLater: 'Tool "{tool}" declares x-mcp-header "{name}" on "{property}", of type {type} (only string, integer and boolean may carry one); ChatGPT ignores it today, but 2026-era clients drop the whole tool.',
    duplicateLater: 'Tool "{tool}" declares x-mcp-header "{name}" on "{property}", the same header as "{other}" (case-insensitive); ChatGPT ignores it today, but 2026-era clients drop the whole tool.',
    sensitive: 'Tool "{tool}" mirrors "{property}" into the Mcp-Param-{name} header; proxies and logs on the way see headers, so a secret or personal value does not belong there.',
  },
  docs: {
    description: "Every `x-mcp-header` in a tool's `inputSchema` follows the 2026-07-28 rules, so 2026-era clients keep the tool.",
    why: "In the 2026-07-28 revision a property marked `x-mcp-header: \"Region\"` is mirrored into an `Mcp-Param-Region` request header. The value must be a non-empty HTTP token, unique case-insensitively in the schema, on a string, integer or boolean property reached from the root through `properties` alone (not under `items`, `anyOf`, `$ref`…). Streamable HTTP clients MUST drop a tool that breaks any of these from `tools/list`, silently to the user; the SDK only warns in the server's log. Header values pass every proxy and log on the way, so secrets do not belong there (source: https://modelcontextprotocol.io/specification/2026-07-28/server/tools#x-mcp-header).",
    fix: 'Put `x-mcp-header` on a top-level (or `properties`-nested) string, integer or boolean property, with a plain name such as `"Region"`, one name per header; remove it from anything under `items`, `anyOf` or `$defs`, and from secrets.',
    era: "Depends on the era. 2025-era clients (ChatGPT today) ignore `x-mcp-header`, so with `--era 2025` (the default) a broken declaration is a warning; with `--era 2026` it is an error, since those clients drop the tool. Marking a secret is a warning in both.",
    examples: {
      fail: { tools: [{ name: "run_query", inputSchema: { type: "object", properties: { region: { type: "number", "x-mcp-header": "Region" } } } }] },
      pass: { tools: [{ name: "run_query", inputSchema: { type: "object", properties: { region: { type: "string", "x-mcp-header": "Region" } } } }] },
    },
  },
  create(context) {
    const now = context.model.era === "2026";
    return {
      tool(tool) {
        for (const { problem, path, data } of scan(tool.raw.inputSchema)) {
          const messageId = problem === "sensitive" || now ? problem : (`${problem}Later` as const);
          context.report({ messageId, data, pointer: pointer("inputSchema", ...path) });
        }
      },
    };
  },
});

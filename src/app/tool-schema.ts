import { isZ4Schema, normalizeObjectSchema, objectFromShape, type AnySchema } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import { toJsonSchemaCompat } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import { AppDefinitionError } from "./tool-meta.js";

type SchemaKey = "inputSchema" | "outputSchema";
type Node = AnySchema & { _def?: Record<string, unknown>; _zod?: { def: Record<string, unknown> } };

/** A field of a schema: its place in the JSON Schema a client gets, and how a person names it. */
interface Place {
  pointer: string;
  field: string;
}

const withArticle = (word: string) => `${/^(?:[aeio]|un(?!i))/i.test(word) ? "an" : "a"} ${word}`;
const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

function isSchema(value: unknown): value is Node {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return "_def" in v || "_zod" in v || (typeof v.parse === "function" && typeof v.safeParse === "function");
}

/** `string`, `date`, `pipe`…: zod 4's def type, or zod 3's type name without its prefix. */
function kindOf(schema: Node): string {
  if (isZ4Schema(schema)) return String(schema._zod!.def.type);
  return String(schema._def?.typeName ?? "unknown").replace(/^Zod/, "").replace(/^./, (c) => c.toLowerCase());
}

/** The schemas inside one, each with the step it adds to the JSON Schema pointer and to the field name. */
function childrenOf(schema: Node, io: "input" | "output"): Array<[Node, string, string]> {
  const z4 = isZ4Schema(schema);
  const def = (z4 ? schema._zod!.def : schema._def) ?? {};
  const kind = kindOf(schema);
  const out: Array<[unknown, string, string]> = [];
  const same = (value: unknown) => out.push([value, "", ""]);
  if (kind === "object") {
    const shape = (typeof def.shape === "function" ? (def.shape as () => unknown)() : def.shape) as Record<string, unknown>;
    for (const [key, value] of Object.entries(shape ?? {})) out.push([value, `/properties/${escapePointer(key)}`, `.${key}`]);
  } else if (kind === "array") out.push([z4 ? def.element : def.type, "/items", "[]"]);
  else if (kind === "union" || kind === "discriminatedUnion") {
    const options = def.options instanceof Map ? [...def.options.values()] : (def.options as unknown[]);
    options.forEach((option, i) => out.push([option, `/anyOf/${i}`, ""]));
  } else if (kind === "intersection") {
    out.push([def.left, "/allOf/0", ""], [def.right, "/allOf/1", ""]);
  } else if (kind === "record") out.push([def.valueType, "/additionalProperties", "[key]"]);
  else if (kind === "tuple") {
    (def.items as unknown[]).forEach((item, i) => out.push([item, `/items/${i}`, `[${i}]`]));
    if (def.rest) out.push([def.rest, "/additionalItems", "[]"]);
  } else if (kind === "pipe" || kind === "pipeline") same(io === "input" ? def.in : def.out);
  else if (kind === "effects") same(def.schema);
  else if (kind === "lazy") same((def.getter as () => unknown)());
  else if (kind === "branded") same(def.type);
  else if (def.innerType !== undefined) same(def.innerType);
  return out.filter((c): c is [Node, string, string] => isSchema(c[0]));
}

/**
 * Why a zod 3 schema cannot be advertised, or undefined: zod-to-json-schema describes a Date
 * as a string, a BigInt as an integer and a Map as an array, but the schema still refuses
 * the string, number or array a client sends, so every call fails.
 */
function zod3Refusal(schema: Node, io: "input" | "output"): string | undefined {
  const kind = kindOf(schema);
  if ((kind === "date" || kind === "bigInt") && schema._def?.coerce === true) return undefined;
  // A returned Date is checked before it is sent, then sent as the ISO string advertised.
  if (kind === "date" && io === "output") return undefined;
  const names: Record<string, string> = { date: "a Date", bigInt: "a BigInt", map: "a Map", set: "a Set", symbol: "a Symbol", function: "a function", promise: "a Promise", naN: "NaN" };
  const name = names[kind];
  return name === undefined ? undefined : `${name} is not a JSON value, so every call would fail`;
}

/** Why this schema alone cannot be advertised, converted the way the SDK's tools/list converts it. */
function refusalOf(schema: Node, io: "input" | "output"): string | undefined {
  if (!isZ4Schema(schema)) return zod3Refusal(schema, io);
  try {
    toJsonSchemaCompat(schema as never, { strictUnions: true, pipeStrategy: io });
    return undefined;
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)}, so tools/list would fail`;
  }
}

type Refusal = Place & { reason: string; kind: string };

/** The innermost field that cannot be advertised, found from the root down. */
function findRefusal(schema: Node, io: "input" | "output", place: Place, seen: Set<unknown>): Refusal | undefined {
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  // zod 4's converter says whether anything inside fails; zod 3's never does, so each field is looked at.
  const reason = refusalOf(schema, io);
  if (isZ4Schema(schema) && reason === undefined) return undefined;
  for (const [child, pointer, field] of childrenOf(schema, io)) {
    const found = findRefusal(child, io, { pointer: place.pointer + pointer, field: place.field + field }, seen);
    if (found) return found;
  }
  return reason === undefined ? undefined : { ...place, reason, kind: kindOf(schema) };
}

const FIXES: Record<string, string> = {
  date: 'Take an ISO string instead, z.iso.datetime() (zod 4) or z.string().datetime() (zod 3), and make the Date in the handler: new Date(value).',
  bigInt: "Take a number (z.number().int()) or a string of digits, and make the BigInt in the handler.",
  bigint: "Take a number (z.number().int()) or a string of digits, and make the BigInt in the handler.",
  map: "Take an object (z.record(z.string(), …)) or an array of pairs.",
  set: "Take an array (z.array(…)).",
  pipe: "outputSchema describes what the tool returns: drop the transform, or move it into the handler.",
  transform: "outputSchema describes what the tool returns: drop the transform, or move it into the handler.",
};

function rootProblem(tool: string, key: SchemaKey, kind: string): AppDefinitionError {
  const fix =
    kind === "union" || kind === "discriminatedUnion"
      ? "Make the union a field of an object: { choice: z.union([…]) }."
      : kind === "pipe" || kind === "effects" || kind === "transform"
        ? "Keep the object at the root and refine or transform its fields, or check the whole value in the handler."
        : "Wrap the value in an object: { value: z.string() }.";
  return new AppDefinitionError(
    `Tool "${tool}": ${key} must be an object schema, z.object({ … }) or a shape like { city: z.string() }, but it is ${withArticle(kind)} schema. ` +
      `MCP requires type "object" at the root (pointer /${key}); the SDK would advertise {} and every call would fail. ${fix}`,
    tool,
  );
}

/**
 * Checks a tool's input and output schema at registration, where the SDK itself would only
 * fail later: a non-object root is advertised as `{}` (and every call refused), and a field
 * JSON Schema cannot describe (`z.date()`, `z.bigint()`, a Map) breaks the whole `tools/list`.
 * Throws an AppDefinitionError naming the tool, the field and its JSON pointer.
 */
export function checkToolSchemas(tool: string, schemas: { inputSchema?: unknown; outputSchema?: unknown }): void {
  for (const key of ["inputSchema", "outputSchema"] as const) {
    const schema = schemas[key];
    if (schema === undefined) continue;
    const io = key === "inputSchema" ? "input" : "output";
    let object: Node | undefined;
    if (isSchema(schema)) object = normalizeObjectSchema(schema) as Node | undefined;
    else if (typeof schema === "object" && schema !== null && !Array.isArray(schema) && Object.values(schema).every(isSchema)) {
      try {
        object = objectFromShape(schema as Record<string, AnySchema>) as Node;
      } catch (error) {
        throw new AppDefinitionError(`Tool "${tool}": ${key}: ${(error as Error).message} Use one zod version for all fields.`, tool);
      }
    } else {
      throw new AppDefinitionError(
        `Tool "${tool}": ${key} must be a zod schema, z.object({ … }) or a shape like { city: z.string() }; got ${Array.isArray(schema) ? "an array" : typeof schema === "object" && schema !== null ? "a plain object (a JSON Schema is not accepted here)" : JSON.stringify(schema)}.`,
        tool,
      );
    }
    if (!object) throw rootProblem(tool, key, kindOf(schema as Node));
    const found = findRefusal(object, io, { pointer: `/${key}`, field: "" }, new Set());
    if (!found) continue;
    const field = found.field.replace(/^\./, "");
    const where = field === "" ? `${key}` : `${key} field "${field}"`;
    throw new AppDefinitionError(
      `Tool "${tool}": ${where} (pointer ${found.pointer}) cannot be advertised to MCP clients: ${found.reason}. ` +
        (FIXES[found.kind] ?? "Use a type JSON can carry (string, number, boolean, array, object)."),
      tool,
    );
  }
}

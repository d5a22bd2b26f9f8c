/** A tool's input, from and against its `inputSchema`, with the SDK's own JSON Schema validator. */
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

type Schema = Record<string, unknown>;

const validator = new AjvJsonSchemaValidator();

function placeholderFor(schema: Schema): unknown {
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return "";
    case "number":
    case "integer":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return defaultInput(schema);
    default:
      return null;
  }
}

/** A first input: defaults and examples where the schema has them, placeholders for required fields. */
export function defaultInput(schema: Schema | undefined): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as string[]) : []);
  const input: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (required.has(name) || "default" in property || Array.isArray(property.examples)) input[name] = placeholderFor(property);
  }
  return input;
}

export type InputCheck = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** Parses the JSON text and checks it against the schema. */
export function checkInput(text: string, schema: Schema | undefined): InputCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "The input must be a JSON object." };
  if (schema) {
    const result = validator.getValidator<Record<string, unknown>>(schema as never)(value);
    if (!result.valid) return { ok: false, message: `Does not match the tool's inputSchema: ${result.errorMessage}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

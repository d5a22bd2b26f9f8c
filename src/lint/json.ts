/** Small, total helpers for reading JSON of unknown shape: rules never assume a type. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return typeof child === "string" ? child : undefined;
}

export function has(value: unknown, key: string): boolean {
  return isObject(value) && Object.hasOwn(value, key) && value[key] !== undefined;
}

/** The strings of an array (other items skipped); undefined when it is not an array. */
export function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}

/** A JSON pointer (RFC 6901) from keys: `pointer("_meta", "openai/outputTemplate")` → `/_meta/openai~1outputTemplate`. */
export function pointer(...keys: Array<string | number>): string {
  return keys.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** A value shown in a message: short, one line, never huge. */
export function show(value: unknown, max = 60): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

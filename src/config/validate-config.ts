import { CliError } from "../errors.js";
import { REPO_URL } from "../version.js";
import { allowedHostProblem } from "../util/host-names.js";
import { strings, type Spec } from "./schema.js";
import { CONFIG_SPEC, type UserConfig } from "./types.js";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function check(value: unknown, spec: Spec, path: string, fail: (path: string, message: string, hint?: string) => never): void {
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string") fail(path, `must be a string, got ${describe(value)}`);
      return;
    case "origin": {
      if (typeof value !== "string") fail(path, `must be a string, got ${describe(value)}`);
      const text = value as string;
      if (!/^https?:\/\//i.test(text)) fail(path, `must be an origin with its scheme, like "https://${text.replace(/^\/+/, "")}", got ${describe(text)}`, spec.hint);
      let origin = "";
      try {
        origin = new URL(text).origin;
      } catch {
        // reported below
      }
      if (!origin || origin === "null" || text.replace(/\/$/, "") !== origin) {
        fail(path, `must be an origin (scheme and host, no path), like ${origin && origin !== "null" ? `"${origin}"` : '"https://myapp.example.com"'}, got ${describe(text)}`, spec.hint);
      }
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") fail(path, `must be true or false, got ${describe(value)}`);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        fail(path, `must be a whole number from ${spec.min} to ${spec.max}, got ${describe(value)}`);
      }
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value) || value < spec.min || value > spec.max) {
        fail(path, `must be a number from ${spec.min} to ${spec.max}, got ${describe(value)}`);
      }
      return;
    case "hosts":
      check(value, strings, path, fail);
      (value as string[]).forEach((item, i) => {
        const problem = allowedHostProblem(item);
        if (problem) fail(`${path}[${i}]`, `is unusable: ${problem.message}. ${problem.hint.replace(/\.$/, "")}`);
      });
      return;
    case "strings":
      if (!Array.isArray(value)) fail(path, `must be an array of strings, got ${describe(value)}`);
      (value as unknown[]).forEach((item, i) => {
        if (typeof item !== "string") fail(`${path}[${i}]`, `must be a string, got ${describe(item)}`);
      });
      return;
    case "function":
      if (typeof value !== "function") fail(path, `must be a function, got ${describe(value)}`, "Functions need a chatgpt-app.config.ts or .js (JSON cannot hold one).");
      return;
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value)) {
        fail(path, `must be one of ${spec.values.map((v) => `"${v}"`).join(", ")}, got ${describe(value)}`);
      }
      return;
    case "record":
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(path || "(root)", `must be an object, got ${describe(value)}`);
      }
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const childPath = path ? `${path}.${key}` : key;
        if (child === undefined) continue;
        if (spec.kind === "record") {
          check(child, spec.value, childPath, fail);
          continue;
        }
        const childSpec = spec.keys[key];
        if (!childSpec) {
          fail(childPath, `is not a known key (known here: ${Object.keys(spec.keys).join(", ")})`);
        }
        check(child, childSpec, childPath, fail);
      }
    }
  }
}

/** Checks a loaded config object; the error names the file and the exact key. */
export function validateConfig(value: unknown, fileName: string): UserConfig {
  const fail = (path: string, message: string, hint?: string): never => {
    throw new CliError("config_invalid", `${fileName}: "${path}" ${message}.`, {
      location: `${fileName} › ${path}`,
      hint: hint ?? `Every key is described at ${REPO_URL}/blob/main/docs/config.md`,
    });
  };
  check(value, CONFIG_SPEC, "", fail);
  return value as UserConfig;
}

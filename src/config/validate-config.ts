import { CliError } from "../errors.js";
import { REPO_URL } from "../version.js";
import type { UserConfig } from "./types.js";

/** A tiny schema: enough to name the exact key that is wrong, with no dependency. */
type Spec =
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "integer"; min: number; max: number }
  | { kind: "strings" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "object"; keys: Record<string, Spec> }
  | { kind: "record"; value: Spec };

const string: Spec = { kind: "string" };
const boolean: Spec = { kind: "boolean" };
const strings: Spec = { kind: "strings" };
const object = (keys: Record<string, Spec>): Spec => ({ kind: "object", keys });

const csp = object({
  connectDomains: strings,
  resourceDomains: strings,
  frameDomains: strings,
  baseUriDomains: strings,
  redirectDomains: strings,
});
const widgetOptionKeys = { description: string, csp, prefersBorder: boolean, domain: string, uiDomain: string, title: string };

const CONFIG_SPEC = object({
  server: object({ entry: string, command: string, url: string, watch: strings }),
  widgets: object({ ...widgetOptionKeys, dir: string, overrides: { kind: "record", value: object(widgetOptionKeys) } }),
  outDir: string,
  port: { kind: "integer", min: 0, max: 65535 },
  host: string,
  allowedHosts: strings,
  bodyLimit: { kind: "integer", min: 1024, max: 1024 * 1024 * 1024 },
  openaiAppsChallenge: string,
  tunnel: object({ enabled: boolean, authtoken: string, domain: string }),
  lint: object({
    preset: { kind: "enum", values: ["recommended", "submission"] },
    rules: { kind: "record", value: { kind: "enum", values: ["off", "warn", "error"] } },
  }),
});

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function check(value: unknown, spec: Spec, path: string, fail: (path: string, message: string) => never): void {
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string") fail(path, `must be a string, got ${describe(value)}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail(path, `must be true or false, got ${describe(value)}`);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        fail(path, `must be a whole number from ${spec.min} to ${spec.max}, got ${describe(value)}`);
      }
      return;
    case "strings":
      if (!Array.isArray(value)) fail(path, `must be an array of strings, got ${describe(value)}`);
      (value as unknown[]).forEach((item, i) => {
        if (typeof item !== "string") fail(`${path}[${i}]`, `must be a string, got ${describe(item)}`);
      });
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
  const fail = (path: string, message: string): never => {
    throw new CliError("config_invalid", `${fileName}: "${path}" ${message}.`, {
      location: `${fileName} › ${path}`,
      hint: `Every key is described at ${REPO_URL}/blob/main/docs/config.md`,
    });
  };
  check(value, CONFIG_SPEC, "", fail);
  return value as UserConfig;
}

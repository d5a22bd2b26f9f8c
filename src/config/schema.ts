/**
 * A tiny schema, with no dependency: one spec gives the config's type (`Infer`), its type with
 * the defaults filled in (`Resolved`), the defaults themselves (`applyDefaults`) and, in
 * `validate-config.ts`, the check that names the exact key that is wrong.
 */

export type Spec =
  | { kind: "string"; default?: string }
  | { kind: "boolean"; default?: boolean }
  | { kind: "integer"; min: number; max: number; default?: number }
  | { kind: "number"; min: number; max: number; default?: number }
  | { kind: "hosts"; default?: readonly string[] }
  | { kind: "strings"; default?: readonly string[] }
  | { kind: "origin"; hint: string }
  | { kind: "enum"; values: readonly string[]; default?: string }
  | { kind: "object"; keys: Record<string, Spec> }
  | { kind: "record"; value: Spec; default?: Record<string, never> }
  /** A function (TypeScript or JavaScript configs only); `type` only carries its signature. */
  | { kind: "function"; type?: unknown };

export type ObjectSpec = Extract<Spec, { kind: "object" }>;

/** The value a spec accepts. Object keys are optional; their JSDoc is the spec's. */
export type Infer<S> = S extends { kind: "function"; type?: infer F }
  ? F
  : S extends { kind: "string" | "origin" }
  ? string
  : S extends { kind: "boolean" }
    ? boolean
    : S extends { kind: "integer" | "number" }
      ? number
      : S extends { kind: "strings" | "hosts" }
        ? string[]
        : S extends { kind: "enum"; values: readonly (infer V)[] }
          ? V
          : S extends { kind: "object"; keys: infer K }
            ? { [P in keyof K]?: Infer<K[P]> }
            : S extends { kind: "record"; value: infer V }
              ? Record<string, Infer<V>>
              : never;

/** The value once `applyDefaults` ran: every key present, objects resolved, keys without a default possibly undefined. */
export type Resolved<S> = S extends { kind: "object"; keys: infer K }
  ? { [P in keyof K]-?: K[P] extends { kind: "object" } ? Resolved<K[P]> : K[P] extends { default: unknown } ? Infer<K[P]> : Infer<K[P]> | undefined }
  : Infer<S>;

export const string = { kind: "string" } as const;
export const boolean = { kind: "boolean" } as const;
export const strings = { kind: "strings" } as const;

/** A function-valued key, typed `F`. */
export function fn<F>(): { kind: "function"; type?: F } {
  return { kind: "function" };
}

export function object<const K extends Record<string, Spec>>(keys: K): { kind: "object"; keys: K } {
  return { kind: "object", keys };
}

export function oneOf<const V extends readonly string[]>(values: V): { kind: "enum"; values: V } {
  return { kind: "enum", values };
}

/** Fills in the spec's defaults (arrays and records copied, so the spec is never shared). */
export function applyDefaults<S extends ObjectSpec>(spec: S, value: Infer<S> | undefined): Resolved<S> {
  return fill(spec, value) as Resolved<S>;
}

function fill(spec: ObjectSpec, value: unknown): Record<string, unknown> {
  const given = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(spec.keys)) {
    if (child.kind === "object") out[key] = fill(child, given[key]);
    else if (given[key] !== undefined) out[key] = given[key];
    else out[key] = "default" in child ? copy(child.default) : undefined;
  }
  return out;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return typeof value === "object" && value !== null ? { ...value } : value;
}

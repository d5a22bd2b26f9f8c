import { builtinModules } from "node:module";
import { posix } from "node:path";

/**
 * The layers of src/ (docs/architecture.md, "Layers"), top to bottom: an import points only
 * to a lower layer or within its own folder. A folder here is one entry of `folders`: most are
 * one src/ folder; `cli.ts` with `commands/`, and `util/` with `errors.ts` and `version.ts`,
 * count as one. The `apart` folders follow their own rules below.
 */
export const LAYERS: ReadonlyArray<{ layer: number; folders: string[][] }> = [
  { layer: 1, folders: [["cli.ts", "commands"]] },
  { layer: 2, folders: [["dev"], ["lint"], ["doctor"], ["scaffold"], ["screenshot"]] },
  { layer: 3, folders: [["preview"], ["process"]] },
  { layer: 4, folders: [["host"], ["auth"], ["state"]] },
  { layer: 5, folders: [["widgets"], ["config"]] },
  { layer: 6, folders: [["app"], ["util", "errors.ts", "version.ts"]] },
];

/** Browser modules Node-side code may import whole: message shapes and names both sides share, importing nothing. */
export const SHARED_BROWSER_MODULES = ["preview/client/protocol.ts"];

/**
 * Imports between two folders of one layer that the architecture wants: doctor ends by linting what it
 * fetched, through lint's collection and rules (lint never imports doctor, so no cycle can form); the host
 * serves handlers their state and shares sessions through the state module (state never imports host).
 */
export const SIDEWAYS = [["doctor", "lint"], ["host", "state"]];

/** Browser code: imports only itself, npm packages that run in a browser, and types from the app contract. */
export const BROWSER_UNITS = ["widget-runtime", "preview/client", "preview/hosts"];
/**
 * Browser-safe data both sides read whole: the preview's host profiles (plain objects, importing nothing
 * Node-side), used by the page's code and by the server side that draws the page.
 */
export const SHARED_BROWSER_UNITS = ["preview/hosts"];
/** What browser code may import types from (erased at build time): the app contract, which imports nothing of ours. */
export const BROWSER_TYPE_SOURCES = ["app"];
/** Thin public entry points: may re-export from any layer; nothing imports them. */
export const EXPORTS_UNIT = "exports";

export interface Import {
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The file it resolves to (src-relative, `.ts`), for relative specifiers. */
  target: string | undefined;
  typeOnly: boolean;
  line: number;
}

const STATIC = /^[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every import, re-export and literal dynamic import in one file (`src`-relative path, its text). */
export function importsOf(file: string, text: string): Import[] {
  // Comment lines are blanked (kept as lines, so line numbers stay right).
  const code = text
    .split("\n")
    .map((line) => (/^\s*(\/\/|\*|\/\*)/.test(line) ? "" : line))
    .join("\n");
  const lineAt = (offset: number) => code.slice(0, offset).split("\n").length;
  const found: Import[] = [];
  for (const match of code.matchAll(STATIC)) found.push(make(file, match[2]!, Boolean(match[1]), lineAt(match.index)));
  for (const match of code.matchAll(DYNAMIC)) found.push(make(file, match[1]!, false, lineAt(match.index)));
  return found;
}

function make(from: string, specifier: string, typeOnly: boolean, line: number): Import {
  const target = specifier.startsWith(".") ? posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, ".ts") : undefined;
  return { from, specifier, target, typeOnly, line };
}

/** The unit a src-relative file belongs to: its top folder (`preview/client` apart), or the root file itself. */
export function unitOf(file: string): string {
  if (file.startsWith("preview/client/")) return "preview/client";
  if (file.startsWith("preview/hosts/")) return "preview/hosts";
  const slash = file.indexOf("/");
  return slash === -1 ? file : file.slice(0, slash);
}

function layerOf(unit: string): number | undefined {
  return LAYERS.find((l) => l.folders.some((f) => f.includes(unit)))?.layer;
}

const sameFolder = (a: string, b: string) => a === b || LAYERS.some((l) => l.folders.some((f) => f.includes(a) && f.includes(b)));

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (specifier: string) => specifier.startsWith("node:") || NODE_BUILTINS.has(specifier.split("/")[0]!);

/** Why an import breaks the layers, or undefined when it does not. */
export function layerProblem(imp: Import): string | undefined {
  const from = unitOf(imp.from);
  if (BROWSER_UNITS.includes(from)) {
    if (!imp.target) return isNodeBuiltin(imp.specifier) ? `browser code imports the Node built-in "${imp.specifier}"` : undefined;
    const to = unitOf(imp.target);
    if (to === from || SHARED_BROWSER_UNITS.includes(to)) return undefined;
    if (imp.typeOnly && BROWSER_TYPE_SOURCES.includes(to)) return undefined;
    return `browser code (${from}) imports ${imp.typeOnly ? "types from " : ""}${imp.target}; it may import only itself${imp.typeOnly ? "" : ", and types from src/app/"}`;
  }
  if (!imp.target) return undefined;
  const to = unitOf(imp.target);
  if (sameFolder(from, to) || from === EXPORTS_UNIT) return undefined;
  if (to === EXPORTS_UNIT) return `${imp.target} is a public entry point; import what it re-exports from its layer instead`;
  if (BROWSER_UNITS.includes(to)) {
    if (imp.typeOnly || SHARED_BROWSER_MODULES.includes(imp.target) || SHARED_BROWSER_UNITS.includes(to)) return undefined;
    return `Node-side code imports browser code (${imp.target}); only its types, and ${SHARED_BROWSER_MODULES.join(", ")}, may be shared`;
  }
  const fromLayer = layerOf(from);
  const toLayer = layerOf(to);
  if (fromLayer === undefined) return `src/${from} is in no layer: add it to the layer table`;
  if (toLayer === undefined) return `src/${to} is in no layer: add it to the layer table`;
  if (toLayer > fromLayer || SIDEWAYS.some(([a, b]) => a === from && b === to)) return undefined;
  return toLayer === fromLayer
    ? `${from} and ${to} are both in layer ${fromLayer}: an import may point only down or within its own folder`
    : `layer ${fromLayer} (${from}) imports layer ${toLayer} (${to}): an import may point only down`;
}

/** Every layer violation in a set of files (src-relative path → text), as `file:line: import "x": why`. */
export function layerViolations(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, text] of files) {
    for (const imp of importsOf(file, text)) {
      const problem = layerProblem(imp);
      if (problem) problems.push(`src/${file}:${imp.line}: import "${imp.specifier}": ${problem}`);
    }
  }
  return problems;
}

/** Every import cycle between files (type-only imports included), each as `a.ts → b.ts → a.ts`. */
export function importCycles(files: ReadonlyMap<string, string>): string[] {
  const edges = new Map<string, string[]>();
  for (const [file, text] of files) {
    const targets = importsOf(file, text).flatMap((imp) => (imp.target && files.has(imp.target) ? [imp.target] : []));
    edges.set(file, [...new Set(targets)]);
  }
  // Tarjan's strongly connected components: each component of more than one file (or a file importing itself) is a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (file: string) => {
    indices.set(file, index);
    low.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, indices.get(next)!));
    }
    if (low.get(file) !== indices.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)!.includes(file)) cycles.push(describeCycle(component, edges));
  };
  for (const file of [...files.keys()].sort()) if (!indices.has(file)) visit(file);
  return cycles;
}

/** One path around the component, from its first file back to it. */
function describeCycle(component: string[], edges: Map<string, string[]>): string {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  let at = start;
  for (;;) {
    const next = (edges.get(at) ?? []).filter((n) => members.has(n)).sort();
    const back = next.find((n) => n === start);
    const onward = next.find((n) => !seen.has(n));
    if (back && (path.length === component.length || !onward)) break;
    if (!onward) break;
    path.push(onward);
    seen.add(onward);
    at = onward;
  }
  return [...path, start].map((f) => `src/${f}`).join(" → ");
}

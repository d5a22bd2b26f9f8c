import { createHash, type Hash } from "node:crypto";
import { join, relative, sep } from "node:path";
import * as esbuild from "esbuild";
import { BROWSER_TARGET, DATA_URL_LOADERS, type BuiltWidget } from "../widgets/bundle.js";
import { escapeInlineScript, escapeInlineStyle, widgetUri } from "../widgets/html.js";

/** The global the dependency script fills and each widget's imports read. */
const REGISTRY = "__chatgptAppDependencies";
const NAMESPACE = "chatgpt-app-dependency";

/** Bare specifiers (`react`, `react-dom/client`), for esbuild's filter, which has no lookahead. */
const BARE = /^[^./]/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;
const NOT_CODE = new RegExp(`\\.(?:css|${Object.keys(DATA_URL_LOADERS).map((e) => e.slice(1)).join("|")})$`, "i");

/** A package file's name in the registry: relative to the project, so no home folder ends up in the widget. */
function registryKey(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}

interface DependencyScript {
  /** `<style>` and `<script>` elements, ready to insert. */
  elements: string;
  bytes: number;
  /** SHA-256 state after the document's doctype and the elements, copied for each widget. */
  hashAfter: Map<string, Hash>;
}

/**
 * Where the packages go: after `<meta charset>` (which must stay in the first 1,024 bytes),
 * else after `<head>`, else after the doctype (which must stay first). Looked for only at the
 * top of the document, so nothing inside a script can match.
 */
const INSERT_AFTER = [/^[\s\S]*?<meta\s+charset[^>]*>\n?/i, /^[\s\S]*?<head(?:\s[^>]*)?>\n?/i, /^\s*<!doctype html>\s*/i];

function insertionPoint(html: string): number {
  const top = html.slice(0, 1024);
  for (const pattern of INSERT_AFTER) {
    const match = pattern.exec(top);
    if (match) return match[0].length;
  }
  return 0;
}

/** What esbuild makes of a package file, as a build of the whole widget would see it. */
interface PackageModule {
  format: "esm" | "cjs";
  /** An ES module's export names. */
  exports: string[];
  /** It re-exports everything of another package, whose names only the running code knows. */
  reexportsPackage: boolean;
}

/** The options of the widget's own build that decide how a package file reads. */
function analysisOptions(root: string): esbuild.BuildOptions {
  return {
    absWorkingDir: root,
    write: false,
    metafile: true,
    outdir: join(root, ".chatgpt-app", "dependencies"),
    format: "esm",
    platform: "browser",
    target: BROWSER_TARGET,
    loader: DATA_URL_LOADERS,
    jsx: "automatic",
    logLevel: "silent",
  };
}

/**
 * The module type esbuild gives the file (from its syntax and its extension) and, for an ES
 * module, its export names: the file alone first, which is enough unless it has `export *`.
 */
async function analyzePackageFile(root: string, file: string): Promise<PackageModule> {
  const own = await esbuild.build({ ...analysisOptions(root), entryPoints: [file], bundle: false });
  const format = Object.values(own.metafile!.inputs)[0]?.format === "esm" ? "esm" : "cjs";
  const output = Object.values(own.metafile!.outputs)[0];
  if (format === "cjs" || !/\bexport\s*\*/.test(own.outputFiles![0]!.text)) {
    return { format, exports: format === "esm" ? (output?.exports ?? []) : [], reexportsPackage: false };
  }
  const whole = await esbuild.build({ ...analysisOptions(root), entryPoints: [file], bundle: true, packages: "external" });
  return {
    format,
    exports: Object.values(whole.metafile!.outputs)[0]?.exports ?? [],
    reexportsPackage: /\bexport\s*\*\s*from\s*["']/.test(whole.outputFiles![0]!.text),
  };
}

/** Path suffixes of the two stubs of a package file: esbuild reads `.cjs` as CommonJS and `.mjs` as an ES module. */
const CJS_STUB = ".cjs";
const ESM_STUB = ".mjs";
const STUB_NAME = new RegExp(`${NAMESPACE}:(.+?)\\.[cm]js(?=")`, "g");

/** The stub that stands for a package file in the widget's build: its module type and exports, read from the registry. */
function stubSource(key: string, module: PackageModule, stub: string): string {
  const entry = `globalThis[${JSON.stringify(REGISTRY)}][${JSON.stringify(key)}]`;
  if (stub.endsWith(CJS_STUB)) return `module.exports = ${entry};`;
  const names = module.exports.map((name, i) => ({ name, local: `e${i}` }));
  return [
    `const m = ${entry};`,
    ...names.map(({ name, local }) => `const ${local} = m[${JSON.stringify(name)}];`),
    names.length ? `export { ${names.map(({ name, local }) => `${local} as ${JSON.stringify(name)}`).join(", ")} };` : "export {};",
    ...(module.reexportsPackage ? [`export * from ${JSON.stringify(stub.slice(0, -ESM_STUB.length) + CJS_STUB)};`] : []),
  ].join("\n");
}

export interface DependencyPrebundle {
  /** Given to the widget bundler: a widget's package imports read the registry instead of bundling the package. */
  plugin: esbuild.Plugin;
  /** The widget's HTML with the script of its packages in front, hashed again. */
  compose(widget: BuiltWidget): Promise<BuiltWidget>;
  /** Forgets the built dependencies (after an install changed node_modules). */
  invalidate(): void;
}

/**
 * Dev's widget builds leave packages (React, …) out: a save re-bundles only the user's own
 * modules, and the packages, bundled once per set of imports, are put in front of them in
 * the same self-contained document, as a classic script that runs before the widget's
 * module. Re-bundling react-dom on every save would cost more than the whole budget of a
 * save. `chatgpt-app build` still bundles everything together.
 *
 * Each package file the widget imports is replaced by a stub of the same module type (an ES
 * module with the same export names, or CommonJS handing over `module.exports`), so esbuild
 * applies its own interop to the widget's imports exactly as in build: default, named and
 * namespace imports mean the same, and a missing export fails the same way. What differs:
 * an ES module stub copies the exports once (a package that reassigns an exported `let`
 * later is not seen), and all packages run before the widget's own modules.
 */
export function createDependencyPrebundle(root: string): DependencyPrebundle {
  const importsByEntry = new Map<string, Set<string>>();
  const scripts = new Map<string, Promise<DependencyScript>>();
  /** `resolveDir \0 specifier` → the package file it resolves to, or null for the project's own code. */
  const resolvedPackages = new Map<string, string | null>();
  const modules = new Map<string, Promise<PackageModule>>();
  const moduleOf = (file: string) => {
    let module = modules.get(file);
    if (!module) {
      module = analyzePackageFile(root, file);
      modules.set(file, module);
      module.catch(() => modules.delete(file));
    }
    return module;
  };

  const plugin: esbuild.Plugin = {
    name: "chatgpt-app-dev-dependencies",
    setup(build) {
      const entries = build.initialOptions.entryPoints;
      const entry = Array.isArray(entries) ? String(entries[0]) : "";
      let seen = new Set<string>();
      build.onStart(() => {
        seen = new Set();
      });
      build.onResolve({ filter: BARE }, async (args) => {
        // CSS and assets of a package are bundled as usual; so are data: and other URLs.
        if (args.pluginData === NAMESPACE || args.namespace === NAMESPACE || NOT_CODE.test(args.path) || URL_LIKE.test(args.path)) return undefined;
        // Only an installed package is left out; a missing one fails the build with esbuild's own
        // message, and a tsconfig path alias to the project's own code stays in the rebuilt part.
        // Asking esbuild costs a round trip per import and save, so the answer is kept until an install.
        const key = `${args.resolveDir}\0${args.path}`;
        let file = resolvedPackages.get(key);
        if (file === undefined) {
          const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: NAMESPACE });
          // A failed resolution is not kept: the package may be installed next.
          if (resolved.errors.length > 0) return undefined;
          file = !resolved.external && /[\\/]node_modules[\\/]/.test(resolved.path) ? resolved.path : null;
          resolvedPackages.set(key, file);
        }
        if (file === null) return undefined;
        let module: PackageModule;
        try {
          module = await moduleOf(file);
        } catch (error) {
          const errors = (error as esbuild.BuildFailure).errors;
          if (Array.isArray(errors) && errors.length > 0) return { errors };
          throw error;
        }
        // The file, not the specifier: the same name may resolve to different copies from different folders.
        seen.add(file);
        // The stub has the module type of the file, so the import reads it as the whole build would.
        return { path: file + (module.format === "cjs" ? CJS_STUB : ESM_STUB), namespace: NAMESPACE };
      });
      // The CommonJS view an ES module stub re-exports from (`export *` of another package).
      build.onResolve({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ path: args.path, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const file = args.path.slice(0, -CJS_STUB.length);
        return { contents: stubSource(registryKey(root, file), await moduleOf(file), args.path), loader: "js" };
      });
      build.onEnd((result) => {
        importsByEntry.set(entry, seen);
        // A message about a stub names the package file, as the same message of build does.
        for (const message of [...result.errors, ...result.warnings]) message.text = message.text.replace(STUB_NAME, (_, file: string) => relative(root, file));
      });
    },
  };

  const bundle = async (packageFiles: string[]): Promise<DependencyScript> => {
    // What `require` gives for each file: a CommonJS module's own `module.exports`, an ES
    // module's exports object; the widget's stubs give them the meaning the build would.
    const source = [
      `const registry = globalThis[${JSON.stringify(REGISTRY)}] ??= {};`,
      ...packageFiles.map((file) => `registry[${JSON.stringify(registryKey(root, file))}] = require(${JSON.stringify(file)});`),
    ].join("\n");
    const result = await esbuild.build({
      absWorkingDir: root,
      stdin: { contents: source, resolveDir: root, loader: "js", sourcefile: "dependencies.js" },
      bundle: true,
      write: false,
      outdir: join(root, ".chatgpt-app", "dependencies"),
      format: "iife",
      platform: "browser",
      target: BROWSER_TARGET,
      loader: DATA_URL_LOADERS,
      jsx: "automatic",
      // Development builds of the packages (their warnings), minified: every read of the widget
      // over MCP carries them, and react-dom's is over a megabyte as written. The user's own code is not minified.
      define: { "process.env.NODE_ENV": JSON.stringify("development") },
      minify: true,
      logLevel: "silent",
    });
    const files = result.outputFiles ?? [];
    const js = escapeInlineScript(files.filter((f) => f.path.endsWith(".js")).map((f) => f.text).join("\n"));
    const css = escapeInlineStyle(files.filter((f) => f.path.endsWith(".css")).map((f) => f.text).join("\n"));
    const elements = `${css.trim() ? `<style>${css}</style>\n` : ""}<script>${js}</script>\n`;
    return { elements, bytes: Buffer.byteLength(elements), hashAfter: new Map() };
  };

  return {
    plugin,
    async compose(widget) {
      const files = [...(importsByEntry.get(widget.entry) ?? [])].sort();
      if (files.length === 0) return widget;
      const key = files.join("\n");
      let script = scripts.get(key);
      if (!script) {
        script = bundle(files);
        scripts.set(key, script);
        script.catch(() => scripts.delete(key));
      }
      const dependencies = await script;
      // In <head>, a classic script: it runs before the widget's module (modules are deferred).
      const at = insertionPoint(widget.html);
      const top = widget.html.slice(0, at);
      const rest = widget.html.slice(at);
      // What comes before and the packages are the same save after save: hash them once, then only the rest.
      let after = dependencies.hashAfter.get(top);
      if (!after) {
        after = createHash("sha256").update(top).update(dependencies.elements);
        dependencies.hashAfter.set(top, after);
      }
      const hash = after.copy().update(rest).digest("hex").slice(0, widget.hash.length);
      const html = `${top}${dependencies.elements}${rest}`;
      const bytes = Buffer.byteLength(top) + dependencies.bytes + Buffer.byteLength(rest);
      return { ...widget, html, hash, uri: widgetUri(widget.name, hash), bytes };
    },
    invalidate() {
      scripts.clear();
      resolvedPackages.clear();
      modules.clear();
    },
  };
}

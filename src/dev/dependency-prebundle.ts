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
 */
export function createDependencyPrebundle(root: string): DependencyPrebundle {
  const importsByEntry = new Map<string, Set<string>>();
  const scripts = new Map<string, Promise<DependencyScript>>();
  /** `resolveDir \0 specifier` → the package file it resolves to, or null for the project's own code. */
  const resolvedPackages = new Map<string, string | null>();

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
        // The file, not the specifier: the same name may resolve to different copies from different folders.
        seen.add(file);
        return { path: file, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: `module.exports = globalThis[${JSON.stringify(REGISTRY)}][${JSON.stringify(registryKey(root, args.path))}];`,
        loader: "js",
      }));
      build.onEnd(() => {
        importsByEntry.set(entry, seen);
      });
    },
  };

  const bundle = async (packageFiles: string[]): Promise<DependencyScript> => {
    // Each package's namespace, marked as ES module so default imports keep their meaning.
    const source = [
      ...packageFiles.map((file, i) => `import * as m${i} from ${JSON.stringify(file)};`),
      `const registry = globalThis[${JSON.stringify(REGISTRY)}] ??= {};`,
      ...packageFiles.map((file, i) => `registry[${JSON.stringify(registryKey(root, file))}] = { ...m${i}, __esModule: true };`),
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
    },
  };
}

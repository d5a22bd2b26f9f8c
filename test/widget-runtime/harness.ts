import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as esbuild from "esbuild";
import type { Page } from "playwright-core";
import { inlineDocument } from "../../src/widgets/html.js";
import { REPO_ROOT } from "../helpers/project.js";

export const HOOK_FIXTURES = join(REPO_ROOT, "test", "fixtures", "preview-hooks");

/** Our public entry points, straight from src/ (no build step needed for these tests). */
const ALIASES = {
  "chatgpt-app/react": join(REPO_ROOT, "src", "exports", "react.ts"),
  "chatgpt-app/widget": join(REPO_ROOT, "src", "exports", "widget.ts"),
};

/** The same fixture on ext-apps 1.x (its App and AppBridge; 2.x is the default), for comparing both lines against ours. */
export const EXT_APPS_1 = { "@modelcontextprotocol/ext-apps": "ext-apps-1" };

/** Bundles a browser entry with the real esbuild, the way widgets are bundled. */
export async function bundleForBrowser(entry: string, format: "esm" | "iife" = "esm", aliases: Record<string, string> = {}): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    alias: { ...ALIASES, ...aliases },
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** A widget document exactly as chatgpt-app inlines one. */
export async function widgetDocument(entry: string, title = "probe", headScript = "", aliases: Record<string, string> = {}): Promise<string> {
  const html = inlineDocument({ title, js: await bundleForBrowser(entry, "esm", aliases), css: "" });
  return headScript ? html.replace("<head>", `<head>\n<script>${headScript}</script>`) : html;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The same server under another loopback name: a second origin for cross-origin frames. */
  otherOrigin: string;
  close(): Promise<void>;
}

/** Serves fixed pages on 127.0.0.1 (and, through the name `localhost`, on a second origin). */
export async function serveStatic(pages: Record<string, { type: string; body: string }>): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? "/", "http://x").pathname];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": page.type, "cache-control": "no-store" }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const HTML = "text/html; charset=utf-8";
export const JS = "text/javascript; charset=utf-8";

/** Polls the text of a selector inside the widget frame until it satisfies `check`. */
export async function waitForFrameText(
  page: Page,
  frameSelector: string,
  selector: string,
  check: (text: string) => boolean,
  timeout = 15_000,
): Promise<string> {
  const locator = page.frameLocator(frameSelector).locator(selector);
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = (await locator.textContent({ timeout }).catch(() => null)) ?? "";
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`${selector} never matched; last text: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { absoluteUrls, scanHtml, type ReferenceKind } from "../lint/html-scan.js";
import { buildModel } from "../lint/model.js";
import { cspOf, isLocalHostname, MCP_APP_MIME, originOf, SKYBRIDGE_MIME } from "../lint/rule-helpers.js";
import type { ResourceInfo } from "../lint/types.js";
import { networkCause, type DoctorContext } from "./context.js";

/** The origin ChatGPT renders widgets in (`<slug>.web-sandbox.oaiusercontent.com`). */
export const SANDBOX_ORIGIN = "https://chatgpt-app-doctor.web-sandbox.oaiusercontent.com";
/** Assets fetched at most, and at once. */
const MAX_ASSETS = 50;
const ASSET_CONCURRENCY = 4;

const ASSET_KINDS = new Set<ReferenceKind>(["script", "module-script", "stylesheet", "image", "css"]);
const FONT = /\.(woff2?|ttf|otf|eot)(\?|#|$)/i;

/** Cross-origin loads that the browser makes in CORS mode, so they need Access-Control-Allow-Origin. */
const needsCors = (kind: ReferenceKind, url: string) => kind === "module-script" || FONT.test(url);

interface Asset {
  kind: ReferenceKind;
  url: string;
  widget: string;
}

function widgetsOf(ctx: DoctorContext): ResourceInfo[] {
  return buildModel(ctx.snapshot!).resources.filter((r) => r.isUi && r.referencedBy.length > 0);
}

/** `template-unresolved`, `widget-mime`, `widget-no-csp`. */
function checkTemplates(ctx: DoctorContext, widgets: ResourceInfo[]): void {
  const unresolved = widgets.filter((r) => !r.contents).map((r) => `${r.uri} (${r.referencedBy.map((t) => t.name).join(", ")}): ${r.readError ?? "resources/read gave no contents"}`);
  if (unresolved.length) ctx.report("template-unresolved", "fail", { cause: `${unresolved.length} widget template(s) could not be read.`, details: unresolved });
  else ctx.report("template-unresolved", "pass");

  const read = widgets.filter((r) => r.contents);
  const wrongMime = read.filter((r) => r.contents!.mimeType !== MCP_APP_MIME);
  const legacyOnly = wrongMime.every((r) => r.contents!.mimeType === SKYBRIDGE_MIME);
  if (wrongMime.length === 0) ctx.report("widget-mime", "pass");
  else {
    ctx.report("widget-mime", legacyOnly ? "warn" : "fail", {
      cause: legacyOnly ? `${wrongMime.length} widget(s) use ChatGPT's legacy ${SKYBRIDGE_MIME}: other MCP Apps hosts will not render them.` : `${wrongMime.length} widget(s) are not served as ${MCP_APP_MIME}, so no widget renders.`,
      details: wrongMime.map((r) => `${r.uri}: ${String(r.contents!.mimeType ?? "no mimeType")}`),
    });
  }
  const noCsp = read.filter((r) => !cspOf(r).ui && !cspOf(r).openai);
  if (noCsp.length) ctx.report("widget-no-csp", "warn", { cause: `${noCsp.length} widget(s) declare no CSP on their contents.`, details: noCsp.map((r) => r.uri) });
  else ctx.report("widget-no-csp", read.length ? "pass" : "skip", read.length ? {} : { cause: "no widget template was read." });
}

/** `widget-localhost`: every URL in the widgets and their CSP that points at this machine. */
function checkLocalhost(ctx: DoctorContext, widgets: ResourceInfo[]): void {
  const found: string[] = [];
  for (const r of widgets) {
    const csp = cspOf(r);
    const declared = [csp.ui?.value, csp.openai?.value].flatMap((v) => Object.values(v ?? {}).flat()).filter((e): e is string => typeof e === "string");
    for (const url of new Set([...absoluteUrls(r.html ?? ""), ...declared])) {
      const origin = originOf(url) ?? originOf(`https://${url}`);
      if (origin && isLocalHostname(origin.hostname)) found.push(`${r.uri}: ${url}`);
    }
  }
  if (found.length === 0) ctx.report("widget-localhost", "pass");
  else {
    ctx.report("widget-localhost", ctx.local ? "warn" : "fail", {
      cause: `${found.length} localhost URL(s) in widgets: ChatGPT cannot load them, and Chrome 142+ blocks a public page from reaching the local network.`,
      details: found.slice(0, 20),
    });
  }
}

/** What is wrong with one asset, fetched as the widget's browser would; undefined when nothing. */
async function assetProblem(ctx: DoctorContext, asset: Asset): Promise<string | undefined> {
  const run = ctx.run();
  try {
    const response = await ctx.fetch(asset.url, { headers: { origin: SANDBOX_ORIGIN, accept: "*/*" }, signal: run.signal, redirect: "follow" });
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) return `HTTP ${response.status}`;
    const allowed = response.headers.get("access-control-allow-origin");
    if (needsCors(asset.kind, asset.url) && allowed !== "*" && allowed !== SANDBOX_ORIGIN) {
      return `no Access-Control-Allow-Origin for ${SANDBOX_ORIGIN}${allowed ? ` (got ${allowed})` : ""}; the browser refuses a ${asset.kind === "module-script" ? "module script" : "font"} without it`;
    }
    return undefined;
  } catch (error) {
    return networkCause(run.failed ?? error);
  } finally {
    run.close();
  }
}

/** The document without its inline scripts' code: a `url(` in bundled JavaScript is not a stylesheet's. */
const withoutInlineScripts = (html: string) => html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");

/** `widget-asset-broken`: every external script, style, font and image, fetched with the sandbox's Origin. */
async function checkAssets(ctx: DoctorContext, widgets: ResourceInfo[]): Promise<void> {
  const assets: Asset[] = [];
  for (const r of widgets) {
    for (const ref of scanHtml(withoutInlineScripts(r.html ?? ""))) {
      const origin = ASSET_KINDS.has(ref.kind) ? originOf(ref.url) : undefined;
      if (origin && origin.protocol.startsWith("http") && !isLocalHostname(origin.hostname)) assets.push({ kind: ref.kind, url: origin.href, widget: r.uri });
    }
  }
  if (assets.length === 0) {
    ctx.report("widget-asset-broken", widgets.length ? "pass" : "skip", widgets.length ? { cause: "the widgets load no external assets." } : { cause: "no widget to check." });
    return;
  }
  const checked = assets.slice(0, MAX_ASSETS);
  const problems: string[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < checked.length) {
      const asset = checked[next++]!;
      const problem = await assetProblem(ctx, asset);
      if (problem) problems.push(`${asset.url} (${asset.widget}): ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ASSET_CONCURRENCY, checked.length) }, worker));
  const durationMs = ctx.timed("widget assets", started, false);
  const note = assets.length > checked.length ? ` (the first ${checked.length} of ${assets.length} checked)` : "";
  if (problems.length === 0) ctx.report("widget-asset-broken", "pass", { durationMs, cause: `${checked.length} asset(s) load${note}.` });
  else ctx.report("widget-asset-broken", "fail", { cause: `${problems.length} of ${checked.length} widget asset(s) would not load in ChatGPT${note}.`, details: problems.sort(), durationMs });
}

/** The widget checks, on what lint collected. */
export async function checkWidgets(ctx: DoctorContext): Promise<void> {
  const widgets = widgetsOf(ctx);
  checkTemplates(ctx, widgets);
  checkLocalhost(ctx, widgets);
  await checkAssets(ctx, widgets);
}

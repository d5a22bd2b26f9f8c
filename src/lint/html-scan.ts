/**
 * A static scan of widget HTML for the URLs it loads or calls. Regular expressions, not a
 * parser: cheap, linear, and enough to name the origins a widget will need.
 */

export type ReferenceKind = "script" | "module-script" | "stylesheet" | "image" | "frame" | "css" | "fetch" | "websocket" | "eventsource";

export interface HtmlReference {
  kind: ReferenceKind;
  url: string;
}

/** Stop collecting after this many references: a huge document cannot flood the report. */
const MAX_REFERENCES = 2000;

const ATTR = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i");
const SRC = ATTR("src");
const HREF = ATTR("href");
const TYPE = ATTR("type");
const REL = ATTR("rel");

function attr(re: RegExp, tag: string): string | undefined {
  const m = re.exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

const PATTERNS: Array<{ re: RegExp; kind: (m: RegExpExecArray) => ReferenceKind | undefined; url: (m: RegExpExecArray) => string | undefined }> = [
  {
    re: /<script\b[^>]*>/gi,
    kind: (m) => (/^module$/i.test(attr(TYPE, m[0]) ?? "") ? "module-script" : "script"),
    url: (m) => attr(SRC, m[0]),
  },
  {
    re: /<link\b[^>]*>/gi,
    kind: (m) => (/\b(stylesheet|preload|modulepreload|icon|manifest)\b/i.test(attr(REL, m[0]) ?? "") ? "stylesheet" : undefined),
    url: (m) => attr(HREF, m[0]),
  },
  { re: /<(?:img|source|video|audio|track|embed|input)\b[^>]*>/gi, kind: () => "image", url: (m) => attr(SRC, m[0]) },
  { re: /<(?:iframe|frame)\b[^>]*>/gi, kind: () => "frame", url: (m) => attr(SRC, m[0]) },
  // CSS writes `url(` in lower case; `new URL(…)` and `toDataURL(` in scripts are not loads.
  { re: /(?<![\w$.])url\(\s*["']?([^"')\s]{1,2048})/g, kind: () => "css", url: (m) => m[1] },
  { re: /@import\s+["']([^"']{1,2048})["']/gi, kind: () => "css", url: (m) => m[1] },
  { re: /\bfetch\(\s*["'`]([^"'`]{1,2048})["'`]/g, kind: () => "fetch", url: (m) => m[1] },
  { re: /\bnew\s+WebSocket\(\s*["'`]([^"'`]{1,2048})["'`]/g, kind: () => "websocket", url: (m) => m[1] },
  { re: /\bnew\s+EventSource\(\s*["'`]([^"'`]{1,2048})["'`]/g, kind: () => "eventsource", url: (m) => m[1] },
];

/** Every URL the document loads, by kind, de-duplicated, in document order per kind. */
export function scanHtml(html: string): HtmlReference[] {
  const seen = new Set<string>();
  const out: HtmlReference[] = [];
  for (const pattern of PATTERNS) {
    pattern.re.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.re.exec(html)) !== null && out.length < MAX_REFERENCES) {
      const kind = pattern.kind(match);
      const url = pattern.url(match)?.trim();
      if (!kind || !url || url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("#") || url.startsWith("${")) continue;
      const key = `${kind} ${url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind, url });
    }
  }
  return out;
}

/** Which CSP list covers a kind of reference. */
export function cspListFor(kind: ReferenceKind): "connect" | "resource" | "frame" {
  if (kind === "fetch" || kind === "websocket" || kind === "eventsource") return "connect";
  if (kind === "frame") return "frame";
  return "resource";
}

/** Every absolute http(s)/ws(s) URL in the text, including ones in scripts' strings. */
export function absoluteUrls(text: string, limit = MAX_REFERENCES): string[] {
  const out = new Set<string>();
  const re = /\b(?:https?|wss?):\/\/[^\s"'`<>)\\]{1,2048}/gi;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null && out.size < limit) out.add(match[0]);
  return [...out];
}

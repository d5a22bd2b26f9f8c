/**
 * Large inline classic scripts of a widget's document (in dev, the widget's packages: React and
 * the like, the same bytes in every build) moved out to a script on the frame's own origin,
 * named by its content hash and cached by the browser. Run in the same place and order, with
 * the same text, it behaves as the inline one did, but a reload no longer parses it on the
 * page's thread: the browser streams it off-thread and keeps its compiled code.
 */
import { createHash } from "node:crypto";

/** Inline scripts at least this long move out. */
export const HOIST_MIN_BYTES = 32 * 1024;

export interface HoistedDocument {
  html: string;
  /** The scripts taken out, by the name `scriptPath` gives them. */
  scripts: Map<string, string>;
}

/** Elements whose text the HTML parser reads raw: nothing inside them is a tag. */
const RAW_TEXT = /^<(script|style|textarea|title|xmp|noscript|template)\b/i;

/**
 * Finds each `<script>` (without attributes: a classic inline script) at least `minBytes`
 * long and replaces it with `<script src="<prefix><sha256>.js">`. Comments and raw-text
 * elements are skipped whole, so a `<script>` written inside one is never taken. `known` names
 * scripts already hashed (by their text): a rebuild's unchanged packages are not hashed again.
 */
export function hoistInlineScripts(html: string, prefix: string, minBytes = HOIST_MIN_BYTES, known?: ReadonlyMap<string, string>): HoistedDocument {
  const scripts = new Map<string, string>();
  const parts: string[] = [];
  let copied = 0;
  let at = 0;
  for (;;) {
    const open = html.indexOf("<", at);
    if (open < 0) break;
    if (html.startsWith("<!--", open)) {
      const end = html.indexOf("-->", open + 4);
      at = end < 0 ? html.length : end + 3;
      continue;
    }
    const raw = RAW_TEXT.exec(html.slice(open, open + 12));
    const tagEnd = raw ? html.indexOf(">", open) : -1;
    if (tagEnd < 0) {
      at = open + 1;
      continue;
    }
    const closeAt = html.slice(tagEnd).search(new RegExp(`</${raw![1]}[\\s/>]`, "i"));
    if (closeAt < 0) break;
    const close = tagEnd + closeAt;
    const closeEnd = html.indexOf(">", close) + 1;
    const text = html.slice(tagEnd + 1, close);
    if (html.slice(open, tagEnd + 1).toLowerCase() === "<script>" && Buffer.byteLength(text) >= minBytes) {
      const name = known?.get(text) ?? `${createHash("sha256").update(text).digest("hex")}.js`;
      scripts.set(name, text);
      parts.push(html.slice(copied, open), `<script src="${prefix}${name}"></script>`);
      copied = closeEnd;
    }
    at = closeEnd;
  }
  parts.push(html.slice(copied));
  return { html: parts.join(""), scripts };
}

import { createHash } from "node:crypto";

/** Characters of the content hash in a widget URI: enough to never collide in practice. */
const HASH_LENGTH = 12;

export function contentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

export function widgetUri(name: string, hash: string): string {
  return `ui://widget/${name}-${hash}.html`;
}

const WIDGET_URI = /^ui:\/\/widget\/([A-Za-z0-9_-]+?)(?:-([0-9a-f]{6,64}))?\.html$/;

/** The widget name in `ui://widget/<name>-<hash>.html`, for any hash, or undefined. */
export function widgetNameFromUri(uri: string): string | undefined {
  return WIDGET_URI.exec(uri)?.[1];
}

/**
 * esbuild already writes `</script` as `<\/script` and `</style` as `<\/style`. One way out
 * remains: `<!--` followed by `<script` switches the HTML parser into its "double escaped"
 * state, where our closing tag no longer closes. Writing `<\!--` keeps strings, templates and
 * plain regular expressions the same; only the rare `u`-flag regex literal would change.
 */
export function escapeInlineScript(code: string): string {
  let out = code.replace(/<\/(script)/gi, "<\\/$1");
  if (/<!--/.test(out) && /<script/i.test(out)) out = out.replace(/<!--/g, "<\\!--");
  return out;
}

export function escapeInlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, "<\\/$1");
}

function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

export interface InlineDocumentInput {
  title: string;
  js: string;
  css: string;
  /** A user's own `widgets/<name>/index.html`; our tags are injected into it. */
  template?: string;
}

/** One self-contained HTML5 document: no external script or stylesheet. */
export function inlineDocument(input: InlineDocumentInput): string {
  const style = input.css.trim() ? `<style>${escapeInlineStyle(input.css)}</style>` : "";
  const script = `<script type="module">${escapeInlineScript(input.js)}</script>`;
  if (input.template !== undefined) {
    let html = input.template;
    html = /<\/head>/i.test(html) ? html.replace(/<\/head>/i, () => `${style}</head>`) : style + html;
    html = /<\/body>/i.test(html) ? html.replace(/<\/body>(?![\s\S]*<\/body>)/i, () => `${script}</body>`) : html + script;
    return /^\s*<!doctype html>/i.test(html) ? html : `<!doctype html>\n${html}`;
  }
  return (
    "<!doctype html>\n" +
    '<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtmlText(input.title)}</title>\n${style}\n</head>\n` +
    `<body>\n<div id="root"></div>\n${script}\n</body>\n</html>\n`
  );
}

/** The page served in place of a widget that has never built: the error, readable in the host. */
export function buildErrorDocument(name: string, message: string): string {
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Build error</title>' +
    "<style>body{font:14px/1.5 ui-monospace,monospace;margin:16px;color:#b00020}pre{white-space:pre-wrap}</style>" +
    `</head><body><h1>Widget "${escapeHtmlText(name)}" failed to build</h1><pre>${escapeHtmlText(message)}</pre></body></html>\n`
  );
}

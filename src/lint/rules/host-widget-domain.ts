import { CLAUDE_UI_DOMAIN, inUiDomainForm } from "../../preview/hosts/index.js";
import { expectedUiDomain } from "../hosts.js";
import { objectAt, pointer } from "../json.js";
import { resourceMetaSources } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const SERVER = "https://maps.example.com/mcp";
const withDomain = (domain: string) => ({
  hosts: ["claude"],
  serverUrl: SERVER,
  reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { domain } } }] } },
});

export default defineRule({
  id: "host-widget-domain",
  severity: "error",
  warnOnly: ["claudeDomainUnderChatgpt"],
  messages: {
    wrongHash: '{uri} sets _meta.ui.domain to "{domain}"; for a server at {serverUrl} Claude accepts only "{expected}" (the first 32 hex digits of the URL\'s SHA-256) and refuses to render anything else.',
    claudeDomainUnderChatgpt: '{uri} sets _meta.ui.domain to Claude\'s "{domain}"; ChatGPT reads _meta.ui.domain as its widget domain too, so there the widget asks for a domain that is not yours. Send ui.domain to Claude only, and openai/widgetDomain to ChatGPT.',
  },
  docs: {
    description: "With `--host`: `_meta.ui.domain` in the form each host accepts (Claude: `sha256(serverUrl)[:32].claudemcpcontent.com`).",
    why: "`ui.domain` is host-specific. Claude derives it from the server URL it connects to and refuses to render a widget whose domain does not match; ChatGPT takes `ui.domain` (or `openai/widgetDomain`) as the widget's own origin (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md, https://developers.openai.com/apps-sdk/reference). The server URL is the one linted with `--url`, else `BASE_URL`'s `/mcp`; without either, Claude's hash is not checked. A `ui.domain` in no Claude form at all is `widget-domain-cross-host`'s finding.",
    fix: "Compute Claude's domain from the URL users add (`createHash(\"sha256\").update(url).digest(\"hex\").slice(0, 32) + \".claudemcpcontent.com\"`), and give ChatGPT its own in `openai/widgetDomain`.",
    examples: {
      fail: withDomain("0123456789abcdef0123456789abcdef.claudemcpcontent.com"),
      pass: withDomain(expectedUiDomain(CLAUDE_UI_DOMAIN, SERVER)),
    },
  },
  create(context) {
    const { serverUrl } = context;
    // The hosts that accept only the domain derived from the server's URL, with that domain when the URL is known.
    const derived = context.hosts.flatMap((host) => (host.uiDomain ? [{ host, expected: serverUrl ? expectedUiDomain(host.uiDomain, serverUrl) : undefined }] : []));
    const chatgpt = context.hosts.filter((h) => h.bridges.openai);
    if (derived.length + chatgpt.length === 0) return {};
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { meta, base } of resourceMetaSources(resource)) {
          const domain = objectAt(meta, "ui")?.domain;
          if (typeof domain !== "string") continue;
          const bare = domain.replace(/^https?:\/\//i, "").replace(/\/$/, "").toLowerCase();
          if (!inUiDomainForm(CLAUDE_UI_DOMAIN, bare)) return; // widget-domain-cross-host says it
          const at = `${base}${pointer("ui", "domain")}`;
          const data = { domain: domain.slice(0, 100) };
          for (const { host, expected } of derived) {
            if (expected && bare !== expected) context.report({ messageId: "wrongHash", data: { ...data, serverUrl: serverUrl!, expected }, host, pointer: at });
          }
          for (const host of chatgpt) context.report({ messageId: "claudeDomainUnderChatgpt", data, host, pointer: at });
          return;
        }
      },
    };
  },
});

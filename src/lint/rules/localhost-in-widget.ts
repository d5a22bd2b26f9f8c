import { absoluteUrls } from "../html-scan.js";
import { cspEntries, isLocalHostname, originOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "localhost-in-widget",
  severity: "warn",
  submission: "error",
  messages: {
    inHtml: "{uri} references {url}: a local address that no ChatGPT user can reach (and that Chrome 142+ blocks from the sandbox). The widget breaks outside your machine.",
    inCsp: "{uri} declares the local address {entry} in {list}; it works only on your machine.",
  },
  docs: {
    description: "Widget HTML and CSP reference no `localhost`, loopback or private-network addresses.",
    why: "The widget runs in a public sandbox origin: local URLs fail for everyone else, and Chrome's Local Network Access blocks them even for you (source: https://developer.chrome.com/blog/local-network-access).",
    fix: "Inline the assets (chatgpt-app does) or serve them from the public origin (the tunnel or your deployment).",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<script type="module" src="http://localhost:5173/src/main.tsx"></script>' }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<script type="module">import("./inline.js")</script>' }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        if (resource.html !== undefined) {
          const seen = new Set<string>();
          for (const url of absoluteUrls(resource.html)) {
            const parsed = originOf(url);
            if (!parsed || !isLocalHostname(parsed.hostname) || seen.has(parsed.origin)) continue;
            seen.add(parsed.origin);
            context.report({ messageId: "inHtml", data: { url: url.slice(0, 200) }, pointer: "/contents/text" });
          }
        }
        for (const { list, entry, pointer } of cspEntries(resource)) {
          if (typeof entry !== "string") continue;
          const parsed = originOf(/:\/\//.test(entry) ? entry : `https://${entry}`);
          if (parsed && isLocalHostname(parsed.hostname)) context.report({ messageId: "inCsp", data: { entry, list }, pointer });
        }
      },
    };
  },
});

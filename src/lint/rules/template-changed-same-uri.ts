import { htmlHash } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "template-changed-same-uri",
  severity: "error",
  messages: {
    changed:
      "The HTML served at {uri} changed since the baseline snapshot, but its URI did not. ChatGPT keeps serving the cached template (up to an hour for a published app), and review treats new content at a published URI as a breaking change.",
  },
  docs: {
    description: "A widget whose HTML changed since the last published snapshot (`--baseline`) has a new URI.",
    why: 'ChatGPT caches templates by URI; "incompatible content at a published UI URI" is a breaking change that review does not support (source: https://developers.openai.com/plugins/deploy/app-review).',
    fix: "Version the `ui://` URI whenever the HTML changes (chatgpt-app puts a content hash in every widget URI). Save the published state with `lint --dump published.json` and compare with `lint --baseline published.json`.",
    examples: {
      fail: {
        baseline: { "ui://widget/map.html": "0000000000000000000000000000000000000000000000000000000000000000" },
        reads: { "ui://widget/map.html": { contents: [{ uri: "ui://widget/map.html", text: "<!doctype html><p>new</p>" }] } },
      },
      pass: {
        baseline: { "ui://widget/map.html": "0000000000000000000000000000000000000000000000000000000000000000" },
        reads: { "ui://widget/map-v2.html": { contents: [{ uri: "ui://widget/map-v2.html", text: "<!doctype html><p>new</p>" }] } },
      },
    },
  },
  create(context) {
    const baseline = context.model.snapshot.baseline;
    if (!baseline) return {};
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined || !Object.hasOwn(baseline, resource.uri)) return;
        if (htmlHash(resource.html) !== baseline[resource.uri]) context.report({ messageId: "changed", pointer: "/contents/text" });
      },
    };
  },
});

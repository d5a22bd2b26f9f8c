import { app, MIME, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/template-uri-unversioned.js";

const at = (uri: string) => ({ resources: [{ uri, name: "m", mimeType: MIME }] });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: at("ui://widget/map-v2.html") }, { snapshot: at("ui://widget/map.html?v=3") }, { snapshot: at("ui://widget/map@2.html") }],
  invalid: [{ snapshot: at("ui://widget/map.html"), errors: [{ messageId: "unversioned", subject: "resource:ui://widget/map.html" }] }],
});

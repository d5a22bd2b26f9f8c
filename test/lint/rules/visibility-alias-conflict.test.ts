import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/visibility-alias-conflict.js";

const meta = (m: Record<string, unknown>) => ({ tools: [{ name: "a", _meta: m }] });
ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { snapshot: meta({ "openai/visibility": "private", "openai/widgetAccessible": true, ui: { visibility: ["app"] } }) },
    { snapshot: meta({ "openai/widgetAccessible": false, ui: { visibility: ["model"] } }) },
  ],
  invalid: [
    { snapshot: meta({ "openai/visibility": "private", ui: { visibility: ["model", "app"] } }), errors: [{ messageId: "privateButModel" }] },
    { snapshot: meta({ "openai/visibility": "public", ui: { visibility: ["app"] } }), errors: [{ messageId: "publicButNoModel" }] },
    { name: "omitted ui.visibility defaults to include app", snapshot: meta({ "openai/widgetAccessible": false }), errors: [{ messageId: "notAccessibleButApp", includes: "(the default)" }] },
    { snapshot: meta({ "openai/widgetAccessible": true, ui: { visibility: ["model"] } }), errors: [{ messageId: "accessibleButNoApp" }] },
  ],
});

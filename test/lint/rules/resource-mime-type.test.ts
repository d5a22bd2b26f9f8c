import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/resource-mime-type.js";

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "legacy skybridge still renders", snapshot: app({}, { mimeType: "text/html+skybridge" }, { mimeType: "text/html+skybridge" }) },
    { name: "a non-UI resource is not checked", snapshot: { resources: [{ uri: "file:///notes.txt", name: "notes", mimeType: "text/plain" }] } },
  ],
  invalid: [
    { snapshot: app({}, { mimeType: "text/html" }, { mimeType: "text/html" }), errors: [{ messageId: "wrong", pointer: "/list/mimeType" }, { messageId: "wrong", pointer: "/contents/mimeType" }] },
    { name: "no mimeType on the contents item", snapshot: app({}, { mimeType: undefined }), errors: [{ messageId: "missing", pointer: "/contents/mimeType" }] },
  ],
});

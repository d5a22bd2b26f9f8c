import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/invocation-text-too-long.js";

const meta = (key: string, text: string) => ({ tools: [{ name: "a", _meta: { [`openai/toolInvocation/${key}`]: text } }] });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "64 characters", snapshot: meta("invoking", "x".repeat(64)) }, { name: "64 emoji", snapshot: meta("invoked", "🍕".repeat(64)) }],
  invalid: [
    { snapshot: meta("invoking", "x".repeat(65)), errors: [{ messageId: "tooLong", pointer: "/_meta/openai~1toolInvocation~1invoking", includes: "65 characters" }] },
    { snapshot: meta("invoked", "y".repeat(100)), errors: [{ messageId: "tooLong", includes: "invoked" }] },
  ],
});

import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/annotation-contradiction.js";

const hints = (readOnlyHint: boolean, destructiveHint: boolean) => ({ readOnlyHint, destructiveHint, openWorldHint: false });
ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "a writer marked as one", snapshot: { tools: [{ name: "create_order", annotations: hints(false, false) }] } },
    { name: "a reader that mentions creating", snapshot: { tools: [{ name: "show_form", description: "Shows the form to create an order.", annotations: hints(true, false) }] } },
  ],
  invalid: [
    { snapshot: { tools: [{ name: "a", annotations: hints(true, true) }] }, errors: [{ messageId: "readOnlyDestructive" }] },
    { snapshot: { tools: [{ name: "deleteOrder", annotations: hints(true, false) }] }, errors: [{ messageId: "writesButReadOnly", includes: '"delete"' }] },
    { snapshot: { tools: [{ name: "orders", description: "Sends the order to the kitchen.", annotations: hints(true, false) }] }, errors: [{ messageId: "writesButReadOnly", includes: '"send"' }] },
  ],
});

import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/html-not-document.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: app({}, { text: "<html lang=en><body></body></html>" }) }],
  invalid: [{ snapshot: app({}, { text: '<div id="root"></div><script>1</script>' }), errors: [{ messageId: "fragment" }] }],
});

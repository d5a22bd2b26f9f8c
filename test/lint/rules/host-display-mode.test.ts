import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/host-display-mode.js";

const asking = (call: string) => ({ text: `<script>b.onclick = () => ${call}</script>` });

ruleTester(rule, {
  valid: [
    { name: "no --host", snapshot: app({}, asking('window.openai.requestDisplayMode({ mode: "pip" })')) },
    { name: "Goose has pip", snapshot: { ...app({}, asking('window.openai.requestDisplayMode({ mode: "pip" })')), hosts: ["goose"] } },
    { name: "a mode from a variable (the runtime's own code) is not a request", snapshot: { ...app({}, asking("x.requestDisplayMode({mode:e})")), hosts: ["vscode"] } },
  ],
  invalid: [
    {
      name: "pip under ChatGPT and Claude, fullscreen and pip under VS Code",
      snapshot: { ...app({}, asking('app.requestDisplayMode({mode:"pip"}); app.requestDisplayMode("fullscreen")')), hosts: ["chatgpt", "claude", "vscode", "goose"] },
      errors: [
        { messageId: "unsupported", severity: "warn", includes: "the pip display mode; ChatGPT offers inline and fullscreen only" },
        { messageId: "unsupported", includes: "the pip display mode; Claude offers inline and fullscreen only" },
        { messageId: "unsupported", includes: "the pip display mode; VS Code offers inline only" },
        { messageId: "unsupported", includes: "the fullscreen display mode; VS Code offers inline only" },
      ],
    },
  ],
});

import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import { expectedUiDomain } from "../../../src/lint/hosts.js";
import { CLAUDE_UI_DOMAIN } from "../../../src/preview/hosts/index.js";
import rule from "../../../src/lint/rules/host-widget-domain.js";

const SERVER = "https://maps.pizzaz-demo.app/mcp";
const claude = (serverUrl: string) => expectedUiDomain(CLAUDE_UI_DOMAIN, serverUrl);
const domain = (value: string) => app({}, { _meta: cleanMeta({ ui: { domain: value } }) });

ruleTester(rule, {
  valid: [
    { name: "no --host", snapshot: { ...domain("0123456789abcdef0123456789abcdef.claudemcpcontent.com"), serverUrl: SERVER } },
    { name: "Claude's hash of the server URL", snapshot: { ...domain(claude(SERVER)), hosts: ["claude"], serverUrl: SERVER } },
    { name: "no server URL known: the hash is not checked", snapshot: { ...domain("0123456789abcdef0123456789abcdef.claudemcpcontent.com"), hosts: ["claude"] } },
    { name: "not Claude's form at all: widget-domain-cross-host says it", snapshot: { ...domain("https://maps.pizzaz-demo.app"), hosts: ["claude", "chatgpt"], serverUrl: SERVER } },
    { name: "no ui.domain", snapshot: { ...app(), hosts: ["claude", "chatgpt"], serverUrl: SERVER } },
  ],
  invalid: [
    {
      name: "another URL's hash under Claude, and Claude's domain under ChatGPT",
      snapshot: { ...domain(claude("https://elsewhere.example/mcp")), hosts: ["claude", "chatgpt"], serverUrl: SERVER },
      errors: [
        { messageId: "wrongHash", severity: "error", includes: `Claude accepts only "${claude(SERVER)}"` },
        { messageId: "claudeDomainUnderChatgpt", severity: "warn" },
      ],
    },
  ],
});

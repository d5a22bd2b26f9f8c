import type { AnchoredEdit } from "./anchored-edits.js";

/**
 * What `init --auth oauth` changes in a template's entry file, beside the overlay's own new files
 * (templates/_auth): an import of the account tools, the app as a resource server, the account
 * tools registered. Anchors are lines that stay put when a template's tools change (imports, the
 * securitySchemes comment, where setup starts, where the HTTP app gets its middleware); test/init checks that
 * every one applies to every template on every SDK line.
 */
const NO_SIGN_IN_TS = "  // No sign-in: every tool can be called anonymously. See the README to add OAuth.";
const AS_RESOURCE_SERVER_TS = [
  "  // The app as an OAuth resource server: AUTH_ISSUER (in .env, or the environment) names the",
  "  // authorization server; protected-resource metadata, token checks and challenges follow.",
  "  auth: { scopes: [ACCOUNT_SCOPE] },",
  "  // Tools without their own securitySchemes can be called anonymously.",
];
const ACCOUNT_IMPORT_TS = 'import { ACCOUNT_SCOPE, registerAccountTools } from "./account.js";';
const REGISTER_TS = ["    // show_account (needs a sign-in) and greet (mixed), in server/account.ts.", "    registerAccountTools(server);"];

function typescriptEdits(serverImport: string, setup: string): AnchoredEdit[] {
  const file = "server/index.ts";
  return [
    { file, anchor: serverImport, at: "after", lines: [ACCOUNT_IMPORT_TS] },
    { file, anchor: NO_SIGN_IN_TS, at: "replace", lines: AS_RESOURCE_SERVER_TS },
    { file, anchor: setup, at: "after", lines: REGISTER_TS },
  ];
}

const PYTHON: AnchoredEdit[] = [
  { file: "server/main.py", anchor: "from .app_server import ChatGptMCP", at: "before", lines: ["from .account import auth_settings, protect, register_account_tools"] },
  {
    file: "server/main.py",
    anchor: "mcp = ChatGptMCP(",
    at: "before",
    lines: ["# Sign-in (OAuth): set AUTH_ISSUER in .env (see AUTH.md). Until then no token is checked.", "AUTH = auth_settings()", ""],
  },
  {
    file: "server/main.py",
    anchor: "    # No sign-in: every tool can be called anonymously. See the README to add OAuth.",
    at: "replace",
    lines: ["    # Tools without their own securitySchemes can be called anonymously."],
  },
  { file: "server/main.py", anchor: "@asynccontextmanager", at: "before", lines: ["# show_account (needs a sign-in) and greet (mixed), in server/account.py.", "register_account_tools(mcp, AUTH)", "", ""] },
  {
    file: "server/main.py",
    // Added after the rate limiter, so it runs before it: the limiter counts against the signed-in subject.
    anchor: "app.add_middleware(RateLimit, limits=limits)",
    at: "after",
    lines: ["if AUTH is not None:", "    # The bearer check and the protected-resource metadata, inside the Host check and CORS below.", "    protect(app, AUTH)"],
  },
];

/** The edits for a template's language on an SDK line. */
export function authEdits(language: "typescript" | "python", sdk: 1 | 2): AnchoredEdit[] {
  if (language === "python") return PYTHON;
  return sdk === 2
    ? typescriptEdits('import { defineApp, type AppServerV2 } from "chatgpt-app/server";', "  setup(server: AppServerV2) {")
    : typescriptEdits('import { defineApp } from "chatgpt-app/server";', "  setup(server) {");
}

// Issue 5's figure: `chatgpt-app lint` of a project with 1,000 tools, in process, beside a bare
// MCP SDK server listing the same 1,000 tools to an in-memory client in this run.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { timeMedian } from "./util.mjs";

const TOOLS = 1000;

function project(root) {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-bench-lint-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "chatgpt-app"));
  for (const name of ["@modelcontextprotocol", "zod"]) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(dir, "chatgpt-app.config.json"), '{ "widgets": { "domain": "https://bench.example.com" } }\n');
  mkdirSync(join(dir, "widgets", "card"), { recursive: true });
  writeFileSync(join(dir, "widgets", "card", "index.ts"), 'document.body.textContent = "card";\n');
  mkdirSync(join(dir, "server"));
  writeFileSync(
    join(dir, "server", "index.ts"),
    `import { defineApp } from "chatgpt-app/server";
import { z } from "zod";
export default defineApp({
  name: "bench",
  securitySchemes: [{ type: "noauth" }],
  setup(server) {
    for (let i = 0; i < ${TOOLS}; i++) {
      server.registerTool(\`tool_\${i}\`, {
        title: \`Tool \${i}\`,
        description: "Use this when the user asks for item " + i + ".",
        inputSchema: { id: z.string(), count: z.number().optional() },
        outputSchema: { id: z.string() },
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
        ...(i % 10 === 0 ? { widget: "card" } : {}),
      }, async ({ id }) => ({ content: [{ type: "text", text: id }], structuredContent: { id } }));
    }
  },
});
`,
  );
  return dir;
}

async function bareList() {
  const server = new McpServer({ name: "bare", version: "1.0.0" });
  const annotations = { readOnlyHint: true, destructiveHint: false, openWorldHint: false };
  for (let i = 0; i < TOOLS; i++) {
    server.registerTool(`tool_${i}`, { title: `Tool ${i}`, description: `Item ${i}.`, inputSchema: { id: z.string(), count: z.number().optional() }, outputSchema: { id: z.string() }, annotations }, async ({ id }) => ({
      content: [{ type: "text", text: id }],
      structuredContent: { id },
    }));
  }
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await server.connect(b);
  await client.connect(a);
  // Raw, as lint reads it (the typed listTools would also compile 1,000 output-schema validators).
  await client.request({ method: "tools/list", params: {} }, ResultSchema);
  await client.close();
  await server.close();
}

export default async function ({ root }) {
  const dir = project(root);
  try {
    const { lint } = await import(pathToFileURL(join(root, "dist", "lint", "lint.js")).href);
    const { formatJson } = await import(pathToFileURL(join(root, "dist", "lint", "reporters", "json.js")).href);
    const once = async () => {
      const result = await lint({ cwd: dir, target: { kind: "project" } });
      if (result.counts.tools !== TOOLS) throw new Error(`linted ${result.counts.tools} tools`);
      if (result.diagnostics.length !== 0) throw new Error(`expected a clean project: ${result.diagnostics[0].message}`);
      formatJson(result);
    };
    const ours = await timeMedian(once, { runs: 9 });
    const bare = await timeMedian(bareList, { runs: 9 });
    return [
      {
        name: `lint ${TOOLS} tools in process (build widget, load app, list, read, all rules, report)`,
        value: ours,
        unit: "ms",
        baseline: { name: `bare SDK server: register and list ${TOOLS} tools in memory`, value: bare },
        budget: "< 300 ms",
        ok: ours < 300,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

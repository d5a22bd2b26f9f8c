import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { spawnChildServer } from "../../src/process/child-server.js";
import { probePort } from "../../src/process/ports.js";
import { packageVersion } from "../../src/version.js";

const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-child-server-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A server that prints the clientInfo of every initialize it is sent, and answers it. */
const SERVER = `
import { createServer } from "node:http";
createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const message = JSON.parse(body || "{}");
    if (message.method === "initialize") console.log("client " + JSON.stringify(message.params.clientInfo));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: message.id, result: {} }));
  });
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

test("the readiness probe names chatgpt-app and its version, for dev and lint alike", async () => {
  writeFileSync(join(dir, "server.mjs"), SERVER);
  const port = await probePort(0, "127.0.0.1");
  const lines: string[] = [];
  const child = spawnChildServer({
    command: `${JSON.stringify(process.execPath)} server.mjs`,
    cwd: dir,
    env: { ...process.env, PORT: String(port) },
    mcpUrl: `http://127.0.0.1:${port}/mcp`,
    onOutput: (line) => lines.push(line),
  });
  try {
    await child.ready;
    // Its output may arrive just after the answer that made it ready.
    for (let i = 0; i < 50 && !lines.some((l) => l.startsWith("client ")); i++) await new Promise((r) => setTimeout(r, 20));
    const seen = lines.find((l) => l.startsWith("client "));
    assert.ok(seen, `no initialize seen; output: ${lines.join("\n")}`);
    assert.deepEqual(JSON.parse(seen.slice("client ".length)), { name: "chatgpt-app", version: packageVersion() });
  } finally {
    await child.close();
  }
});

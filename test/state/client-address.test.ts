import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { runCli } from "../helpers/cli.js";
import { startInstance, stopInstance, type Instance } from "../helpers/cluster.js";
import { postJsonRpc } from "../helpers/mcp.js";
import { tempProject, type TempProject } from "../helpers/project.js";

const list = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };

/** The statuses of tools/list calls from the address `forwardedFor` names (one status per call). */
async function statuses(url: string, forwardedFor: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const address of forwardedFor) out.push((await postJsonRpc(url, list, { "x-forwarded-for": address }, { timeoutMs: 10_000 })).status);
  return out;
}

/**
 * Rate limits per client address (no OAuth subject, no openai/subject): the proxy's
 * X-Forwarded-For only with the trusted-proxy setting, and then only the entry the proxy added.
 */
describe("rate limits: the client's address and the trusted-proxy setting", () => {
  let project: TempProject;
  const instances: Instance[] = [];
  before(async () => {
    project = tempProject("state-app");
    const built = await runCli(["build"], { cwd: project.dir });
    assert.equal(built.code, 0, built.stderr);
  }, { timeout: 120_000 });
  after(async () => {
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    project?.remove();
  }, { timeout: 60_000 });

  test("TRUST_PROXY=true: each forwarded address has its own count, and a client's own X-Forwarded-For entries change nothing", { timeout: 60_000 }, async () => {
    const start = await startInstance(project.dir, { RATE_LIMIT: "2/min", TRUST_PROXY: "true" });
    instances.push(start);
    assert.match(start.start.stderr(), /Rate limits: 2 requests per minute for each client/, "the banner names the limit");
    assert.deepEqual(await statuses(start.url, ["203.0.113.1", "203.0.113.1", "203.0.113.1"]), [200, 200, 429]);
    assert.deepEqual(await statuses(start.url, ["203.0.113.2"]), [200], "another address is another client");
    // What a client sends is kept before what the proxy adds: the last entry is the one that counts.
    assert.deepEqual(await statuses(start.url, ["198.51.100.7, 203.0.113.1", "198.51.100.8, 203.0.113.2", "198.51.100.9, 203.0.113.2"]), [429, 200, 429]);
  });

  test("without TRUST_PROXY the header is ignored: every request from one socket address is one client", { timeout: 60_000 }, async () => {
    const start = await startInstance(project.dir, { RATE_LIMIT: "2/min", TRUST_PROXY: "false" });
    instances.push(start);
    assert.deepEqual(await statuses(start.url, ["203.0.113.1", "203.0.113.2", "203.0.113.3"]), [200, 200, 429]);
  });
});

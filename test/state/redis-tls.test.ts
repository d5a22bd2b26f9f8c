import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect as tlsConnect } from "node:tls";
import { after, before, describe, test } from "node:test";
import { createClient } from "redis";
import { createTestCa, type TestCa } from "../doctor/nginx.js";
import { runCli } from "../helpers/cli.js";
import { startInstance, stopInstance, type Instance } from "../helpers/cluster.js";
import { postJsonRpc } from "../helpers/mcp.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { startRedis, type RunningRedis } from "../helpers/redis.js";

const call = (name: string, args: Record<string, unknown>) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } });
const structured = async (url: string, name: string, args: Record<string, unknown>) => {
  const answer = await postJsonRpc(url, call(name, args), {}, { timeoutMs: 10_000 });
  assert.equal(answer.status, 200, answer.text);
  assert.ok(!answer.json!.result.isError, answer.text);
  return answer.json!.result.structuredContent;
};

/** A TLS PING to the test's redis-server, trusting the test CA. */
function answersOverTls(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, servername: "localhost", ca });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once("secureConnect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => (socket.destroy(), resolve(String(d).includes("PONG"))));
    socket.once("error", () => resolve(false));
  });
}

/**
 * `rediss://` against a real redis-server that speaks only TLS (a certificate from a test CA),
 * and the key prefix that keeps apps apart on one Redis.
 */
describe("Redis over TLS, one key prefix per app", () => {
  let ca: TestCa;
  let caPem: string;
  let redis: RunningRedis;
  let project: TempProject;
  const instances: Instance[] = [];
  let url: string;

  before(async () => {
    ca = createTestCa();
    caPem = readFileSync(ca.caFile, "utf8");
    const cert = ca.issue("localhost", 30);
    redis = await startRedis({
      // The plain port closed: only TLS answers.
      extra: (port) => ["--port", "0", "--tls-port", String(port), "--tls-cert-file", cert.cert, "--tls-key-file", cert.key, "--tls-ca-cert-file", ca.caFile, "--tls-auth-clients", "no"],
      ready: (port) => answersOverTls(port, caPem),
    });
    url = `rediss://localhost:${redis.port}`;
    project = tempProject("state-app");
    const built = await runCli(["build"], { cwd: project.dir });
    assert.equal(built.code, 0, built.stderr);
  }, { timeout: 120_000 });

  after(async () => {
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    await redis?.remove();
    project?.remove();
    ca?.remove();
  }, { timeout: 60_000 });

  test("rediss:// with the CA in NODE_EXTRA_CA_CERTS: state is kept, under the app's prefix; another prefix is another app", { timeout: 60_000 }, async () => {
    const app = await startInstance(project.dir, { REDIS_URL: url, NODE_EXTRA_CA_CERTS: ca.caFile });
    instances.push(app);
    assert.match(app.start.stderr(), new RegExp(`State: Redis at rediss://localhost:${redis.port}`));
    const { handle } = await structured(app.url, "count", { by: 3 });
    assert.deepEqual(await structured(app.url, "read_count", { handle }), { count: 3 });

    const other = await startInstance(project.dir, { REDIS_URL: url, NODE_EXTRA_CA_CERTS: ca.caFile, STATE_PREFIX: "other-app:" });
    instances.push(other);
    assert.deepEqual(await structured(other.url, "read_count", { handle }), { count: 0 }, "the same handle under another prefix finds nothing");
    await structured(other.url, "count", { handle, by: 5 });
    assert.deepEqual(await structured(app.url, "read_count", { handle }), { count: 3 });

    const client = createClient({ url, socket: { tls: true, ca: caPem } });
    await client.connect();
    try {
      const keys = await client.keys("*");
      assert.ok(keys.some((k) => k.startsWith("chatgpt-app:fixture-state:h:")), keys.join(", "));
      assert.ok(keys.some((k) => k.startsWith("other-app:h:")), keys.join(", "));
      assert.deepEqual(keys.filter((k) => !k.startsWith("chatgpt-app:fixture-state:") && !k.startsWith("other-app:")), []);
      assert.ok(!keys.some((k) => k.includes(handle)), "keys carry a digest of the handle, never the handle");
    } finally {
      await client.close();
    }
  });

  test("a certificate the machine does not trust: start stops, saying why and what to set", { timeout: 60_000 }, async () => {
    // In this process NODE_EXTRA_CA_CERTS is unset: the test CA is not trusted.
    const refused = await runCli(["start"], { cwd: project.dir, env: { PORT: "0", REDIS_URL: url }, timeoutMs: 30_000 });
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    const output = refused.stdout + refused.stderr;
    assert.match(output, new RegExp(`Could not connect to Redis at rediss://localhost:${redis.port}: no connection in 5 s \\(.*certificate`));
    assert.match(output, /NODE_EXTRA_CA_CERTS/, "the hint names the fix");
    assert.doesNotMatch(output, /is unreachable/, "a Redis never reached is start's error, not an outage announced before it");
  });
});

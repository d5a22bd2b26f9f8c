import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { runCli } from "../helpers/cli.js";
import { startCluster, type Cluster } from "../helpers/cluster.js";
import { connect, postJsonRpc, waitFor } from "../helpers/mcp.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { startRedis, type RunningRedis } from "../helpers/redis.js";

type Structured = Record<string, any>;

/** How long one step (a request, a connect, a close) may take: a lost answer fails that step, not the run. */
const STEP_MS = 15_000;

/** `promise`, or a rejection naming `what` after `ms` (a timer that keeps the run alive until then). */
function within<T>(what: string, promise: Promise<T>, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A fetch that sends every POST to the next of `origins` in turn (GETs go where they were meant);
 * with `afterFirst`, the first POST (the initialize that makes a session) goes where it was meant.
 * Each POST has STEP_MS to answer (event streams, the GETs, stay open).
 */
function postsThrough(origins: string[], seen: string[], afterFirst = false): typeof fetch {
  let next = 0;
  let first = afterFirst;
  return (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if ((init?.method ?? "GET") !== "POST") return fetch(url, init);
    if (!first) {
      const origin = origins[next++ % origins.length]!;
      url.host = new URL(origin).host;
      seen.push(origin);
    }
    first = false;
    const timeout = AbortSignal.timeout(STEP_MS);
    return fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

const callTool = (client: Client, name: string, args: Record<string, unknown> = {}, meta?: Record<string, unknown>) =>
  client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) }, undefined, { timeout: STEP_MS }) as Promise<CallToolResult>;

/** The SDK client over `transport`, connected within a step's time (a legacy stream's endpoint event included). */
async function connectOver(transport: Transport, name: string): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" });
  await within(`${name}: connect`, client.connect(transport, { timeout: STEP_MS }));
  return client;
}

/** The test helper's client (Streamable HTTP or legacy SSE), connected within a step's time. */
const connectTo = (url: string, kind?: "streamable" | "sse") => within(`connect ${url}`, connect(url, kind));
const closeClient = (client: { close(): Promise<void> }) => within("close", client.close());

/** A JSON-RPC POST answered within a step's time. */
const post = (url: string, body: unknown, headers: Record<string, string> = {}) => postJsonRpc(url, body, headers, { timeoutMs: STEP_MS });

const toolCall = (name: string, args: Record<string, unknown>, id = 1, meta: Record<string, unknown> = {}) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args, _meta: meta },
});

const JSON_AND_SSE = { accept: "application/json, text/event-stream" };

/**
 * Three `start` instances sharing a real redis-server, behind a real nginx balancing them
 * round-robin: what must be shared (state, sessions, rate limits) is, and an instance or Redis
 * going away mid-run costs only what was in flight.
 */

describe("three start instances behind nginx, one Redis", () => {
  let redis: RunningRedis;
  let project: TempProject;
  let cluster: Cluster;
  const origin = (i: number) => new URL(cluster.instances[i]!.url).origin;

  before(async () => {
    redis = await startRedis();
    project = tempProject("state-app");
    const built = await runCli(["build"], { cwd: project.dir });
    assert.equal(built.code, 0, built.stderr);
    cluster = await startCluster(project.dir, 3, { REDIS_URL: redis.url, TRUST_PROXY: "true", SHUTDOWN_TIMEOUT: "1" });
  }, { timeout: 120_000 });

  // Every process this suite started goes, whatever failed: the cluster's helpers SIGKILL what does not exit in time.
  after(async () => {
    try {
      await cluster?.stop();
    } finally {
      await redis?.remove();
      project?.remove();
    }
  }, { timeout: 60_000 });

  test("state written through one instance is read through the others and through nginx", { timeout: 120_000 }, async () => {
    const a = await connectTo(cluster.instances[0]!.url);
    const first = (await callTool(a.client, "count", { by: 7 })).structuredContent as Structured;
    await closeClient(a);
    assert.match(first.handle, /^h_[A-Za-z0-9_-]{22}$/);
    for (const url of [cluster.instances[1]!.url, cluster.instances[2]!.url, cluster.url]) {
      const other = await connectTo(url);
      const read = await callTool(other.client, "read_count", { handle: first.handle });
      await closeClient(other);
      assert.deepEqual(read.structuredContent, { count: 7 }, url);
    }
  });

  test("compare-and-set under 50 concurrent writers through nginx loses no update", { timeout: 120_000 }, async () => {
    const minted = await post(cluster.url, toolCall("count", { by: 0 }), JSON_AND_SSE);
    const handle = minted.json!.result.structuredContent.handle as string;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(cluster.url, toolCall("count", { handle }, i + 2), JSON_AND_SSE)));
    const counts = answers.map((a) => {
      assert.equal(a.status, 200, a.text);
      return a.json!.result.structuredContent.count as number;
    });
    // Every writer saw its own increment land: the counts are 1..50, each once.
    assert.deepEqual(counts.sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i + 1));
    const read = await post(cluster.instances[2]!.url, toolCall("read_count", { handle }), JSON_AND_SSE);
    assert.equal(read.json!.result.structuredContent.count, 50);
  });

  test("a legacy SSE stream on instance A answers the POSTs sent through B and C", { timeout: 120_000 }, async () => {
    const seen: string[] = [];
    const sseUrl = new URL(cluster.instances[0]!.url);
    const transport = new SSEClientTransport(sseUrl, { fetch: postsThrough([origin(1), origin(2)], seen) });
    const client = await connectOver(transport, "legacy");
    let handle: string | undefined;
    for (let i = 1; i <= 4; i++) {
      const result = (await callTool(client, "count", handle ? { handle } : {})).structuredContent as Structured;
      handle = result.handle;
      assert.equal(result.count, i);
    }
    const tools = await client.listTools(undefined, { timeout: STEP_MS });
    assert.ok(tools.tools.some((t) => t.name === "read_count"));
    await closeClient(client);
    assert.ok(seen.includes(origin(1)) && seen.includes(origin(2)), `POSTs went through B and C: ${seen.join(", ")}`);
    assert.ok(!seen.includes(origin(0)));
  });

  test("a 2025-era Streamable HTTP session made on A carries on through B and C", { timeout: 120_000 }, async () => {
    const seen: string[] = [];
    // The initialize goes to A; every later POST (with the session's Mcp-Session-Id) to B, then C.
    const transport = new StreamableHTTPClientTransport(new URL(cluster.instances[0]!.url), { fetch: postsThrough([origin(1), origin(2)], seen, true) });
    const client = await connectOver(transport, "session");
    assert.ok(transport.sessionId, "the server gave a session");
    let handle: string | undefined;
    for (let i = 1; i <= 4; i++) {
      const result = (await callTool(client, "count", handle ? { handle } : {})).structuredContent as Structured;
      handle = result.handle;
      assert.equal(result.count, i);
    }
    await closeClient(client);
    assert.ok(seen.includes(origin(1)) && seen.includes(origin(2)), `POSTs went through B and C: ${seen.join(", ")}`);
  });

  test("an unknown session is 404 on every instance (the client initializes again)", { timeout: 120_000 }, async () => {
    const answer = await post(cluster.url, toolCall("count", {}), { ...JSON_AND_SSE, "mcp-session-id": "no-such-session" });
    assert.equal(answer.status, 404, answer.text);
    const legacy = await post(`${origin(1)}/mcp/messages?sessionId=no-such-session`, toolCall("count", {}));
    assert.equal(legacy.status, 404, legacy.text);
  });

  test("one rate limit is shared by all instances, per client, with 429, Retry-After and a JSON-RPC error", { timeout: 120_000 }, async () => {
    const subject = { "openai/subject": "user-rate" };
    for (let i = 0; i < 5; i++) {
      const answer = await post(cluster.instances[i % 3]!.url, toolCall("limited", {}, i, subject), JSON_AND_SSE);
      assert.equal(answer.status, 200, `call ${i + 1}: ${answer.text}`);
    }
    const refused = await post(cluster.instances[2]!.url, toolCall("limited", {}, 9, subject), JSON_AND_SSE);
    assert.equal(refused.status, 429);
    assert.match(String(refused.headers["retry-after"]), /^\d+$/);
    assert.ok(Number(refused.headers["retry-after"]) >= 1);
    assert.equal(refused.json!.id, 9);
    assert.match(refused.json!.error.message, /Rate limit exceeded for limited: 5 requests per minute for each client\. Try again in \d+ s\./);
    // The SDK client shows it as the call's error.
    const client = await connectTo(cluster.url);
    await assert.rejects(callTool(client.client, "limited", {}, subject), /Rate limit exceeded for limited: 5 requests per minute/);
    // Another client still gets through, and tools without a limit are not counted.
    assert.equal((await callTool(client.client, "limited", {}, { "openai/subject": "someone-else" })).isError, undefined);
    assert.equal((await callTool(client.client, "read_count", { handle: "h_AAAAAAAAAAAAAAAAAAAAAA" }, subject)).isError, undefined);
    await closeClient(client);
  });

  test("Redis restarted mid-run: clear errors while it is down, then recovery without restarting start", { timeout: 120_000 }, async () => {
    // Session-less calls through nginx, as ChatGPT sends them: any instance answers.
    const count = async (handle?: string) => (await post(cluster.url, toolCall("count", handle ? { handle } : {}), JSON_AND_SSE)).json!.result;
    const handle = (await count()).structuredContent.handle as string;
    await redis.stop();
    for (let i = 0; i < 3; i++) {
      const down = await count(handle);
      assert.equal(down.isError, true);
      assert.match(JSON.stringify(down.content), /State is unavailable: Redis at redis:\/\/127\.0\.0\.1:\d+ is not reachable\. Nothing was read or written/);
    }
    // Rate limits fall back to each instance's memory: still limited, and nothing waits on Redis.
    const subject = { "openai/subject": "user-while-down" };
    let refused = 0;
    for (let i = 0; i < 18; i++) {
      const answer = await post(cluster.url, toolCall("limited", {}, i, subject), JSON_AND_SSE);
      if (answer.status === 429) refused++;
    }
    assert.ok(refused >= 3, `each instance limits on its own while Redis is down (${refused} refused)`);
    for (const instance of cluster.instances) {
      await instance.start.waitForStderr(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable .*rate limits count per instance until it is back/);
      assert.equal(instance.start.stderr().match(/is unreachable/g)?.length, 1, "logged once per outage");
    }
    await redis.restart();
    // Back without restarting start: the same handle counts again (Redis came back empty: no persistence).
    const back = await waitFor(async () => {
      const result = await count(handle);
      return result.isError ? undefined : result;
    }, 20_000, 100);
    assert.equal(back.structuredContent.count, 1);
    for (const instance of cluster.instances) await instance.start.waitForStderr(/Redis at redis:\/\/127\.0\.0\.1:\d+ is reachable again/);
  });

  test("an instance killed mid-run: only its requests in flight are lost, state is intact, its clients reconnect and carry on", { timeout: 120_000 }, async () => {
    const minted = await post(cluster.url, toolCall("count", { by: 0 }), JSON_AND_SSE);
    const handle = minted.json!.result.structuredContent.handle as string;
    // A legacy stream and a session held by the instance about to die.
    const victim = cluster.instances[1]!;
    const legacyTransport = new SSEClientTransport(new URL(victim.url));
    // The SDK's event source reports the broken stream as an error (and would retry the dead instance).
    const streamBroken = new Promise<void>((resolve) => (legacyTransport.onerror = () => resolve()));
    const legacy = await connectOver(legacyTransport, "legacy");
    const session = new StreamableHTTPClientTransport(new URL(victim.url), { fetch: postsThrough([origin(0), origin(2)], [], true) });
    const sessionClient = await connectOver(session, "session");

    let ok = 0;
    let failed = 0;
    const worker = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const answer = await post(cluster.url, toolCall("count", { handle }), JSON_AND_SSE).catch(() => undefined);
        if (answer?.status === 200 && !answer.json?.result?.isError) ok++;
        else failed++;
      }
    };
    const load = Promise.all(Array.from({ length: 4 }, () => worker(30)));
    await waitFor(() => (ok >= 20 ? true : undefined), 10_000, 10);
    victim.start.kill("SIGKILL");
    await load;
    assert.ok(failed <= 4, `at most the 4 requests in flight on the killed instance fail (${failed} failed)`);
    const read = await post(cluster.url, toolCall("read_count", { handle }), JSON_AND_SSE);
    const count = read.json!.result.structuredContent.count as number;
    assert.ok(count >= ok && count <= ok + failed, `count ${count}: ${ok} answered, ${failed} lost in flight`);

    // The legacy client sees its stream break, reconnects through nginx and carries on with the same state.
    await within("the broken stream reported", streamBroken);
    const again = await connectTo(cluster.url, "sse");
    assert.equal(((await callTool(again.client, "read_count", { handle })).structuredContent as Structured).count, count);
    await closeClient(again);
    // The session's instance is gone: its next request is 404 (the SDK's cue to initialize again), then a new one works.
    await assert.rejects(callTool(sessionClient, "read_count", { handle }), /404|Session not found/);
    const fresh = await connectTo(cluster.url);
    assert.equal(((await callTool(fresh.client, "read_count", { handle })).structuredContent as Structured).count, count);
    await closeClient(fresh);
    await closeClient(legacy).catch(() => undefined);
    await closeClient(sessionClient).catch(() => undefined);
  });
});

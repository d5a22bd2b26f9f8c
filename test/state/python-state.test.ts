import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { freePort } from "../doctor/nginx.js";
import { scaffoldPythonProject } from "../dev/python-venv.js";
import { runCli } from "../helpers/cli.js";
import { connect, postJsonRpc, waitFor } from "../helpers/mcp.js";
import { startRedis, type RunningRedis } from "../helpers/redis.js";
import { tempDir } from "../init/harness.js";

const execFileAsync = promisify(execFile);
type Structured = { rolls: number[]; total: number; sides: number; session: string; history: Array<{ rolls: number[]; total: number; sides: number }> };

/** Fails with `what` when `promise` has not settled in `ms`: a lost answer fails its step instead of hanging the run. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface PythonServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `python -m server` of a scaffolded project (its own process group) on a free port, once /healthz answers. */
async function startPython(dir: string, env: Record<string, string>): Promise<PythonServer> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(join(dir, ".venv", "bin", "python"), ["-m", "server"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
      return (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ? true : undefined;
    }, 60_000, 100);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/mcp`, output: () => output, stop };
}

/** roll_dice through the official SDK client over HTTP, on a connection of its own. */
async function roll(url: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const connected = await within(15_000, `connect to ${url}`, connect(url));
  try {
    return (await within(15_000, `roll_dice on ${url}`, connected.client.callTool({ name: "roll_dice", arguments: args }))) as CallToolResult;
  } finally {
    await connected.close();
  }
}

const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
const LIMIT = 20;

for (const sdk of [2, 1] as const) {
  describe(`the python template (mcp ${sdk}.x): two instances sharing one redis-server`, { timeout: 900_000 }, () => {
    const workspace = tempDir("chatgpt-app-python-state-");
    let redis: RunningRedis;
    let dir: string;
    let servers: PythonServer[] = [];

    before(async () => {
      redis = await startRedis();
      dir = await scaffoldPythonProject(workspace.dir, "py-state", sdk);
      const build = await runCli(["build"], { cwd: dir });
      assert.equal(build.code, 0, build.stderr);
      const env = { REDIS_URL: redis.url, RATE_LIMIT: `${LIMIT}/min` };
      servers = [await startPython(dir, env), await startPython(dir, env)];
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await redis?.remove();
      workspace.remove();
    });

    test("a widget session's history written through one instance is read through the other, under the app's prefix", async () => {
      const [a, b] = servers.map((s) => s.url) as [string, string];
      const first = await roll(a, { count: 1, sides: 6 });
      assert.ok(!first.isError, textOf(first));
      const minted = first.structuredContent as Structured;
      assert.match(minted.session, /^h_[A-Za-z0-9_-]{22}$/);
      assert.equal(first._meta?.["openai/widgetSessionId"], minted.session);
      const again = await roll(b, { count: 2, sides: 20, session: minted.session });
      const seen = again.structuredContent as Structured;
      assert.equal(seen.session, minted.session);
      assert.deepEqual(seen.history, [
        { rolls: minted.rolls, total: minted.total, sides: 6 },
        { rolls: seen.rolls, total: seen.total, sides: 20 },
      ]);
      const { stdout } = await execFileAsync("redis-cli", ["-p", String(redis.port), "--scan"], { timeout: 10_000 });
      assert.match(stdout, /^chatgpt-app:py-state:h:[A-Za-z0-9_-]{32}:history$/m);
    });

    test("the project's own tests pass, the Redis store's among them", async () => {
      const { stdout } = await execFileAsync(join(dir, ".venv", "bin", "python"), ["-m", "pytest", "-p", "no:cacheprovider", "-rA"], {
        cwd: dir,
        env: { ...process.env, TEST_REDIS_URL: redis.url },
        timeout: 300_000,
      });
      assert.match(stdout, /PASSED tests\/test_state\.py::test_compare_and_set_refuses_a_stale_version_and_update_loses_no_write\[redis\]/);
      assert.match(stdout, /PASSED tests\/test_limits\.py::test_over_the_limit_answers_429_with_retry_after_and_a_json_rpc_error/);
      assert.match(stdout, /^(=+ )?\d+ passed in [\d.]+s( =+)?$/m, "every test passed, none skipped");
    });

    // The default line shows the rest: a shared rate limit, and Redis going away and coming back.
    if (sdk === 1) return;

    test(`one rate limit (${LIMIT}/min per client) counts the requests of both instances`, async () => {
      const call = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "roll_dice", arguments: {}, _meta: { "openai/subject": "limited-user" } } });
      for (let i = 0; i < LIMIT; i++) {
        const answer = await within(15_000, `call ${i}`, postJsonRpc(servers[i % 2]!.url, call(i)));
        assert.equal(answer.status, 200, `call ${i}: ${answer.text}`);
      }
      for (const server of servers) {
        const over = await within(15_000, "the call over the limit", postJsonRpc(server.url, call(99)));
        assert.equal(over.status, 429, over.text);
        const wait = Number(over.headers["retry-after"]);
        assert.ok(wait >= 1 && wait <= 60, `Retry-After: ${over.headers["retry-after"]}`);
        assert.deepEqual(over.json, {
          jsonrpc: "2.0",
          id: 99,
          error: { code: -32000, message: `Rate limit exceeded: ${LIMIT} requests per minute for each client. Try again in ${wait} s.`, data: { retryAfter: wait } },
        });
      }
      // Another client still gets through.
      const other = await postJsonRpc(servers[0]!.url, { ...call(1), params: { name: "roll_dice", arguments: {}, _meta: { "openai/subject": "someone-else" } } });
      assert.equal(other.status, 200, other.text);
    });

    test("Redis stopped: roll_dice answers isError saying why, on both; restarted: both carry on without a restart", async () => {
      const first = (await roll(servers[0]!.url, {})).structuredContent as Structured;
      await redis.stop();
      for (const server of servers) {
        const down = await roll(server.url, { session: first.session });
        assert.equal(down.isError, true, textOf(down));
        assert.match(textOf(down), new RegExp(`^State is unavailable: Redis at redis://127\\.0\\.0\\.1:${redis.port} is not reachable \\(.+\\)\\. Nothing was read or written; try again in a moment\\.$`));
      }
      await redis.restart();
      // Restarted empty: the session's history starts again, and the other instance sees it.
      const back = await waitFor(async () => {
        const result = await roll(servers[0]!.url, { session: first.session });
        return result.isError ? undefined : (result.structuredContent as Structured);
      }, 20_000, 200);
      assert.equal(back.session, first.session);
      assert.equal(back.history.length, 1);
      const shared = (await roll(servers[1]!.url, { session: first.session })).structuredContent as Structured;
      assert.equal(shared.history.length, 2);
      for (const server of servers) {
        assert.equal(server.output().match(/Redis at \S+ is unreachable/g)?.length, 1, `the outage is logged once:\n${server.output()}`);
        assert.match(server.output(), /Redis at \S+ is reachable again/);
      }
    });

  });
}

// Small measuring helpers shared by the bench files.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns the median in ms. */
export async function timeMedian(fn, { runs = 15, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** A copy of test/fixtures/<name> in a temporary folder, with chatgpt-app, the SDKs and zod linked from this repo. */
export function linkedFixture(root, name) {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-bench-"));
  cpSync(join(root, "test", "fixtures", name), dir, { recursive: true, filter: (s) => !s.includes("node_modules") && !s.includes("/dist") });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "chatgpt-app"));
  for (const pkg of ["@modelcontextprotocol", "zod"]) symlinkSync(join(root, "node_modules", pkg), join(dir, "node_modules", pkg));
  return dir;
}

/** Spawns a server and resolves once its output matches `pattern` (group 1: its URL). */
export function startServer(command, args, cwd, pattern, env = {}) {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill("SIGKILL") });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/** The same `tools/call` as a 2025-era client (ChatGPT's session-less POST) and as a 2026-07-28 one. */
export const TOOL_CALLS = {
  2025: { headers: {}, params: { name: "show_hello", arguments: { name: "Ada" } } },
  2026: {
    headers: { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "show_hello" },
    params: {
      name: "show_hello",
      arguments: { name: "Ada" },
      _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} },
    },
  },
};

/**
 * `calls` tools/call POSTs, `concurrency` at a time over kept-alive sockets; returns calls per second.
 * `call` replaces the era's show_hello call: `{ headers, params, expect }` (text the answer must hold);
 * its `params` may be a function of the concurrent client's index (0…concurrency-1).
 */
export async function throughput(url, { calls = 1500, concurrency = 16, era = 2025, call } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { headers, params, expect = "Hello, Ada!" } = call ?? TOOL_CALLS[era];
  const bodies = Array.from({ length: concurrency }, (_, i) =>
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: typeof params === "function" ? params(i) : params }),
  );
  const one = (worker) =>
    new Promise((resolve, reject) => {
      const body = bodies[worker];
      const req = request(`${url}/mcp`, {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "content-length": Buffer.byteLength(body), ...headers },
      }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => (res.statusCode === 200 && text.includes(expect) ? resolve() : reject(new Error(`${res.statusCode} ${text}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next++ < calls) await one(worker);
  }));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return calls / seconds;
}

/**
 * Alternating A/B rounds, judged by the median of the per-round ratios: the two servers then
 * share whatever else the machine is doing. Who goes first changes each round.
 */
export async function interleavedRatio(oursUrl, bareUrl, { rounds = 7, calls = 1000, era = 2025, call } = {}) {
  await throughput(bareUrl, { calls: 300, era, call });
  await throughput(oursUrl, { calls: 300, era, call });
  const oursRates = [], bareRates = [], ratios = [];
  for (let round = 0; round < rounds; round++) {
    let b, o;
    if (round % 2) {
      o = await throughput(oursUrl, { calls, era, call });
      b = await throughput(bareUrl, { calls, era, call });
    } else {
      b = await throughput(bareUrl, { calls, era, call });
      o = await throughput(oursUrl, { calls, era, call });
    }
    bareRates.push(b);
    oursRates.push(o);
    ratios.push(o / b);
  }
  return { ratio: median(ratios), oursRate: median(oursRates), bareRate: median(bareRates), ratios, spread: [Math.min(...ratios), Math.max(...ratios)] };
}

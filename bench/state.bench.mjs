// Issue 15's figure: `start` answering a tools/call that reads and writes state (an update, i.e.
// a read and a compare-and-set) with Redis, beside the same call on the embedded store, same run.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interleavedRatio, linkedFixture, startServer } from "./util.mjs";

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-bench-redis-"));
  const child = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.on("close", (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => (child.kill("SIGKILL"), rmSync(dir, { recursive: true, force: true })) };
}

export default async function stateBench({ root, bin }) {
  const dir = linkedFixture(root, "state-app");
  const redis = await startRedis();
  const servers = [];
  try {
    execFileSync(process.execPath, [bin, "build"], { cwd: dir, stdio: "ignore" });
    const started = /on (http:\/\/127\.0\.0\.1:\d+)/;
    const embedded = await startServer(process.execPath, [bin, "start", "--port", "0"], dir, started, { STATE_FILE: join(dir, "bench-state.json") });
    servers.push(embedded);
    const shared = await startServer(process.execPath, [bin, "start", "--port", "0"], dir, started, { REDIS_URL: redis.url });
    servers.push(shared);
    // Each concurrent client its own widget session, as in use: a read and a compare-and-set per call.
    const handle = (i) => `h_bench${String(i).padStart(2, "0")}${"x".repeat(15)}`;
    const call = { headers: {}, params: (i) => ({ name: "count", arguments: { handle: handle(i) } }), expect: '"count"' };
    const { ratio, oursRate, bareRate, ratios } = await interleavedRatio(shared.url, embedded.url, { call });
    return [
      {
        name: "start: tools/call updating state, Redis's share of the embedded store's throughput (16 concurrent clients, a key each; median of 7 alternating rounds' ratios)",
        value: ratio * 100,
        unit: "%",
        budget: "≥ 80%",
        ok: ratio >= 0.8,
        note: `Redis ${oursRate.toFixed(0)} calls/s, embedded ${bareRate.toFixed(0)} calls/s (medians); round ratios ${ratios.map((r) => r.toFixed(2)).join(" ")}`,
      },
    ];
  } finally {
    for (const server of servers) server.stop();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `start` with OAuth: tools/call throughput with a valid JWT on every request, against the same
// app and call without auth, in alternating rounds of the same run.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./util.mjs";
import { startTokenIssuer } from "./fixtures/token-issuer.mjs";

function fixtureProject(root) {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-bench-auth-"));
  cpSync(join(root, "test", "fixtures", "auth-app"), dir, { recursive: true, filter: (s) => !s.includes("node_modules") && !s.includes("/dist") });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "chatgpt-app"));
  for (const name of ["@modelcontextprotocol", "zod"]) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name));
  return dir;
}

function startServer(bin, cwd, env) {
  const child = spawn(process.execPath, [bin, "start", "--port", "0"], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill("SIGKILL") });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => reject(new Error(`start exited ${code}: ${out}`)));
  });
}

async function throughput(url, token, { calls = 1000, concurrency = 16 } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  // The mixed tool: with a token it names the user, without one it greets a guest; the work is the same.
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "greet", arguments: {} } });
  const expected = token ? "Hello, bench" : "Hello, guest";
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "content-length": Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const one = () =>
    new Promise((resolve, reject) => {
      const req = request(`${url}/mcp`, { method: "POST", agent, headers }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => (res.statusCode === 200 && text.includes(expected) ? resolve() : reject(new Error(`${res.statusCode} ${text}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < calls) await one();
  }));
  agent.destroy();
  return calls / ((performance.now() - started) / 1000);
}

export default async function ({ root, bin }) {
  const dir = fixtureProject(root);
  const issuer = await startTokenIssuer();
  try {
    execFileSync(process.execPath, [bin, "build"], { cwd: dir, stdio: "ignore" });
    const plain = await startServer(bin, dir, { AUTH_ISSUER: "" });
    const withAuth = await startServer(bin, dir, { AUTH_ISSUER: issuer.issuer });
    try {
      const token = await issuer.token(`${withAuth.url}/mcp`);
      await throughput(plain.url, undefined, { calls: 300 });
      await throughput(withAuth.url, token, { calls: 300 });
      const ratios = [], authRates = [], plainRates = [];
      for (let round = 0; round < 7; round++) {
        let a, p;
        if (round % 2) {
          a = await throughput(withAuth.url, token);
          p = await throughput(plain.url, undefined);
        } else {
          p = await throughput(plain.url, undefined);
          a = await throughput(withAuth.url, token);
        }
        authRates.push(a);
        plainRates.push(p);
        ratios.push(a / p);
      }
      const ratio = median(ratios);
      return [{
        name: "start: tools/call throughput with a valid JWT, share of the same call without auth (16 concurrent, keep-alive; median of 7 alternating rounds' ratios)",
        value: ratio * 100,
        unit: "%",
        budget: "≥ 90%",
        ok: ratio >= 0.9,
        note: `with a JWT ${median(authRates).toFixed(0)} calls/s, without auth ${median(plainRates).toFixed(0)} calls/s (medians); round ratios ${ratios.map((r) => r.toFixed(2)).join(" ")}`,
      }];
    } finally {
      plain.stop();
      withAuth.stop();
    }
  } finally {
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

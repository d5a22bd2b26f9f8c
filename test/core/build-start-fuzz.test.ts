import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import { after, before, describe, test } from "node:test";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";

const BODIES = 2000;
const SEED = 0x9e3779b9;

/** mulberry32: a small seeded generator, so a failure is replayed by the same run. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const METHODS = [
  "initialize", "tools/list", "tools/call", "resources/list", "resources/read", "resources/templates/list", "prompts/list",
  "prompts/get", "ping", "completion/complete", "logging/setLevel", "notifications/initialized", "notifications/cancelled",
  "server/discover", "subscriptions/listen", "tools/call/../x", "", "__proto__", "constructor",
] as const;
const STRINGS = ["", "add", "explode", "show_hello", "ui://widget/hello-000000000000.html", "ui://", "\u0000", "é😀", "x".repeat(5000), "__proto__"];

type Rng = ReturnType<typeof generator>;

function value(rng: Rng, depth: number): unknown {
  const kind = rng.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0: return null;
    case 1: return rng.next() < 0.5;
    case 2: return rng.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER]);
    case 3: return rng.pick(STRINGS);
    case 4: return rng.int(1000);
    case 5: return rng.pick(METHODS);
    case 6: return Array.from({ length: rng.int(4) }, () => value(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) out[rng.pick(["name", "arguments", "uri", "a", "b", "_meta", "cursor", "__proto__", "level", "protocolVersion", rng.pick(STRINGS)])] = value(rng, depth + 1);
      return out;
    }
  }
}

function message(rng: Rng): unknown {
  const m: Record<string, unknown> = { jsonrpc: rng.next() < 0.9 ? "2.0" : value(rng, 3), method: rng.next() < 0.9 ? rng.pick(METHODS) : value(rng, 3) };
  if (rng.next() < 0.8) m.id = rng.next() < 0.8 ? rng.pick([rng.int(1e6), `id-${rng.int(1e6)}`]) : rng.pick([null, 0, -5, 2 ** 60, {}, [], true]);
  if (rng.next() < 0.85) {
    m.params = rng.next() < 0.85 ? { name: rng.pick(STRINGS), arguments: value(rng, 1), uri: rng.pick(STRINGS), protocolVersion: rng.pick(["2025-06-18", "2026-07-28", "1999", ""]), capabilities: value(rng, 2) } : value(rng, 1);
  }
  return m;
}

function body(rng: Rng): string | Buffer {
  const kind = rng.int(10);
  if (kind < 5) return JSON.stringify(message(rng));
  if (kind === 5) return JSON.stringify(Array.from({ length: rng.int(6) }, () => message(rng)));
  if (kind === 6) return JSON.stringify(value(rng, 0));
  if (kind === 7) return JSON.stringify(message(rng)).slice(0, rng.int(40));
  if (kind === 8) return Buffer.from(Array.from({ length: rng.int(200) }, () => rng.int(256)));
  const depth = 1 + rng.int(3000);
  return `${"[".repeat(depth)}${"]".repeat(rng.next() < 0.5 ? depth : rng.int(depth))}`;
}

function headers(rng: Rng, payload: string | Buffer): Record<string, string | number> {
  const h: Record<string, string | number> = { "content-length": Buffer.byteLength(payload) };
  // Mostly what a client sends, so most bodies reach the SDK; sometimes not.
  const odd = () => rng.next() < 0.15;
  h["content-type"] = odd() ? rng.pick(["application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", ""]) : "application/json";
  h.accept = odd() ? rng.pick(["application/json", "text/event-stream", "*/*", ""]) : "application/json, text/event-stream";
  if (rng.next() < 0.3) h["mcp-protocol-version"] = rng.pick(["2025-06-18", "2026-07-28", "2024-11-05", "garbage"]);
  if (rng.next() < 0.05) h["mcp-session-id"] = rng.pick(["", "nope", "0".repeat(36)]);
  return h;
}

describe("fuzzed bodies against start", () => {
  let project: TempProject;
  let server: Spawned;
  let origin: string;
  before(async () => {
    project = tempProject("basic");
    assert.equal((await runCli(["build"], { cwd: project.dir })).code, 0);
    server = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0" } });
    [, origin] = (await server.waitForStdout(/(http:\/\/127\.0\.0\.1:\d+)\/mcp\n/)) as [string, string];
  });
  after(() => {
    server?.kill("SIGKILL");
    project?.remove();
  });

  test(`${BODIES} seeded bodies: no 5xx, no crash, still healthy`, async () => {
    const rng = generator(SEED);
    const cases = Array.from({ length: BODIES }, () => {
      const payload = body(rng);
      return { payload, headers: headers(rng, payload), path: rng.next() < 0.9 ? "/mcp" : rng.pick(["/mcp/messages?sessionId=x", "/messages", "/sse", "/mcp?x=1"]) };
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const serverErrors: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index]!;
        const status = await new Promise<number | string>((resolve) => {
          const req = request(`${origin}${c.path}`, { method: "POST", agent, headers: c.headers }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
          req.end(c.payload);
        });
        if (typeof status === "string" || status >= 500) serverErrors.push(`#${index} ${status}: ${String(c.payload).slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    agent.destroy();
    assert.deepEqual(serverErrors, []);
    assert.equal(server.child.exitCode, null, "start is still running");
    const health = await fetch(`${origin}/healthz`);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
    assert.doesNotMatch(server.stderr(), /Request failed|this is a bug/);
  });
});

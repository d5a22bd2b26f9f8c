import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { killTree } from "../helpers/cli.js";
import { startHostileServer, type HostileMode, type HostileServer } from "../helpers/hostile-mcp.js";
import { BIN, tempProject, type TempProject } from "../helpers/project.js";

const TIMEOUT_MS = 5000;
/** Generous for slow shared machines: the whole run, Node's start-up included. */
const BOUND_MS = 3 * TIMEOUT_MS;
const MAX_RSS_MB = 500;

interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The kernel's peak resident set size of the lint process (VmHWM), in MB. */
  peakRssMb: number;
  /** Why the test had to stop it, if it did. */
  killed?: string;
}

function vmHwmMb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined; // exited between two reads
  }
}

/**
 * Runs the built CLI, reading its peak RSS from /proc while it runs. It is killed (and the
 * test fails) when it outlives the bound or grows past the memory limit, so neither a hang
 * nor a runaway allocation can stall the suite or the machine.
 */
function runMeasured(args: string[], cwd: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", CI: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    let killed: string | undefined;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-50_000)));
    const stop = (why: string) => {
      killed ??= why;
      killTree(child);
    };
    const poll = setInterval(() => {
      peak = Math.max(peak, vmHwmMb(child.pid!) ?? 0);
      if (peak > MAX_RSS_MB) stop(`its RSS passed ${MAX_RSS_MB} MB`);
    }, 25);
    const timer = setTimeout(() => stop(`it did not end within ${BOUND_MS} ms`), BOUND_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, peakRssMb: Math.round(peak), killed });
    });
  });
}

/** The checks every hostile mode shares: lint ended by itself, in bounded memory, and said why. */
function assertEnded(result: Measured): void {
  const output = `stdout:\n${result.stdout.slice(0, 2000)}\nstderr:\n${result.stderr.slice(0, 4000)}`;
  assert.equal(result.killed, undefined, `lint was stopped: ${result.killed}\n${output}`);
  assert.ok(result.peakRssMb > 0, "the peak RSS was read");
  assert.ok(result.peakRssMb < MAX_RSS_MB, `peak RSS ${result.peakRssMb} MB\n${output}`);
  assert.doesNotMatch(result.stderr, /MaxListenersExceededWarning|Internal error|this is a bug/, output);
}

interface Case {
  mode: HostileMode;
  /** Serve the answers over the legacy HTTP+SSE transport (lint falls back to it). */
  legacySse?: boolean;
  args?: string[];
  check: (r: Measured) => void;
}

const CASES: Case[] = [
  {
    mode: "hold-get",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Timed out after 5000 ms linting \S+: waiting for the legacy SSE stream \(GET\) to send its endpoint event/);
      assert.match(r.stderr, /POST answered HTTP 405, so lint tried the legacy transport/, "names what Streamable HTTP saw");
    },
  },
  {
    mode: "endless-cursor",
    check: (r) => {
      assert.match(r.stderr, /tools\/list listing cut after 10 pages \(10,000 tools\)/);
      assert.match(r.stdout, /10,?000 tools/);
    },
  },
  {
    mode: "endless-cursor",
    args: ["--limit", "pages=3"],
    check: (r) => assert.match(r.stderr, /tools\/list listing cut after 3 pages \(3,000 tools\)/),
  },
  {
    mode: "huge-page",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /The answer to tools\/list from \S+ is larger than 16 MB;/);
      assert.match(r.stderr, /--limit response-size=/);
    },
  },
  {
    mode: "gzip-bomb",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /The answer to tools\/list from \S+ is larger than 16 MB once decompressed \(gzip\)/);
    },
  },
  {
    mode: "html",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /answered server\/discover with an HTML page \(HTTP 200, text\/html/);
      assert.doesNotMatch(r.stderr, /SSE error/);
    },
  },
  {
    mode: "not-found",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /POST .*\/mcp answered HTTP 404 \(an HTML page\)/);
      assert.ok(r.stderr.indexOf("404") < r.stderr.indexOf("legacy SSE"), "the primary cause comes first");
    },
  },
  {
    mode: "reset",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /closed the connection in the middle of its answer to tools\/list/);
      assert.doesNotMatch(r.stderr, /SSE error/);
    },
  },
  {
    mode: "slow-drip",
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Timed out after 5000 ms linting \S+: waiting for the answer to tools\/list \(\d+ bytes of it had arrived\)/);
    },
  },
  {
    mode: "twenty-pages",
    check: (r) => {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /100 tools/);
    },
  },
  {
    mode: "endless-cursor",
    legacySse: true,
    check: (r) => {
      assert.match(r.stderr, /tools\/list listing cut after 10 pages \(10,000 tools\)/);
      assert.match(r.stdout, /10,?000 tools and 0 resources of url \S+ \(sse\)/);
    },
  },
  {
    mode: "huge-page",
    legacySse: true,
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /An event on the SSE stream of \S+ is larger than 16 MB;/);
    },
  },
  {
    mode: "reset",
    legacySse: true,
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /closed the connection in the middle of its event stream/);
    },
  },
  {
    mode: "slow-drip",
    legacySse: true,
    check: (r) => {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Timed out after 5000 ms linting \S+: waiting for the answer to tools\/list\./);
    },
  },
  {
    mode: "twenty-pages",
    legacySse: true,
    check: (r) => {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /100 tools and 0 resources of url \S+ \(sse\)/);
    },
  },
];

describe("lint --url against hostile servers: it ends, in bounded memory, naming the cause", () => {
  let project: TempProject;
  before(() => {
    project = tempProject("lint/clean");
  });
  after(() => project?.remove());

  for (const { mode, legacySse = false, args = [], check } of CASES) {
    test(`${mode}${legacySse ? " over legacy SSE" : ""}${args.length ? ` (${args.join(" ")})` : ""}`, async () => {
      let server: HostileServer | undefined;
      try {
        server = await startHostileServer(mode, { legacySse });
        const result = await runMeasured(["lint", "--url", server.url, "--timeout", String(TIMEOUT_MS), ...args], project.dir);
        assertEnded(result);
        check(result);
      } finally {
        await server?.close();
      }
    });
  }
});

describe("lint --command over stdio against a hostile server", () => {
  let project: TempProject;
  before(() => {
    // Answers initialize (a 2025-era server: server/discover is an unknown method), then writes one endless line for tools/list (bounded: 200 MB, or until lint goes away).
    project = tempProject("lint/clean", {
      "huge-line.mjs": `
import { createInterface } from "node:readline";
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
createInterface({ input: process.stdin }).on("line", async (line) => {
  const m = JSON.parse(line);
  if (m.method === "initialize") send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "huge", version: "1" } } });
  if (m.method === "server/discover") send({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "Method not found" } });
  if (m.method !== "tools/list") return;
  process.stdout.write('{"jsonrpc":"2.0","id":' + m.id + ',"result":{"tools":[');
  const chunk = " ".repeat(1 << 20);
  for (let i = 0; i < 200; i++) if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once("drain", r));
});
process.stdout.on("error", () => process.exit(0));
`,
    });
  });
  after(() => project?.remove());

  test("a message larger than the limit ends the run and says so", async () => {
    // Lint starts this server twice before the big answer (the era probe runs on a short-lived copy): room for that on a busy machine.
    const result = await runMeasured(["lint", "--command", `"${process.execPath}" huge-line.mjs`, "--timeout", String(2 * TIMEOUT_MS)], project.dir);
    assertEnded(result);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /wrote a message larger than 16 MB on stdout; lint stopped reading it/);
    assert.match(result.stderr, /--limit response-size=/);
  });

  test("an unknown --limit is a usage error that lists the limits", async () => {
    const result = await runMeasured(["lint", "--limit", "tools=5"], project.dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--limit "tools=5": unknown limit "tools"/);
    assert.match(result.stderr, /pages, items, response-size, total-size/);
  });
});

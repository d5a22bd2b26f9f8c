import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { probePort } from "../../src/process/ports.js";
import { spawnCli, type Spawned } from "../helpers/cli.js";

/** One NDJSON event of `chatgpt-app dev --json`. */
export type DevEventLine = Record<string, unknown> & { type: string };

export interface DevProcess extends Spawned {
  events(): DevEventLine[];
  /** Resolves with the first event (counting from `after`) that matches. */
  waitForEvent(match: (event: DevEventLine) => boolean, timeoutMs?: number, after?: number): Promise<DevEventLine>;
  ready: Promise<DevEventLine & { mcpUrl: string; port: number; url: string }>;
  /** SIGINT, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `chatgpt-app dev --json <args>` in `cwd`, with the process group killed by `kill()`. */
export function startDev(cwd: string, args: string[] = [], env: Record<string, string> = {}): DevProcess {
  // No token reaches dev unless a test gives one, and no real tunnel is ever started.
  const spawned = spawnCli(["dev", "--json", ...args], { cwd, env: { NGROK_AUTHTOKEN: "", PORT: "", ...env } });
  const events = () =>
    spawned
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as DevEventLine);
  const waitForEvent = (match: (event: DevEventLine) => boolean, timeoutMs = 30_000, after = 0) =>
    new Promise<DevEventLine>((resolve, reject) => {
      const check = () => {
        const found = events().slice(after).find(match);
        if (found) {
          done();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out waiting for a dev event\nstdout: ${spawned.stdout()}\nstderr: ${spawned.stderr()}`));
      }, timeoutMs);
      const onExit = () => {
        done();
        reject(new Error(`dev exited while waiting for an event\nstdout: ${spawned.stdout()}\nstderr: ${spawned.stderr()}`));
      };
      const done = () => {
        clearTimeout(timer);
        spawned.child.stdout!.off("data", check);
        spawned.child.off("close", onExit);
      };
      spawned.child.stdout!.on("data", check);
      spawned.child.on("close", onExit);
      check();
    });
  const ready = waitForEvent((e) => e.type === "ready") as DevProcess["ready"];
  ready.catch(() => undefined);
  return {
    ...spawned,
    events,
    waitForEvent,
    ready,
    async stop() {
      spawned.child.kill("SIGINT");
      return spawned.exited;
    },
  };
}

/** An SDK client over Streamable HTTP that keeps its session (and so its event stream). */
export async function connectClient(mcpUrl: string): Promise<Client> {
  const client = new Client({ name: "dev-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  return client;
}

/** The HTML a client gets for the widget that `tool` renders: tools/list for the URI, then resources/read. */
export async function widgetHtmlOf(client: Client, tool: string): Promise<{ uri: string; html: string }> {
  const { tools } = await client.listTools();
  const uri = (tools.find((t) => t.name === tool)?._meta?.ui as { resourceUri?: string } | undefined)?.resourceUri;
  if (!uri) throw new Error(`tool ${tool} has no widget URI`);
  const { contents } = await client.readResource({ uri });
  return { uri, html: String((contents[0] as { text?: string }).text) };
}

/** Calls `fn` until `ok` holds for its result (or throws after the timeout with the last result). */
export async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)?.slice(0, 500)}; last error: ${String(lastError)}`);
}

/**
 * True while a process with this id runs. A zombie (ended, waiting to be reaped by
 * whoever adopted it; in a container that may never happen) holds nothing and counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z" && state !== "X";
  } catch {
    try {
      process.kill(pid, 0);
      return !existsSync("/proc");
    } catch {
      return false;
    }
  }
}

/** Process ids whose parent is `pid` (Linux /proc through ps). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

/** `pid` and every process below it (children, grandchildren, …). */
export function processTree(pid: number): number[] {
  return [pid, ...childPids(pid).flatMap(processTree)];
}

/** Waits (bounded) until none of `pids` runs; returns those still running at the deadline. */
export async function survivorsOf(pids: number[], timeoutMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Waits (bounded) until `port` can be bound on 127.0.0.1 again. */
export async function portFreed(port: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await probePort(port, "127.0.0.1").catch(() => undefined)) === port) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Stops a dev process as Ctrl-C does, and forcefully after 5 s (a test's teardown). */
export async function stopDev(dev: DevProcess | undefined): Promise<void> {
  if (!dev) return;
  dev.kill("SIGINT");
  await Promise.race([dev.exited, new Promise((r) => setTimeout(r, 5000))]);
  dev.kill("SIGKILL");
}

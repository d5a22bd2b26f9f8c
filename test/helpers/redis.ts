/**
 * A real redis-server (Debian's package) on a free loopback port, without persistence, in a
 * temporary folder; stopped (and removable) by the test that started it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../doctor/nginx.js";

export const REDIS_SERVER = "/usr/bin/redis-server";

export interface RunningRedis {
  port: number;
  url: string;
  /** Stops it (SIGKILL: as a crash looks to its clients). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  remove(): Promise<void>;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once("connect", () => {
      socket.write("PING\r\n");
      socket.once("data", (d) => (socket.destroy(), resolve(String(d).includes("PONG"))));
    });
    socket.once("error", () => resolve(false));
  });
}

// Whatever ends the test process, no redis-server it started outlives it.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** `extra`: more redis-server arguments (TLS, say). `ready` checks it answers (default: a plain PING on the port). */
export async function startRedis(options: { extra?: (port: number) => string[]; ready?: (port: number) => Promise<boolean> } = {}): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = "";
  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...(options.extra?.(port) ?? [])];
    const spawned = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = spawned;
    running.add(spawned);
    spawned.once("exit", () => running.delete(spawned));
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const ready = options.ready ?? answers;
    const deadline = Date.now() + 10_000;
    while (!(await ready(port))) {
      if (spawned.exitCode !== null || Date.now() > deadline) {
        spawned.kill("SIGKILL");
        throw new Error(`redis-server did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: launch,
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { createConnection, createServer } from "node:net";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CliError } from "../../errors.js";
import { noteUiGating } from "../ui-gating.js";
import { collectOverTransport, deadlineOf, listToolsWithoutUi, timeoutError } from "./client.js";
import type { CollectedTarget, TargetOptions } from "./target.js";
import { collectUrl, parseUrl } from "./url.js";

export interface CommandTargetOptions extends TargetOptions {
  command: string;
  cwd: string;
  /** Where the started server answers MCP over HTTP (`{port}` is filled in); without it, the command speaks stdio. */
  url?: string;
  headers?: Record<string, string>;
}

/** The last lines a server printed, to explain why it did not answer. */
function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Stops the whole process group the command started, politely first. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      child.kill(s);
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

function commandFailed(command: string, detail: string, output: string): CliError {
  return new CliError("lint_command_failed", `The server command \`${command}\` ${detail}.${output ? `\nIts last output:\n${tail(output)}` : ""}`, {
    hint: "Run the command yourself to see why, or check server.command and server.url in chatgpt-app.config.",
  });
}

async function collectHttpCommand(options: CommandTargetOptions & { url: string }): Promise<CollectedTarget> {
  const started = Date.now();
  const port = await freePort();
  const fill = (text: string) => text.replaceAll("{port}", String(port));
  const command = fill(options.command);
  const url = parseUrl(fill(options.url));
  let output = "";
  const child = spawn("/bin/sh", ["-c", `exec ${command}`], {
    cwd: options.cwd,
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  try {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const remaining = () => options.timeoutMs - (Date.now() - started);
    for (;;) {
      if (child.exitCode !== null) throw commandFailed(command, `exited with code ${child.exitCode} before answering on ${url.href}`, output);
      if (await portOpen(host, Number(url.port || (url.protocol === "https:" ? 443 : 80)))) break;
      if (remaining() <= 0) throw timeoutError(options.timeoutMs, `waiting for \`${command}\` to listen on ${url.href}`);
      await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
    }
    const collected = await collectUrl({ url: url.href, headers: options.headers, timeoutMs: Math.max(1, remaining()) });
    collected.snapshot.target = `command ${options.command} (${collected.snapshot.target.replace(/^url /, "")})`;
    return collected;
  } finally {
    await stop(child);
  }
}

async function collectStdioCommand(options: CommandTargetOptions): Promise<CollectedTarget> {
  let output = "";
  const start = () => {
    const transport = new StdioClientTransport({
      command: "/bin/sh",
      args: ["-c", `exec ${options.command}`],
      cwd: options.cwd,
      env: process.env as Record<string, string>,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
    return transport;
  };
  const deadline = deadlineOf(options.timeoutMs);
  const transport = start();
  try {
    const snapshot = await collectOverTransport(transport, { target: `command ${options.command} (stdio)`, deadline, timeoutMs: options.timeoutMs });
    // A second, short-lived server for the same question the other targets ask: which tools
    // does a client without the MCP Apps extension see?
    const plain = start();
    try {
      noteUiGating(snapshot, await listToolsWithoutUi(plain, { deadline, timeoutMs: options.timeoutMs }));
    } finally {
      await plain.close().catch(() => undefined);
    }
    return { snapshot };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw commandFailed(options.command, `did not answer MCP over stdio (${(error as Error).message})`, output);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

/**
 * Starts a server, lints it and stops it: over stdio, or over HTTP when a URL says where
 * it listens (`{port}` in the command and URL becomes a free port, also given as PORT).
 */
export function collectCommand(options: CommandTargetOptions): Promise<CollectedTarget> {
  return options.url ? collectHttpCommand({ ...options, url: options.url }) : collectStdioCommand(options);
}

import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { spawnChildServer } from "../../process/child-server.js";
import { probePort } from "../../process/ports.js";
import { CliError } from "../../errors.js";
import { noteUiGating } from "../ui-gating.js";
import { formatBytes, limitFlag } from "../limits.js";
import { collectOverTransport, listToolsWithoutUi } from "./client.js";
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

function commandFailed(command: string, detail: string, output: string): CliError {
  return new CliError("lint_command_failed", `The server command \`${command}\` ${detail}.${output ? `\nIts last output:\n${tail(output)}` : ""}`, {
    hint: "Run the command yourself to see why, or check server.command and server.url in chatgpt-app.config.",
  });
}

/** A server started by `startHttpCommand`: where it answers, and how to stop it. */
export interface StartedCommand {
  url: URL;
  /** The command with `{port}` filled in. */
  command: string;
  close(): Promise<void>;
}

/**
 * The same child-server handling as `dev`: its own process group, ready once it answers
 * MCP at `url` (`{port}` filled in with a free port, also given as PORT), the whole group
 * stopped by `close()`. Used by lint and doctor.
 */
export async function startHttpCommand(options: CommandTargetOptions & { url: string }): Promise<StartedCommand> {
  const { run } = options;
  const port = await probePort(0, "127.0.0.1");
  const fill = (text: string) => text.replaceAll("{port}", String(port));
  const command = fill(options.command);
  const url = parseUrl(fill(options.url));
  let output = "";
  run.waitingFor = `waiting for \`${command}\` to answer on ${url.href}`;
  const child = spawnChildServer({
    command,
    cwd: options.cwd,
    env: { ...process.env, PORT: String(port) },
    mcpUrl: url.href,
    onOutput: (line) => (output = `${output}${line}\n`.slice(-20_000)),
    readyTimeoutMs: run.remainingMs(),
  });
  try {
    await run.race(child.ready).catch((error: unknown) => {
      if (error instanceof CliError && error.code === "server_command_timeout") run.fail(run.timeoutError());
      run.check();
      throw commandFailed(command, `did not start answering on ${url.href} (${(error as Error).message})`, output);
    });
  } catch (error) {
    await child.close();
    throw error;
  }
  return { url, command, close: () => child.close() };
}

async function collectHttpCommand(options: CommandTargetOptions & { url: string }): Promise<CollectedTarget> {
  const started = await startHttpCommand(options);
  try {
    const collected = await collectUrl({ url: started.url.href, headers: options.headers, run: options.run });
    collected.snapshot.target = `command ${options.command} (${collected.snapshot.target.replace(/^url /, "")})`;
    return collected;
  } finally {
    await started.close();
  }
}

async function collectStdioCommand(options: CommandTargetOptions): Promise<CollectedTarget> {
  const { run } = options;
  run.subject = `linting \`${options.command}\` (stdio)`;
  let output = "";
  const start = () => {
    const transport = new StdioClientTransport({
      command: "/bin/sh",
      args: ["-c", `exec ${options.command}`],
      cwd: options.cwd,
      env: process.env as Record<string, string>,
      stderr: "pipe",
      maxBufferSize: run.limits.responseBytes,
    });
    transport.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
    // The SDK drops an over-long line and closes; say why instead of "Connection closed".
    transport.onerror = (error) => {
      if (!/ReadBuffer exceeded/.test(error.message)) return;
      run.fail(
        new CliError("lint_response_too_large", `\`${options.command}\` wrote a message larger than ${formatBytes(run.limits.responseBytes)} on stdout; lint stopped reading it.`, {
          hint: `An answer that large is unusual: check the server. If it is right, raise the limit with ${limitFlag("responseBytes")}<size> (e.g. 64mb).`,
        }),
      );
    };
    return transport;
  };
  const transport = start();
  const starting = `starting \`${options.command}\``;
  try {
    const { snapshot, era } = await collectOverTransport(transport, { target: `command ${options.command} (stdio)`, run, starting });
    // A second, short-lived server for the same question the other targets ask: which tools
    // does a client without the MCP Apps extension see?
    const plain = start();
    try {
      noteUiGating(snapshot, await listToolsWithoutUi(plain, { run, starting, era }));
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

/**
 * The watchdog between chatgpt-app and a `server.command` (started by spawnChildServer as
 * its own process, in its own session). It runs the command in a process group of its own
 * and ends that whole group — the server, its workers, a shell's children — once its stdin
 * closes. chatgpt-app holds the other end of that pipe and never writes after the first
 * line: the pipe closes when chatgpt-app closes it (a restart, a shutdown) and also when
 * chatgpt-app dies in any way, SIGKILL included, since the kernel closes a dead process's
 * files. The same works on Linux and macOS, for any command.
 *
 * stdin: one JSON line `{ command, cwd, env, graceMs }`, then the lifeline.
 * fd 3: JSON lines back, `{ "pid": n }` once the command runs, `{ "exit": { code, signal, error? } }` when it ends.
 * The command's output goes straight to this process's stdout and stderr (pipes of chatgpt-app).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeSync } from "node:fs";
import { endGroup } from "./reap.js";

interface WatchdogSpec {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  graceMs: number;
}

function report(message: object): void {
  try {
    writeSync(3, `${JSON.stringify(message)}\n`);
  } catch {
    // chatgpt-app is gone; the lifeline closing says the rest.
  }
}

let spec: WatchdogSpec | undefined;
let child: ChildProcess | undefined;
let stopping = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (child?.pid !== undefined) await endGroup(child.pid, spec?.graceMs ?? 5000);
  process.exit(0);
}

function start(line: string): void {
  spec = JSON.parse(line) as WatchdogSpec;
  child = spawn(spec.command, { cwd: spec.cwd, env: spec.env, shell: true, detached: true, stdio: ["ignore", "inherit", "inherit"] });
  child.on("error", (error) => report({ exit: { code: null, signal: null, error: error.message } }));
  child.on("exit", (code, signal) => report({ exit: { code, signal } }));
  if (child.pid !== undefined) report({ pid: child.pid });
}

let received = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  if (spec) return;
  received += chunk;
  const end = received.indexOf("\n");
  if (end >= 0) start(received.slice(0, end));
});
process.stdin.on("end", () => void stop());
process.stdin.on("error", () => void stop());
// Signals aimed at this process alone (not its group) end the server as well.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void stop());

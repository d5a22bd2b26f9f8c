import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname } from "node:path";

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { ok: boolean; output: string } {
  const result = spawnSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

export function gitAvailable(): boolean {
  return spawnSync("git", ["--version"], { stdio: "ignore" }).status === 0;
}

/** True when `dir`, or its closest existing parent, is inside a git work tree. */
export function insideGitRepo(dir: string): boolean {
  let probe = dir;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  return git(["rev-parse", "--is-inside-work-tree"], probe).ok;
}

export type GitResult = { status: "committed" } | { status: "initialised"; reason: string } | { status: "failed"; reason: string };

/** `git init`, then a first commit; a missing user.name/email leaves the files staged instead. */
export function initGit(dir: string, env: NodeJS.ProcessEnv = process.env): GitResult {
  const init = git(["init", "-q"], dir, env);
  if (!init.ok) return { status: "failed", reason: init.output };
  const add = git(["add", "-A"], dir, env);
  if (!add.ok) return { status: "initialised", reason: add.output };
  const commit = git(["commit", "-q", "--no-verify", "-m", "Initial commit from chatgpt-app init"], dir, env);
  return commit.ok ? { status: "committed" } : { status: "initialised", reason: commit.output.split("\n").pop() ?? "" };
}

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";

/**
 * A virtual environment with the python template's requirements installed from PyPI,
 * made once per requirements file and kept in the temp folder for later runs (an install
 * takes tens of seconds). Built beside its final place and renamed, so a run that dies
 * half-way leaves nothing that looks ready.
 */
export function templateVenv(requirementsFile: string): string {
  const requirements = readFileSync(requirementsFile, "utf8");
  const hash = createHash("sha256").update(requirements).digest("hex").slice(0, 12);
  const venv = join(tmpdir(), `chatgpt-app-test-venv-${hash}`);
  const python = join(venv, "bin", "python");
  if (existsSync(python)) return venv;
  const staging = `${venv}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  execFileSync("python3", ["-m", "venv", staging], { stdio: "pipe" });
  execFileSync(join(staging, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirementsFile], {
    stdio: "pipe",
    timeout: 600_000,
  });
  try {
    renameSync(staging, venv);
  } catch {
    // Another run made it first.
    rmSync(staging, { recursive: true, force: true });
  }
  return venv;
}

/**
 * `init --template python --sdk <sdk>` into `parent`/`name`, with chatgpt-app and the SDKs
 * linked from this repo and the venv of that line's requirements linked in. Resolves with the
 * project's folder.
 */
export async function scaffoldPythonProject(parent: string, name: string, sdk: 1 | 2 = 2, extraArgs: string[] = []): Promise<string> {
  const init = await runCli(["init", name, "--yes", "--template", "python", "--sdk", String(sdk), "--no-install", "--no-git", ...extraArgs], { cwd: parent });
  assert.equal(init.code, 0, init.stderr);
  const dir = join(parent, name);
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@modelcontextprotocol"), { recursive: true });
  symlinkSync(REPO_ROOT, join(modules, "chatgpt-app"), "dir");
  for (const sdk of ["sdk", "ext-apps"]) symlinkSync(join(REPO_ROOT, "node_modules", "@modelcontextprotocol", sdk), join(modules, "@modelcontextprotocol", sdk), "dir");
  symlinkSync(templateVenv(join(dir, "requirements.txt")), join(dir, ".venv"), "dir");
  return dir;
}

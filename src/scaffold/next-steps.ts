import { relative } from "node:path";
import { installCommand, runScriptCommand, type PackageManager } from "./package-manager.js";

export interface NextStepsInput {
  cwd: string;
  targetDir: string;
  pm: PackageManager;
  language: "typescript" | "python";
  /** What still needs installing. */
  needsInstall: boolean;
  needsPythonInstall: boolean;
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/** The exact commands to run next, in order. */
export function nextSteps(input: NextStepsInput): string[] {
  const steps: string[] = [];
  const rel = relative(input.cwd, input.targetDir);
  if (rel !== "") steps.push(`cd ${shellQuote(rel.startsWith("..") ? input.targetDir : rel)}`);
  if (input.needsInstall) steps.push(installCommand(input.pm).join(" "));
  if (input.needsPythonInstall) {
    steps.push(
      process.platform === "win32"
        ? "python -m venv .venv && .venv\\Scripts\\python -m pip install -r requirements.txt"
        : "python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt",
    );
  }
  steps.push(runScriptCommand(input.pm, "dev"));
  return steps;
}

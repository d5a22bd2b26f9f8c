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

/** What creates `.venv` and installs requirements.txt into it, as a user types it on this platform. */
export function pythonInstallCommand(platform = process.platform): string {
  return platform === "win32"
    ? "python -m venv .venv && .venv\\Scripts\\python -m pip install -r requirements.txt"
    : "python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt";
}

/** `cd` into the project, when it is not the current folder. */
export function cdStep(cwd: string, targetDir: string): string | undefined {
  const rel = relative(cwd, targetDir);
  return rel === "" ? undefined : `cd ${shellQuote(rel.startsWith("..") ? targetDir : rel)}`;
}

/** The exact commands to run next, in order. */
export function nextSteps(input: NextStepsInput): string[] {
  const steps: string[] = [];
  const cd = cdStep(input.cwd, input.targetDir);
  if (cd) steps.push(cd);
  if (input.needsInstall) steps.push(installCommand(input.pm).join(" "));
  if (input.needsPythonInstall) steps.push(pythonInstallCommand());
  steps.push(runScriptCommand(input.pm, "dev"));
  return steps;
}

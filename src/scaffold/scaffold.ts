import { isAbsolute, relative } from "node:path";
import type { Writable } from "node:stream";
import kleur from "kleur";
import { CancelledError, CliError, ExitCode } from "../errors.js";
import { packageVersion } from "../version.js";
import type { InitAnswers } from "./answers.js";
import { writeProject, planCopy, type WriteHooks } from "./copy.js";
import { gitAvailable, initGit } from "./git.js";
import { installPython, runCommand, type CommandResult } from "./install.js";
import { cdStep, nextSteps, pythonInstallCommand } from "./next-steps.js";
import { installCommand } from "./package-manager.js";
import { personalize } from "./personalize.js";
import { startProgress } from "./progress.js";
import { findTemplate, projectFiles } from "./templates.js";

export interface ScaffoldResult {
  dir: string;
  name: string;
  template: string;
  /** The MCP SDK line the project is on. */
  sdk: 1 | 2;
  packageManager: string;
  files: string[];
  overwritten: string[];
  installed: boolean;
  git: "committed" | "initialised" | "skipped" | "failed";
  nextSteps: string[];
}

export interface ScaffoldContext {
  cwd: string;
  /** Logs and spinners. */
  stderr: Writable;
  /** Animate spinners (a terminal). */
  animate: boolean;
  hooks?: WriteHooks;
  env?: NodeJS.ProcessEnv;
  /** Aborted by Ctrl-C: the copy is undone, an installer is stopped. */
  signal?: AbortSignal;
}

/** Where the project is, as a user would write it: `./my-app`, an absolute path, or the current folder. */
function describeWhere(cwd: string, targetDir: string): string {
  const rel = relative(cwd, targetDir);
  if (rel === "") return "the current folder";
  return rel.startsWith("..") || isAbsolute(rel) ? targetDir : `./${rel}`;
}

/** Every install step still to run, from the top, joined as one line to paste. */
function retryCommand(answers: InitAnswers, cwd: string, language: string, from: "js" | "python"): string {
  const steps = [cdStep(cwd, answers.targetDir), from === "js" ? installCommand(answers.pm).join(" ") : undefined, language === "python" ? pythonInstallCommand() : undefined];
  return steps.filter(Boolean).join(" && ");
}

function installFailure(step: string, result: CommandResult, retry: string, where: string): CliError {
  if (result.cancelled) return new CancelledError(`Cancelled while installing; the project is in place at ${where}.\nTo install later, run: ${retry}`);
  return new CliError("install_failed", `${step} failed; the project is in place at ${where}.\n${kleur.dim(result.tail || "(no output)")}`, {
    hint: `Fix the problem above, then retry with: ${retry}`,
    exitCode: ExitCode.error,
  });
}

/** Writes the project, then installs and initialises git as asked. Throws after writing only for a failed install. */
export async function scaffoldProject(answers: InitAnswers, context: ScaffoldContext): Promise<ScaffoldResult> {
  const { stderr, cwd, signal } = context;
  const template = findTemplate(answers.template)!;
  const plan = planCopy(projectFiles(template, answers.auth, answers.sdk), answers.targetDir);
  if (plan.overwrites.length) {
    stderr.write(`${kleur.yellow("▲")} --force: overwriting ${plan.overwrites.length} existing file(s), deleting none:\n`);
    for (const path of plan.overwrites) stderr.write(`    ${path}\n`);
  }
  const project = { name: answers.name, pm: answers.pm, chatgptApp: `^${packageVersion()}` };
  const files = await writeProject(plan, (path, text) => personalize(path, text, project), context.hooks, signal);
  const where = describeWhere(cwd, answers.targetDir);
  stderr.write(`${kleur.green("✔")} Created ${answers.name} in ${where} (template: ${template.name}${answers.auth === "oauth" ? ", with OAuth sign-in" : ""}, ${files.length} files)\n`);

  let failure: CliError | undefined;
  let installed = false;
  if (answers.install) {
    const progress = startProgress(`Installing dependencies with ${answers.pm}`, { animate: context.animate, output: stderr });
    const js = await runCommand(installCommand(answers.pm), answers.targetDir, context.env, signal);
    if (!js.ok) {
      progress.fail(js.cancelled ? `${js.command} stopped` : `${js.command} failed`);
      failure = installFailure(js.command, js, retryCommand(answers, cwd, template.language, "js"), where);
    } else if (template.language === "python") {
      progress.done("Installed the widget toolchain");
      const py = startProgress("Creating .venv and installing requirements.txt", { animate: context.animate, output: stderr });
      const result = await installPython(answers.targetDir, context.env, signal);
      if (result.ok) py.done("Installed the Python requirements into .venv");
      else {
        py.fail(result.cancelled ? "Installing the Python requirements stopped" : "Installing the Python requirements failed");
        failure = installFailure("Installing the Python requirements", result, retryCommand(answers, cwd, template.language, "python"), where);
      }
    } else progress.done("Installed dependencies");
    installed = failure === undefined;
  }

  let git: ScaffoldResult["git"] = "skipped";
  if (answers.git && !signal?.aborted) {
    if (!gitAvailable()) stderr.write(`${kleur.yellow("▲")} git is not installed; skipped git init.\n`);
    else {
      const result = initGit(answers.targetDir, context.env);
      git = result.status;
      if (result.status === "committed") stderr.write(`${kleur.green("✔")} Initialised a git repository with a first commit\n`);
      else stderr.write(`${kleur.yellow("▲")} git: ${result.status === "failed" ? "init failed" : "initialised, files staged but not committed"}: ${result.reason}\n`);
    }
  }
  if (failure) throw failure;
  if (signal?.aborted) throw new CancelledError(`Cancelled; the project is in place at ${where}.`);
  return {
    dir: answers.targetDir,
    name: answers.name,
    template: template.name,
    sdk: answers.sdk,
    packageManager: answers.pm,
    files,
    overwritten: plan.overwrites,
    installed,
    git,
    nextSteps: nextSteps({
      cwd,
      targetDir: answers.targetDir,
      pm: answers.pm,
      language: template.language,
      needsInstall: !installed,
      needsPythonInstall: template.language === "python" && !installed,
    }),
  };
}

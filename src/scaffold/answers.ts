import { basename } from "node:path";
import { CancelledError, CliError, ExitCode } from "../errors.js";
import { gitAvailable, insideGitRepo } from "./git.js";
import { DEFAULT_DIR, defaultNameFor, existingEntries, invalidNameError, packageNameProblems, resolveTargetDir } from "./names.js";
import { detectPackageManager, isPackageManager, packageManagerInstalled, PACKAGE_MANAGERS, type PackageManager } from "./package-manager.js";
import { AUTH_MODES, DEFAULT_SDK, DEFAULT_TEMPLATE, findTemplate, hasSdkLines, sdkChoices, TEMPLATES, type AuthMode, type TemplateSdk } from "./templates.js";

/** The flags of `init`, each of which stands in for one prompt. */
export interface InitFlags {
  name?: string;
  template?: string;
  /** The MCP SDK line, "1" or "2". */
  sdk?: string;
  /** `none` (the default) or `oauth`: account tools, token checks and a sign-in guide. */
  auth?: string;
  pm?: string;
  install?: boolean;
  git?: boolean;
  yes?: boolean;
  force?: boolean;
}

/** Everything init needs to know before it writes anything. */
export interface InitAnswers {
  targetDir: string;
  name: string;
  template: string;
  sdk: TemplateSdk;
  auth: AuthMode;
  pm: PackageManager;
  install: boolean;
  git: boolean;
}

/** Asks one question; answers undefined when the user cancels (Ctrl-C). */
export interface Prompter {
  text(opts: { message: string; initial: string; validate: (value: string) => string | undefined }): Promise<string | undefined>;
  select<T extends string>(opts: { message: string; initial: T; options: Array<{ value: T; label: string; hint?: string }> }): Promise<T | undefined>;
  confirm(opts: { message: string; initial: boolean }): Promise<boolean | undefined>;
}

export function usageError(code: string, message: string, hint: string): CliError {
  return new CliError(code, message, { hint, exitCode: ExitCode.error });
}

const templateChoices = () => TEMPLATES.map((t) => `${t.name} (${t.description})`).join(", ");

export function checkTemplate(name: string): string {
  if (!findTemplate(name)) throw usageError("unknown_template", `Unknown template "${name}".`, `Choose one of: ${templateChoices()}.`);
  return name;
}

export function checkSdk(line: string): TemplateSdk {
  if (line !== "1" && line !== "2") throw usageError("unknown_sdk", `Unknown SDK line "${line}".`, "Choose 2 (the stable MCP SDK line, the default) or 1 (the older line).");
  return Number(line) as TemplateSdk;
}

function checkPm(pm: string): PackageManager {
  if (!isPackageManager(pm)) throw usageError("unknown_package_manager", `Unknown package manager "${pm}".`, `Choose one of: ${PACKAGE_MANAGERS.join(", ")}.`);
  return pm;
}

/** A package manager asked to install that is not on PATH: said before anything is written. */
function missingPackageManager(pm: PackageManager, env: NodeJS.ProcessEnv): CliError {
  const installed = PACKAGE_MANAGERS.filter((p) => packageManagerInstalled(p, env));
  const how = pm === "bun" ? "see bun.sh" : pm === "npm" ? "it comes with Node.js" : `corepack enable ${pm}, or npm install -g ${pm}`;
  return usageError(
    "package_manager_not_found",
    `${pm} is not installed (it is not on PATH), so init cannot install the dependencies with it.`,
    `Install ${pm} (${how}), ${installed.length ? `choose one that is installed (--pm ${installed.join(" or --pm ")})` : "choose another with --pm"}, or pass --no-install to install later.`,
  );
}

/** Why a directory cannot take the project without --force, or undefined when it can. */
export function directoryProblem(targetDir: string, force: boolean): CliError | undefined {
  const entries = existingEntries(targetDir);
  if (entries === "not-a-directory") {
    return usageError("target_not_directory", `${targetDir} exists and is not a directory.`, "Choose another directory.");
  }
  if (entries.length === 0 || force) return undefined;
  const shown = entries.slice(0, 8).join(", ") + (entries.length > 8 ? `, … (${entries.length} in all)` : "");
  return usageError(
    "target_not_empty",
    `${targetDir} is not empty (${shown}).`,
    "Choose an empty or new directory, or pass --force to write the template's files into it (files with the same names are overwritten; nothing is deleted).",
  );
}

/** Ctrl-C at a prompt: exit 130, and nothing has been written yet. */
const cancelled = <T>(value: T | undefined): T => {
  if (value === undefined) throw new CancelledError("Cancelled: nothing was written.");
  return value;
};

/**
 * Fills in every answer: from the flags, then from the prompter (interactive), then from
 * the defaults. Without a prompter a missing value with no safe default is a usage error.
 */
export async function collectAnswers(
  dirArg: string | undefined,
  flags: InitFlags,
  context: { cwd: string; env: NodeJS.ProcessEnv; prompter?: Prompter },
): Promise<InitAnswers> {
  const { cwd, env, prompter } = context;
  const force = flags.force ?? false;
  // Everything given on the command line is checked before the first question.
  if (flags.template !== undefined) checkTemplate(flags.template);
  if (flags.sdk !== undefined) checkSdk(flags.sdk);
  if (flags.pm !== undefined) checkPm(flags.pm);
  if (flags.auth !== undefined && !(AUTH_MODES as readonly string[]).includes(flags.auth)) {
    throw usageError("unknown_auth_mode", `Unknown --auth "${flags.auth}".`, "Choose none (no sign-in) or oauth (account tools, token checks, a sign-in guide).");
  }
  if (flags.pm !== undefined && flags.install !== false && !packageManagerInstalled(flags.pm as PackageManager, env)) {
    throw missingPackageManager(flags.pm as PackageManager, env);
  }
  if (flags.name !== undefined) {
    const problems = packageNameProblems(flags.name);
    if (problems.length) throw invalidNameError(flags.name, problems);
  }

  let dir = dirArg;
  if (dir === undefined && prompter) {
    dir = cancelled(
      await prompter.text({
        message: "Project name (the directory to create)",
        initial: DEFAULT_DIR,
        validate: (value) => {
          try {
            const problem = directoryProblem(resolveTargetDir(cwd, value || DEFAULT_DIR), force);
            return problem ? `${problem.message} ${problem.hint}` : undefined;
          } catch (error) {
            return (error as Error).message;
          }
        },
      }),
    ) || DEFAULT_DIR;
  }
  dir ??= DEFAULT_DIR;
  const targetDir = resolveTargetDir(cwd, dir);
  const problem = directoryProblem(targetDir, force);
  if (problem) throw problem;

  let name = flags.name;
  if (name === undefined) {
    const base = basename(targetDir);
    if (packageNameProblems(base).length === 0) name = base;
    else if (prompter) {
      name = cancelled(
        await prompter.text({
          message: `Package name ("${base}" is not a valid npm package name)`,
          initial: defaultNameFor(targetDir),
          validate: (value) => {
            const problems = packageNameProblems(value);
            return problems.length ? problems.join("; ") : undefined;
          },
        }),
      );
    } else name = defaultNameFor(targetDir);
  }

  const template =
    flags.template ??
    (prompter
      ? cancelled(await prompter.select({ message: "Template", initial: DEFAULT_TEMPLATE, options: TEMPLATES.map((t) => ({ value: t.name, label: t.name, hint: t.description })) }))
      : DEFAULT_TEMPLATE);

  const sdkOptions = sdkChoices(findTemplate(template)!.language).map((c) => ({ ...c, value: `${c.value}` as const }));
  const sdk: TemplateSdk =
    flags.sdk !== undefined
      ? checkSdk(flags.sdk)
      : prompter && hasSdkLines(template)
        ? checkSdk(cancelled(await prompter.select({ message: "MCP SDK", initial: `${DEFAULT_SDK}` as const, options: sdkOptions })))
        : DEFAULT_SDK;
  const auth =
    (flags.auth as AuthMode | undefined) ??
    (prompter
      ? cancelled(
          await prompter.select<AuthMode>({
            message: "Sign-in",
            initial: "none",
            options: [
              { value: "none", label: "none", hint: "every tool is anonymous" },
              { value: "oauth", label: "OAuth", hint: "account tools, token checks, a guide for your authorization server" },
            ],
          }),
        )
      : "none");

  const detected = detectPackageManager(env);
  // Only the managers on PATH are offered; should none be found, all are (to name in the next steps).
  const offered = PACKAGE_MANAGERS.filter((p) => packageManagerInstalled(p, env));
  const choices = offered.length ? offered : [...PACKAGE_MANAGERS];
  const pm =
    (flags.pm as PackageManager | undefined) ??
    (prompter
      ? cancelled(
          await prompter.select({
            message: "Package manager",
            initial: choices.includes(detected) ? detected : choices[0]!,
            options: choices.map((p) => ({ value: p, label: p })),
          }),
        )
      : detected);

  const install = flags.install ?? (prompter ? cancelled(await prompter.confirm({ message: `Install dependencies now (${pm})?`, initial: true })) : true);
  if (install && !packageManagerInstalled(pm, env)) throw missingPackageManager(pm, env);

  const canGit = gitAvailable() && !insideGitRepo(targetDir);
  let git = flags.git ?? false;
  if (flags.git === undefined && canGit) {
    git = prompter ? cancelled(await prompter.confirm({ message: "Initialise a git repository?", initial: true })) : true;
  }
  return { targetDir, name, template, sdk, auth, pm, install, git };
}

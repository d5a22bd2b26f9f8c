import kleur from "kleur";
import { collectAnswers, type InitFlags, type Prompter } from "../scaffold/answers.js";
import { createClackPrompter } from "../scaffold/clack-prompter.js";
import type { WriteHooks } from "../scaffold/copy.js";
import { scaffoldProject } from "../scaffold/scaffold.js";
import { DEFAULT_TEMPLATE, TEMPLATES } from "../scaffold/templates.js";
import { processIo, type Io } from "../util/io.js";

export interface InitOptions extends InitFlags {
  listTemplates?: boolean;
  json?: boolean;
}

/** What the command runs against; tests replace any part of it. */
export interface InitContext extends Io {
  /** Asks the questions; default: @clack/prompts on stdin/stderr, when prompting is allowed. */
  prompter?: Prompter;
  hooks?: WriteHooks;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI !== "false";
}

/** Prompts only on a terminal, outside CI and without --yes (a missing value with no safe default is an error listing the choices). */
function promptingAllowed(options: InitOptions, context: InitContext): boolean {
  if (options.yes || isCi(context.env)) return false;
  return context.prompter !== undefined || Boolean(context.stdin.isTTY && context.stderr.isTTY);
}

/** `chatgpt-app init [dir]`: a new project from a template, never touching files it does not own. */
export async function runInit(dir: string | undefined, options: InitOptions, overrides: Partial<InitContext> = {}): Promise<number> {
  const io = processIo();
  const context: InitContext = {
    stdin: overrides.stdin ?? io.stdin,
    stdout: overrides.stdout ?? io.stdout,
    stderr: overrides.stderr ?? io.stderr,
    env: overrides.env ?? io.env,
    cwd: overrides.cwd ?? io.cwd,
    ...overrides,
  };
  const { stdout, stderr } = context;

  if (options.listTemplates) {
    if (options.json) {
      const list = TEMPLATES.map((t) => ({ ...t, default: t.name === DEFAULT_TEMPLATE }));
      stdout.write(`${JSON.stringify({ templates: list }, null, 2)}\n`);
    } else {
      for (const t of TEMPLATES) stdout.write(`${t.name.padEnd(9)} ${t.description}${t.name === DEFAULT_TEMPLATE ? " (default)" : ""}\n`);
    }
    return 0;
  }

  const interactive = promptingAllowed(options, context);
  const prompter = interactive ? (context.prompter ?? createClackPrompter({ input: context.stdin, output: stderr })) : undefined;
  if (interactive) stderr.write(`${kleur.bold("chatgpt-app init")} ${kleur.dim("— a new ChatGPT app (Ctrl-C to cancel; nothing is written until the last question)")}\n`);

  const answers = await collectAnswers(dir, options, { cwd: context.cwd, env: context.env, prompter });
  // From the first write on, Ctrl-C undoes the copy or stops the installer instead of killing init mid-way.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let result;
  try {
    result = await scaffoldProject(answers, {
      cwd: context.cwd,
      stderr,
      animate: interactive && Boolean(stderr.isTTY),
      hooks: context.hooks,
      env: context.env,
      signal: interrupt.signal,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  if (options.json) {
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  stdout.write(`\nNext steps:\n${result.nextSteps.map((s) => `  ${s}`).join("\n")}\n`);
  stdout.write("\nThen connect the HTTPS URL that dev prints in ChatGPT; README.md walks you through it.\n");
  return 0;
}

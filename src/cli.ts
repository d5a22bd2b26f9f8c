import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import kleur from "kleur";
import { ExitCode, isCliError } from "./errors.js";
import { configureColour } from "./util/log.js";
import { ISSUES_URL, packageVersion } from "./version.js";

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

/** Renders any error once, on stderr, and picks the exit code. */
export function reportError(error: unknown, io: CliIO = defaultIO): number {
  if (isCliError(error)) {
    if (error.code === "cancelled") {
      io.stderr(`${kleur.yellow(error.message)}\n`);
      return error.exitCode;
    }
    io.stderr(`${kleur.red("✖")} ${error.message}\n`);
    if (error.location && !error.message.includes(error.location)) io.stderr(`  ${kleur.dim("at")} ${error.location}\n`);
    if (error.hint) io.stderr(`  ${kleur.cyan("hint:")} ${error.hint}\n`);
    if (process.env.DEBUG) io.stderr(`${kleur.dim(`[${error.code}]`)}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`${kleur.red("✖ Internal error:")} ${error instanceof Error ? error.message : String(error)}\n`);
  io.stderr(`  This is a bug in chatgpt-app ${packageVersion()}. Please report it at ${ISSUES_URL} with this trace:\n`);
  io.stderr(`${kleur.dim(stack)}\n`);
  return ExitCode.error;
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

/** Declares every command and its flags; each command's code loads only when it runs. */
export function createProgram(setExit: (code: number) => void): Command {
  const program = new Command("chatgpt-app");
  // Before any subcommand is added: commander copies these settings into each one.
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
    outputError: (s, write) => write(kleur.red(s)),
  });
  program
    .description("Build ChatGPT Apps (MCP Apps): scaffold, develop with hot reload and a tunnel, lint, build and serve.")
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      examples([
        "npx chatgpt-app init my-app",
        "chatgpt-app dev",
        "chatgpt-app lint --format sarif --output lint.sarif",
        "chatgpt-app build && chatgpt-app start",
      ]),
    );

  program
    .command("build")
    .description("bundle the widgets into self-contained HTML and the app into dist/ for production")
    .option("-C, --cwd <dir>", "the project folder", ".")
    .option("--config <file>", "config file (default: chatgpt-app.config.{ts,js,json})")
    .option("--out-dir <dir>", "output folder (default: dist, or outDir in the config)")
    .option("--json", "print the result as JSON on stdout")
    .addHelpText("after", examples(["chatgpt-app build", "chatgpt-app build --out-dir build --json"]))
    .action(async (options) => {
      const { runBuild } = await import("./commands/build.js");
      setExit(await runBuild(options));
    });

  program
    .command("start")
    .description("serve the built app (dist/) over MCP: no watcher, no tunnel")
    .option("-C, --cwd <dir>", "the project folder", ".")
    .option("--dir <dir>", "the build output to serve", "dist")
    .addOption(new Option("-p, --port <port>", "port (default: PORT, then the built config, then 8787)").argParser(parsePort))
    .option("--host <host>", "interface to bind (default: HOST, or 127.0.0.1)")
    .addHelpText(
      "after",
      "\nEnvironment:\n" +
        "  PORT, HOST          where to listen\n" +
        "  ALLOWED_HOSTS       comma-separated public host names to accept (DNS-rebinding protection)\n" +
        "  BASE_URL            the public URL, e.g. https://my-app.onrender.com (its host is allowed)\n" +
        "  X-Forwarded-Host/Proto from a proxy are honoured\n" +
        examples(["chatgpt-app start", "PORT=10000 HOST=0.0.0.0 BASE_URL=https://my-app.onrender.com chatgpt-app start"]),
    )
    .action(async (options) => {
      const { runStart } = await import("./commands/start.js");
      setExit(await runStart(options));
    });

  return program;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("the port must be a whole number from 0 to 65535.");
  }
  return port;
}

/** The CLI: parses argv, runs one command, returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  configureColour();
  process.setSourceMapsEnabled?.(true);
  let exitCode: number = ExitCode.ok;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
        return ExitCode.ok;
      }
      process.stderr.write(`  ${kleur.cyan("hint:")} run ${kleur.bold("chatgpt-app --help")} for the commands and flags.\n`);
      return ExitCode.error;
    }
    return reportError(error);
  }
  return exitCode;
}

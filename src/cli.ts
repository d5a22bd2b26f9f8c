import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import kleur from "kleur";
import { CliError, ExitCode, errorJsonLine, isCliError } from "./errors.js";
import { processIo, type Io } from "./util/io.js";
import { configureColour, writerOf } from "./util/log.js";
import { ISSUES_URL, packageVersion } from "./version.js";

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Default: the process's. */
  env?: NodeJS.ProcessEnv;
}

const defaultIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

/** Renders any error once, on stderr, and picks the exit code; `machine` adds the JSON line scripts read. */
export function reportError(error: unknown, io: CliIO = defaultIO, options: { machine?: boolean } = {}): number {
  if (options.machine) {
    const exitCode = reportError(error, io);
    io.stderr(errorJsonLine(error, `This is a bug in chatgpt-app ${packageVersion()}; please report it at ${ISSUES_URL} with the trace above.`));
    return exitCode;
  }
  if (isCliError(error)) {
    if (error.code === "cancelled") {
      io.stderr(`${kleur.yellow(error.message)}\n`);
      return error.exitCode;
    }
    io.stderr(`${kleur.red("✖")} ${error.message}\n`);
    if (error.location && !error.message.includes(error.location)) io.stderr(`  ${kleur.dim("at")} ${error.location}\n`);
    if (error.hint) io.stderr(`  ${kleur.cyan("hint:")} ${error.hint}\n`);
    if ((io.env ?? process.env).DEBUG) io.stderr(`${kleur.dim(`[${error.code}]`)}\n`);
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

/**
 * Declares every command and its flags; each command's code loads only when it runs, against
 * `io` (a `--cwd` is taken from `io.cwd`).
 */
export function createProgram(setExit: (code: number) => void, io: Io = processIo()): Command {
  const here = <T extends { cwd: string }>(options: T): T => ({ ...options, cwd: resolve(io.cwd, options.cwd) });
  const program = new Command("chatgpt-app");
  // Before any subcommand is added: commander copies these settings into each one.
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
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
    .command("init")
    .description("create a new ChatGPT app from a template (react, vanilla or python)")
    .argument("[dir]", "the directory to create, inside the current one (default: my-chatgpt-app)")
    .option("--name <name>", "the npm package name (default: the directory's name)")
    .option("-t, --template <name>", "react (default), vanilla or python")
    .option("--sdk <line>", "the MCP SDK line: 2 (default; @modelcontextprotocol/server, or mcp 2.x for python) or 1 (@modelcontextprotocol/sdk, or FastMCP)")
    .option("--auth <mode>", "none (default) or oauth: account tools, token checks, a sign-in guide")
    .option("--pm <manager>", "npm, pnpm, yarn or bun (default: the one that launched init)")
    .option("--install", "install dependencies (the default)")
    .option("--no-install", "do not install dependencies")
    .option("--git", "initialise a git repository (the default outside one)")
    .option("--no-git", "do not initialise git")
    .option("-y, --yes", "accept the defaults without prompting")
    .option("--force", "write into a non-empty directory (overwrites same-named files, deletes nothing)")
    .option("--list-templates", "list the templates and exit")
    .option("--json", "print the result (or the template list) as JSON on stdout")
    .addHelpText(
      "after",
      "\nWithout a terminal, under CI or with --yes, init never prompts: it takes the defaults,\n" +
        "and exits 2 naming the choices when a value has no safe default.\n" +
        examples([
          "npx chatgpt-app init my-app",
          "npx chatgpt-app init my-app --yes --template python --pm npm",
          "chatgpt-app init --list-templates --json",
        ]),
    )
    .action(async (dir: string | undefined, options) => {
      const { runInit } = await import("./commands/init.js");
      setExit(await runInit(dir, options, io));
    });

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
      setExit(await runBuild(here(options), io));
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
        "  TRUST_PROXY         true: check the proxy's X-Forwarded-Host (default: on Render, Fly, Railway, Heroku, Cloud Run)\n" +
        "  SHUTDOWN_TIMEOUT    seconds requests in flight get after SIGTERM (default 10)\n" +
        "  SSE_KEEPALIVE       seconds between keep-alive comments on event streams (default 15)\n" +
        examples(["chatgpt-app start", "PORT=10000 HOST=0.0.0.0 BASE_URL=https://my-app.onrender.com chatgpt-app start"]),
    )
    .action(async (options) => {
      const { runStart } = await import("./commands/start.js");
      setExit(await runStart(here(options), io));
    });

  program
    .command("lint")
    .description("check every tool and widget the way ChatGPT and MCP Apps hosts will use them")
    .option("-C, --cwd <dir>", "the project folder", ".")
    .option("--config <file>", "config file (default: chatgpt-app.config.{ts,js,json})")
    .option("--url <url>", "lint a running server at this MCP endpoint (Streamable HTTP, then legacy SSE)")
    .option("--header <header>", 'a request header for --url, e.g. "Authorization: Bearer …" (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .addOption(new Option("--transport <kind>", "transport for --url").choices(["auto", "streamable-http", "sse"]).default("auto"))
    .option("--command <cmd>", "start this server, lint it and stop it (stdio, or HTTP at server.url / --url)")
    .option("--file <snapshot>", "lint a snapshot written by --dump")
    .option("--dump <file>", "also write what was collected to a snapshot file")
    .option("--baseline <snapshot>", "a snapshot of what was published: widgets whose HTML changed at the same URI are errors")
    .addOption(new Option("-f, --format <format>", "report format").choices(["pretty", "json", "sarif", "github"]).default("pretty"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--max-warnings <n>", "exit 1 when there are more warnings than this").argParser(parseCount))
    .addOption(new Option("--preset <preset>", "rule severities (default: lint.preset, else recommended)").choices(["recommended", "submission"]))
    .addOption(new Option("--era <era>", "judge for clients of this protocol era: 2025 (ChatGPT today) or 2026 (2026-07-28)").choices(["2025", "2026"]).default("2025"))
    .option("--rule <id=setting>", "set a rule to off, warn or error (repeatable)", (v: string, p?: Record<string, "off" | "warn" | "error">) => collectRule(v, p))
    .option("--host <ids>", "also judge for these hosts: works, degraded or broken, and why (chatgpt, claude, vscode, goose, mcp-apps; comma-separated)")
    .addOption(new Option("--timeout <ms>", "milliseconds the whole run may take, connecting and listing included (default 30000)").argParser(parseCount))
    .option("--limit <name=value>", "read at most: pages, items (per list), response-size, total-size, e.g. items=20000 (repeatable)", (v: string, p: string[] = []) => [...p, v])
    .option("--list-rules", "list every rule with its severities and exit")
    .addHelpText(
      "after",
      "\nExit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 could not lint.\n" +
        examples([
          "chatgpt-app lint",
          "chatgpt-app lint --preset submission --format sarif --output lint.sarif",
          "chatgpt-app lint --host chatgpt,claude,vscode",
          'chatgpt-app lint --url https://my-app.example.com/mcp --header "Authorization: Bearer $TOKEN"',
          'chatgpt-app lint --command "python server.py"',
          "chatgpt-app lint --dump snapshot.json && chatgpt-app lint --file snapshot.json --format json",
        ]),
    )
    .action(async (options) => {
      const { runLint } = await import("./commands/lint.js");
      setExit(await runLint(here(options), io));
    });

  program
    .command("screenshot")
    .description("render each widget headlessly through the preview and write PNGs (for CI and READMEs)")
    .option("-C, --cwd <dir>", "the project folder", ".")
    .option("--config <file>", "config file (default: chatgpt-app.config.{ts,js,json})")
    .option("-o, --out <dir>", "the folder the PNGs are written to: <widget>-<host>-<theme>-<device>.png")
    .option("--tool <name>", "only this tool's widget, through this tool (also one that needs a token or is destructive)")
    .option("--args <json>", "the tool's arguments, a JSON object (default: its input schema's defaults)")
    .option("--host <id>", "the host to render it as (a host profile of the preview; default chatgpt)")
    .option("--theme <theme>", "light or dark (default: the host's first)")
    .option("--device <device>", "desktop or mobile (default: the host's first)")
    .option("--url <url>", "render the widgets of a running server at this MCP endpoint instead of the project's")
    .addOption(new Option("--timeout <ms>", "milliseconds each widget may take to render (default 30000)").argParser(parseCount))
    .addOption(new Option("-f, --format <format>", "summary format").choices(["pretty", "json"]).default("pretty"))
    .addHelpText(
      "after",
      "\nNeeds playwright-core and a Chromium or Chrome (CHROME_PATH, PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, or on PATH).\n" +
        "Exit codes: 0 every widget rendered, 1 a widget threw, broke its CSP or rendered nothing, 2 could not render (no browser, bad flags).\n" +
        examples([
          "chatgpt-app screenshot --out screenshots",
          "chatgpt-app screenshot --theme dark --device mobile --out screenshots",
          `chatgpt-app screenshot --tool roll_dice --args '{"count": 3}' --out screenshots`,
          "chatgpt-app screenshot --url http://localhost:8787/mcp --out screenshots --format json",
        ]),
    )
    .action(async (options) => {
      const { runScreenshot } = await import("./commands/screenshot.js");
      setExit(await runScreenshot(here(options), io));
    });

  program
    .command("doctor")
    .description("check a deployed app the way ChatGPT reaches it: TLS, transport, Host, widgets' assets, auth, then lint")
    .argument("[url]", "the MCP endpoint, e.g. https://my-app.example.com/mcp (with --command: where it listens, {port} allowed)")
    .option("-C, --cwd <dir>", "the project folder (for --command and lint settings)", ".")
    .option("--config <file>", "config file (default: chatgpt-app.config.{ts,js,json})")
    .option("--command <cmd>", "start this server, check it over HTTP and stop it (URL default: server.url, else http://127.0.0.1:{port}/mcp)")
    .option("--header <header>", 'a request header, e.g. "Authorization: Bearer …" (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option("--ca <file>", "also trust this CA certificate (PEM; repeatable; NODE_EXTRA_CA_CERTS is read too)", (v: string, p: string[] = []) => [...p, v])
    .option("--resolve <host:port:address>", "connect to this address for host:port, keeping the name for TLS and Host (repeatable)", (v: string, p: string[] = []) => [...p, v])
    .addOption(new Option("--timeout <ms>", "give up on a step after this long (default 10000)").argParser(parseCount))
    .addOption(new Option("--slow-ms <ms>", "warn about a request slower than this (default 500)").argParser(parseCount))
    .option("--slow", "also run the slow checks: wait on an idle event stream for keep-alive bytes")
    .addOption(new Option("--keepalive-wait <ms>", "with --slow: how long to wait for them (default 30000)").argParser(parseCount))
    .option("--submission", "also check submission readiness: the domain challenge, lint's submission preset, --listing")
    .option("--listing <file>", "with --submission: a JSON listing (name, subtitle, description, starterPrompts) to check against the limits")
    .addOption(new Option("-f, --format <format>", "report format").choices(["pretty", "json"]).default("pretty"))
    .addHelpText(
      "after",
      "\nExit codes: 0 nothing failed, 1 a check failed, 2 could not check (unreachable, bad flags).\n" +
        examples([
          "chatgpt-app doctor https://my-app.example.com/mcp",
          "chatgpt-app doctor https://my-app.example.com/mcp --resolve my-app.example.com:443:203.0.113.7",
          'chatgpt-app doctor --command "chatgpt-app start --port {port}"',
          "chatgpt-app doctor https://my-app.example.com/mcp --submission --listing listing.json --format json",
        ]),
    )
    .action(async (url: string | undefined, options) => {
      const { runDoctorCommand } = await import("./commands/doctor.js");
      setExit(await runDoctorCommand(url, here(options), io));
    });

  program
    .command("dev")
    .description("serve the app with hot reload, a preview page and a tunnel for ChatGPT")
    .option("-C, --cwd <dir>", "the project folder", ".")
    .option("--config <file>", "config file (default: chatgpt-app.config.{ts,js,json})")
    .addOption(new Option("-p, --port <port>", "port (default: PORT, then the config, then 8787; 0 for any free port)").argParser(parsePort))
    .option("--strict-port", "fail if the port is taken instead of using the next free one")
    .option("--tunnel", "open a tunnel (default: on once the tunnel provider's token is set)")
    .option("--no-tunnel", "do not open a tunnel")
    .option("--tunnel-domain <domain>", "a reserved domain for the tunnel, for providers that have them")
    .option("--json", "print NDJSON events (ready, rebuild, error, tunnel, warning) on stdout")
    .addHelpText(
      "after",
      "\nEnvironment:\n" +
        "  NGROK_AUTHTOKEN     the token of the default tunnel provider, ngrok; turns the tunnel on (also read\n" +
        "                      from .env, or tunnel.authtoken in the config)\n" +
        "  CHATGPT_APP_TUNNEL_PROVIDER  another tunnel provider (as tunnel.provider in the config)\n" +
        "  PORT                the port, when --port is not given\n" +
        examples(["chatgpt-app dev", "chatgpt-app dev --port 3000 --no-tunnel", "chatgpt-app dev --json --port 0"]),
    )
    .action(async (options) => {
      const { runDev } = await import("./commands/dev.js");
      setExit(await runDev(here(options), io));
    });

  return program;
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number.");
  return Number(value);
}

/** `--rule id=off|warn|error`, repeatable; checked before anything heavy loads. */
function collectRule(value: string, previous: Record<string, "off" | "warn" | "error"> = {}): Record<string, "off" | "warn" | "error"> {
  const match = /^\s*([a-z0-9-]+)\s*[=:]\s*(off|warn|error)\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError("use id=off, id=warn or id=error, e.g. --rule missing-widget-domain=off.");
  return { ...previous, [match[1]!]: match[2] as "off" | "warn" | "error" };
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("the port must be a whole number from 0 to 65535.");
  }
  return port;
}

/** `--json`, `--format json|sarif`: failures add a JSON line to stderr. GitHub annotations are read by people, so `github` stays human. */
function machineReadable(options: { json?: unknown; format?: unknown }): boolean {
  return options.json === true || options.format === "json" || options.format === "sarif";
}

/** The CLI: parses argv, runs one command against `io` (default: the process's), returns its exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  configureColour({}, io);
  let exitCode: number = ExitCode.ok;
  const program = createProgram((code) => {
    exitCode = code;
  }, io);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // The command that ran (or was being parsed) keeps the flags it read: --json, --format.
    const machine = program.commands.some((command) => machineReadable(command.opts()));
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
        return ExitCode.ok;
      }
      io.stderr.write(`  ${kleur.cyan("hint:")} run ${kleur.bold("chatgpt-app --help")} for the commands and flags.\n`);
      const usage = new CliError("usage_invalid", error.message.replace(/^error: /, ""), { hint: "Run chatgpt-app --help for the commands and flags." });
      if (machine) io.stderr.write(errorJsonLine(usage));
      return ExitCode.error;
    }
    return reportError(error, { stdout: writerOf(io.stdout), stderr: writerOf(io.stderr), env: io.env }, { machine });
  }
  return exitCode;
}

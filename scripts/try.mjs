#!/usr/bin/env node
// `npm run try -- [dir] [--template react|vanilla|python] [--name <name>] [dev flags]`, from a clone:
// builds this checkout, scaffolds a template app wired to it (`chatgpt-app` from an `npm pack` of the
// checkout, not the registry's), installs it with npm (from the cache when it can) and runs
// `chatgpt-app dev` on it. A packed copy rather than a `file:` link to the folder: a link would give
// the app two Reacts (its own, and the checkout's devDependency that chatgpt-app/react would find).
// The app goes to ./try/<template> (ignored by git) unless a directory is given. A folder that exists
// is never written over: an app made here before is reused as it is (your edits stay), anything else
// is refused.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const templates = readdirSync(join(root, "templates"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const USAGE = `Usage: npm run try -- [dir] [--template ${templates.join("|")}] [--name <name>]
                      [--port <port>] [--strict-port] [--tunnel | --no-tunnel] [--tunnel-domain <domain>] [--json]

Scaffolds a template app that uses this checkout's chatgpt-app, installs it and starts dev on it.
dir defaults to try/<template> in this checkout; --name goes to init, the other flags to dev.`;

function fail(message, hint) {
  process.stderr.write(`✖ ${message}\n${hint ? `  hint: ${hint}\n` : ""}`);
  process.exit(2);
}

/** Runs a step to completion with the terminal's output; a failed step ends `try` with its message. */
function step(command, args, cwd, what, stdout = "inherit") {
  const result = spawnSync(command, args, { cwd, stdio: ["inherit", stdout, "inherit"] });
  if (result.error) fail(`${what}: ${result.error.message}`);
  if (result.status !== 0) fail(`${what} failed (exit ${result.status ?? result.signal}).`);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      template: { type: "string", short: "t", default: "react" },
      name: { type: "string" },
      port: { type: "string", short: "p" },
      "strict-port": { type: "boolean" },
      tunnel: { type: "boolean" },
      "no-tunnel": { type: "boolean" },
      "tunnel-domain": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  fail(error.message, "npm run try -- --help lists the flags.");
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!templates.includes(values.template)) fail(`Unknown template "${values.template}".`, `Choose one of: ${templates.join(", ")}.`);
if (positionals.length > 1) fail(`One directory at most, got: ${positionals.join(" ")}.`, "npm run try -- --help lists the flags.");

// npm runs scripts in the package's folder; a directory given by the user is where they typed it.
const dir = positionals[0] ? resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]) : join(root, "try", values.template);
const shown = relative(process.cwd(), dir) || ".";
const packDir = join(root, "try", ".pack");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const tarball = join(packDir, `chatgpt-app-${version}.tgz`);

/** True when `dir` holds an app an earlier `npm run try` wired to this checkout. */
function madeByTry(dir) {
  try {
    const spec = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies?.["chatgpt-app"];
    return typeof spec === "string" && spec.startsWith("file:") && dirname(resolve(dir, spec.slice(5))) === packDir;
  } catch {
    return false;
  }
}

const reuse = existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0);
if (reuse && !madeByTry(dir)) {
  fail(`${shown} exists and is not an app made by npm run try; it is left as it is.`, "Pass another directory: npm run try -- <dir> --template <name>.");
}
step(process.execPath, [join(root, "scripts", "build.mjs")], root, "Building chatgpt-app");
mkdirSync(packDir, { recursive: true });
step("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], root, "npm pack", "ignore");
const spec = `file:${relative(dir, tarball)}`;
if (reuse) {
  process.stderr.write(`Reusing ${shown} (made by an earlier npm run try; remove it for a fresh copy).\n`);
} else {
  // A package may not share its name with a dependency (try/react depending on react): try-<template>.
  const name = values.name ?? (positionals[0] ? undefined : `try-${values.template}`);
  const init = ["init", dir, "--template", values.template, "--yes", "--no-install", "--no-git", "--pm", "npm", ...(name ? ["--name", name] : [])];
  // init's next steps are what this script does now: its stdout is not shown.
  step(process.execPath, [join(root, "bin", "chatgpt-app.js"), ...init], root, "Scaffolding", "ignore");
  // Wired to this checkout: package.json rewritten as JSON, like init writes it.
  const file = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  pkg.dependencies["chatgpt-app"] = spec;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

// Named on the command line, so a reused app gets this build's tarball, not the one its lockfile saw.
step("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", spec], dir, "npm install");
if (existsSync(join(dir, "requirements.txt")) && !existsSync(join(dir, ".venv"))) {
  const windows = process.platform === "win32";
  step(windows ? "python" : "python3", ["-m", "venv", ".venv"], dir, "Creating .venv");
  step(join(dir, ".venv", windows ? "Scripts" : "bin", "python"), ["-m", "pip", "install", "-r", "requirements.txt"], dir, "pip install");
}

const devFlags = [
  ...(values.port !== undefined ? ["--port", values.port] : []),
  ...(values["strict-port"] ? ["--strict-port"] : []),
  ...(values.tunnel ? ["--tunnel"] : []),
  ...(values["no-tunnel"] ? ["--no-tunnel"] : []),
  ...(values["tunnel-domain"] !== undefined ? ["--tunnel-domain", values["tunnel-domain"]] : []),
  ...(values.json ? ["--json"] : []),
];
process.stderr.write(
  `\nchatgpt-app dev in ${shown}: a ${values.template} app using this checkout (chatgpt-app ${spec}).\n` +
    "After changing src/, stop it (Ctrl-C) and run npm run try again: it rebuilds, packs and reinstalls chatgpt-app in the app.\n\n",
);
// dev runs in this process, from the app's own node_modules: one process gets Ctrl-C, once.
process.chdir(dir);
const { main } = await import(pathToFileURL(join(dir, "node_modules", "chatgpt-app", "dist", "cli.js")).href);
process.exitCode = await main([process.execPath, "chatgpt-app", "dev", ...devFlags]);

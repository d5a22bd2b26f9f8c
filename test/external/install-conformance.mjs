#!/usr/bin/env node
// Installs the official MCP conformance suite (pinned in conformance/package-lock.json) and the
// Node 22 it needs (the npm package `node@22`, which ships the binary for this platform, in the
// same cache folder .ci/run uses for its other Node lines). test/core/conformance.test.ts runs
// the suite against `dev` and `start` of the react template. Test fixtures, not dependencies.
//   node test/external/install-conformance.mjs     (CI runs it; the test calls it too)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CONFORMANCE_DIR = join(dirname(fileURLToPath(import.meta.url)), "conformance");
export const CONFORMANCE_VERSION = JSON.parse(readFileSync(join(CONFORMANCE_DIR, "package.json"), "utf8")).dependencies["@modelcontextprotocol/conformance"];
/** The suite's entry point, once installed. */
export const CONFORMANCE_BIN = join(CONFORMANCE_DIR, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
const NODE_MAJOR = 22;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function suiteInstalled() {
  const manifest = join(CONFORMANCE_DIR, "node_modules", "@modelcontextprotocol", "conformance", "package.json");
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === CONFORMANCE_VERSION;
}

function nodeVersion(bin) {
  const result = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Runs `npm ci` in the suite's folder unless the pinned version is already there. */
export function ensureConformanceSuite() {
  if (suiteInstalled()) return;
  const result = spawnSync(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
    cwd: CONFORMANCE_DIR,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0 || !suiteInstalled()) throw new Error(`npm ci in ${CONFORMANCE_DIR} failed (exit ${result.status ?? result.signal})`);
}

/**
 * A Node 22 binary: this one when it is 22 or later, else `node@22` from npm in the cache folder
 * (its install script puts the binary in place). Returns `{ bin }`, or `{ reason }` when none can be had.
 */
export function ensureNode22() {
  if (Number(process.versions.node.split(".")[0]) >= NODE_MAJOR) return { bin: process.execPath };
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "chatgpt-app-ci", `node-${NODE_MAJOR}`);
  const bin = join(dir, "node_modules", ".bin", "node");
  if (nodeVersion(bin)?.startsWith(`v${NODE_MAJOR}.`)) return { bin };
  mkdirSync(dir, { recursive: true });
  const result = spawnSync(npm, ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `node@${NODE_MAJOR}`], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const version = nodeVersion(bin);
  if (result.status !== 0 || !version?.startsWith(`v${NODE_MAJOR}.`)) {
    return { reason: `npm could not install node@${NODE_MAJOR} into ${dir} (exit ${result.status ?? result.signal}; did npm skip its install script?)` };
  }
  return { bin };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureConformanceSuite();
  const node = ensureNode22();
  if (node.reason) throw new Error(node.reason);
  process.stdout.write(`conformance ${CONFORMANCE_VERSION} with Node ${nodeVersion(node.bin)}\n`);
}

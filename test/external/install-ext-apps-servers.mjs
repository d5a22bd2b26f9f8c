#!/usr/bin/env node
// Installs the official MCP Apps example servers (pinned in ext-apps-servers/package-lock.json)
// that test/lint/ext-apps-servers.test.ts lints over HTTP. They are test fixtures, not
// dependencies of chatgpt-app: they live in their own folder with their own lock file.
//   node test/external/install-ext-apps-servers.mjs     (CI runs it; the test calls it too)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SERVERS_DIR = join(dirname(fileURLToPath(import.meta.url)), "ext-apps-servers");

/** The pinned servers, by package name, with their versions. */
export function pinnedServers() {
  return JSON.parse(readFileSync(join(SERVERS_DIR, "package.json"), "utf8")).dependencies;
}

function installed() {
  return Object.entries(pinnedServers()).every(([name, version]) => {
    const manifest = join(SERVERS_DIR, "node_modules", name, "package.json");
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === version;
  });
}

/** Runs `npm ci` in the servers' folder unless every pinned version is already there. */
export function ensureExtAppsServers() {
  if (installed()) return;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  // No install scripts: the packages ship built servers and need none.
  const result = spawnSync(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
    cwd: SERVERS_DIR,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0 || !installed()) throw new Error(`npm ci in ${SERVERS_DIR} failed (exit ${result.status ?? result.signal})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureExtAppsServers();

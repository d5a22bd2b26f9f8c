import { readFileSync } from "node:fs";

let cached: string | undefined;

/** This package's version, read once from its package.json. */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return cached;
}

export const ISSUES_URL = "https://github.com/chatgpt-app/chatgpt-app/issues";

export const REPO_URL = "https://github.com/chatgpt-app/chatgpt-app";

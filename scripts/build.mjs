#!/usr/bin/env node
// Compiles src/ to dist/ with the TypeScript compiler (JS + declarations).
// Runs in `prepare`, so `npm install` on a clean clone leaves a working bin.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `--clean` starts from an empty dist/; by default files are overwritten in place, so a
// rebuild never leaves a window in which a running CLI finds dist/ missing.
if (process.argv.includes("--clean")) rmSync(join(root, "dist"), { recursive: true, force: true });
const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
} catch {
  console.error("chatgpt-app: the TypeScript compiler is missing; run `npm install` first.");
  process.exit(2);
}
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
process.exit(result.status ?? 1);

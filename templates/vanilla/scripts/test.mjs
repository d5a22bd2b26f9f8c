// `npm test`: every *.test.ts under test/, through Node's test runner with tsx for TypeScript.
// The files are listed here because Node 20 does not expand a glob given to --test (Node 22 does)
// and shells expand them differently; arguments after `npm test --` go to the test runner.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const files = readdirSync("test", { recursive: true, encoding: "utf8" })
  .filter((file) => /\.test\.[cm]?tsx?$/.test(file) && !file.split(/[\\/]/).includes("node_modules"))
  .sort()
  .map((file) => join("test", file));
if (files.length === 0) {
  console.error("No test files (*.test.ts) under test/.");
  process.exit(1);
}
const run = spawnSync(process.execPath, ["--import", "tsx", "--test", ...process.argv.slice(2), ...files], { stdio: "inherit" });
process.exit(run.status ?? 1);

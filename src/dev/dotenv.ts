import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { CliError, errorMessage } from "../errors.js";

/** Read in this order; a later file wins. */
export const DOTENV_FILES = [".env", ".env.local"] as const;

/** The variables of the project's `.env` files. */
export function readDotEnv(root: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of DOTENV_FILES) {
    const file = join(root, name);
    if (!existsSync(file)) continue;
    let parsed: NodeJS.Dict<string>;
    try {
      parsed = parseEnv(readFileSync(file, "utf8"));
    } catch (error) {
      // Values are never echoed: a .env holds secrets.
      throw new CliError("env_invalid", `${name} could not be read: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`, {
        location: file,
      });
    }
    for (const [key, value] of Object.entries(parsed)) if (value !== undefined) values[key] = value;
  }
  return values;
}

/**
 * Applies `.env` to `process.env` (the app's and the child server's environment) without
 * overriding what the real environment set, and takes back what a later `.env` drops.
 */
export class DotEnvLayer {
  #original: Set<string>;
  #applied = new Set<string>();
  #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
    this.#original = new Set(Object.keys(env));
  }

  apply(values: Record<string, string>): void {
    for (const key of this.#applied) {
      if (!(key in values)) delete this.#env[key];
    }
    this.#applied.clear();
    for (const [key, value] of Object.entries(values)) {
      if (this.#original.has(key)) continue;
      this.#env[key] = value;
      this.#applied.add(key);
    }
  }
}

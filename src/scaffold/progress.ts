import type { Writable } from "node:stream";
import * as clack from "@clack/prompts";
import kleur from "kleur";

export interface Progress {
  done(message: string): void;
  fail(message: string): void;
}

/** A spinner on a terminal; elsewhere (CI, pipes) one line when the work starts and one when it ends. */
export function startProgress(message: string, options: { animate: boolean; output?: Writable }): Progress {
  const output = options.output ?? process.stderr;
  if (options.animate) {
    const spin = clack.spinner({ output });
    spin.start(message);
    return { done: (m) => spin.stop(m), fail: (m) => spin.error(m) };
  }
  output.write(`${message}…\n`);
  return {
    done: (m) => output.write(`${kleur.green("✔")} ${m}\n`),
    fail: (m) => output.write(`${kleur.red("✖")} ${m}\n`),
  };
}

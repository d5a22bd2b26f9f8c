import type { Readable, Writable } from "node:stream";
import * as clack from "@clack/prompts";
import type { Prompter } from "./answers.js";

export interface PromptStreams {
  input?: Readable;
  /** Prompts are drawn on stderr, so stdout keeps only results. */
  output?: Writable;
}

/** The real prompts, through @clack/prompts; a cancel (Ctrl-C, Escape) answers undefined. */
export function createClackPrompter(streams: PromptStreams = {}): Prompter {
  const io = { input: streams.input, output: streams.output ?? process.stderr };
  const orUndefined = <T>(value: unknown): T | undefined => (clack.isCancel(value) ? undefined : (value as T));
  return {
    async text({ message, initial, validate }) {
      return orUndefined<string>(
        await clack.text({ ...io, message, placeholder: initial, defaultValue: initial, validate: (value) => validate(value || initial) }),
      );
    },
    async select({ message, initial, options }) {
      return orUndefined<(typeof options)[number]["value"]>(await clack.select({ ...io, message, initialValue: initial, options: options as never }));
    },
    async confirm({ message, initial }) {
      return orUndefined<boolean>(await clack.confirm({ ...io, message, initialValue: initial }));
    },
  };
}

#!/usr/bin/env node
import { main } from "../dist/cli.js";

// A reader that stops early (`chatgpt-app lint --list-rules | head -3`) closes the pipe: that is
// not an error of ours. Stop writing to that stream and finish quietly, whatever the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    stream.destroy();
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
});

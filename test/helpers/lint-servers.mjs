#!/usr/bin/env node
// Serves a fixture project the way a user's own server would, for lint's --command target:
//   node test/helpers/lint-servers.mjs stdio <projectDir>
//   node test/helpers/lint-servers.mjs http <projectDir> <port>
// It imports the built dist/, so `npm test` (which builds first) can spawn it without tsx.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadConfig } from "../../dist/config/load-config.js";
import { createAppServer } from "../../dist/host/app-state.js";
import { Host } from "../../dist/host/host.js";
import { startHttpServer } from "../../dist/host/http.js";
import { loadProject } from "../../dist/host/project.js";

const [mode, dir, port] = process.argv.slice(2);
const config = await loadConfig(dir);
const { state } = await loadProject(config, { mode: "production" });
if (mode === "stdio") {
  const server = await createAppServer(state);
  await server.connect(new StdioServerTransport());
} else {
  const http = await startHttpServer(new Host(state), { port: Number(port) });
  process.stderr.write(`listening on ${http.origin}\n`);
  const stop = () => http.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

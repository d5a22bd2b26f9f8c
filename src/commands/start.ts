import { resolve } from "node:path";
import kleur from "kleur";
import { CliError } from "../errors.js";
import { loadBuild } from "../host/build-output.js";
import { Host } from "../host/host.js";
import { startHttpServer } from "../host/http.js";
import { onShutdown } from "../util/shutdown.js";
import { processIo, type Io } from "../util/io.js";
import { createLogger, formatDuration, writerOf } from "../util/log.js";
import { packageVersion } from "../version.js";
import { productionServeOptions } from "../host/serve-options.js";
import { atProjectRoot } from "../config/project-root.js";
import { toolErrorLine, toolErrorReport } from "../host/tool-errors.js";
import { createResourceServer } from "../auth/index.js";
import { openStateServices } from "../state/services.js";

export interface StartOptions {
  cwd: string;
  dir: string;
  port?: number;
  host?: string;
}

/** `chatgpt-app start`: serves dist/ with the production HTTP surface. */
export async function runStart(options: StartOptions, io: Io = processIo()): Promise<number> {
  // --dir (default dist) is the project's build output, wherever in the project this runs.
  options = atProjectRoot(options);
  const started = performance.now();
  const log = createLogger(writerOf(io.stderr));
  const dir = resolve(options.cwd, options.dir);
  const { manifest, state } = await loadBuild(dir);
  const serve = productionServeOptions(manifest.serve, io.env, { port: options.port, host: options.host });

  const auth = createResourceServer({
    app: state.app.auth,
    config: manifest.serve.auth,
    env: process.env,
    publicUrl: serve.publicUrl && `${serve.publicUrl.replace(/\/+$/, "")}/mcp`,
  });
  // State, rate limits and (with Redis) sessions shared by every instance.
  const shared = await openStateServices({ env: io.env, cwd: options.cwd, appName: manifest.app.name, rateLimit: manifest.serve.rateLimit, log });
  // A tool's error goes to the log as one line (tool, error, stack), never with its arguments.
  const onToolError = (tool: string, error: unknown) => log.error(toolErrorLine(toolErrorReport(tool, error, resolve(options.cwd))));
  const host = new Host({ ...state, state: (owner) => shared.state.forRequest(owner), onToolError, authorizeTool: auth?.authorizeTool }, { sessions: shared.relay });
  let http;
  try {
    http = await startHttpServer(host, {
      port: serve.port,
      hostname: serve.host,
      allowedHosts: serve.allowedHosts,
      bodyLimit: manifest.serve.bodyLimit,
      basePath: serve.basePath,
      trustProxy: serve.trustProxy,
      sseKeepAliveMs: serve.sseKeepAlive * 1000,
      cache: { ttlMs: Math.round(serve.cacheTtl * 1000) },
      shutdownTimeoutMs: serve.shutdownTimeout * 1000,
      version: packageVersion(),
      onRefusedHost: (name) =>
        log.warn(
          `Refused Host "${name}" (DNS-rebinding protection). If it is this app's public name, set ALLOWED_HOSTS=${name}` +
            (serve.trustProxy ? "." : "; behind a proxy that sends X-Forwarded-Host, set TRUST_PROXY=true."),
        ),
      openaiAppsChallenge: process.env.OPENAI_APPS_CHALLENGE || manifest.serve.openaiAppsChallenge,
      onError: (error) => log.error(`Request failed: ${(error as Error).stack ?? String(error)}`),
      auth,
      rateLimits: shared.rateLimits,
      relay: shared.relay,
    });
  } catch (error) {
    await host.close();
    await shared.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new CliError("port_in_use", `Port ${serve.port} is already in use.`, { hint: "Stop the other server or set PORT." });
    }
    throw error;
  }
  const mcpUrl = `${(serve.publicUrl ?? http.origin).replace(/\/+$/, "")}/mcp`;
  auth?.setLocalUrl(`${http.origin}${serve.basePath}/mcp`);
  const tools = manifest.tools.length;
  log.success(
    `Serving ${manifest.app.name} (${tools} tool${tools === 1 ? "" : "s"}, ${state.widgets.size} widget${state.widgets.size === 1 ? "" : "s"}) ` +
      `on ${http.address} in ${formatDuration(performance.now() - started)}`,
  );
  if (http.address !== http.origin) log.info(kleur.dim(`  Every interface; on this machine: ${http.origin}${serve.basePath}/mcp`));
  log.info(kleur.dim(`  Accepting Host: ${http.allowedHosts.list().join(", ")}${serve.trustProxy ? " (X-Forwarded-Host trusted)" : ""}`));
  if (auth) log.info(kleur.dim(`  OAuth: tokens from ${auth.settings.issuer} for ${auth.audiences.join(", ")}${auth.settings.required ? " (every request)" : ""}`));
  log.info(kleur.dim(`  State: ${shared.describe}`));
  if (shared.rateLimits.describe) log.info(kleur.dim(`  Rate limits: ${shared.rateLimits.describe}`));
  if (serve.publicUrl) log.info(`  ChatGPT: ${kleur.cyan().bold(mcpUrl)}  (paste it in Settings → Apps → Connectors → Create)`);
  else log.info(`  MCP: ${kleur.cyan(mcpUrl)}`);
  // In a terminal the banner already shows it; stdout gets the URL when it goes to a script or a file.
  if (!(io.stdout.isTTY && io.stderr.isTTY)) io.stdout.write(`${mcpUrl}\n`);

  return onShutdown(async () => {
    log.info(kleur.dim("Shutting down…"));
    await http.close();
    await shared.close();
  });
}

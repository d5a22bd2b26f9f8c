import { createResourceServer, type ResourceServer } from "../../src/auth/index.js";
import type { UserConfig } from "../../src/config/types.js";
import { loadConfig } from "../../src/config/load-config.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject } from "../../src/host/project.js";
import type { RateLimits } from "../../src/state/rate-limit.js";
import { tempProject, type TempProject } from "./project.js";

export interface AuthHost {
  project: TempProject;
  http: HttpHandle;
  /** The app being served (`update` reloads it, as dev does). */
  host: Host;
  auth: ResourceServer;
  mcpUrl: string;
  close(): Promise<void>;
}

/** The auth-app fixture served in process over real HTTP, with the resource server `auth` describes. */
export async function serveAuthApp(
  auth: NonNullable<UserConfig["auth"]>,
  options: { acceptLocal?: boolean; publicUrl?: string; allowedHosts?: string[]; trustProxy?: boolean; files?: Record<string, string>; rateLimits?: RateLimits } = {},
): Promise<AuthHost> {
  const { allowedHosts, trustProxy, files, rateLimits, ...audiences } = options;
  const project = tempProject("auth-app", files);
  const loaded = await loadProject(await loadConfig(project.dir), { mode: "production" });
  const rs = createResourceServer({ config: auth, env: {}, issuer: { retryMs: 100, keysCooldownMs: 100 }, ...audiences })!;
  const host = new Host({ ...loaded.state, authorizeTool: rs.authorizeTool });
  const http = await startHttpServer(host, { port: 0, auth: rs, allowedHosts, trustProxy, rateLimits });
  const mcpUrl = `${http.origin}/mcp`;
  rs.setLocalUrl(mcpUrl);
  return {
    project,
    http,
    host,
    auth: rs,
    mcpUrl,
    async close() {
      await http.close();
      project.remove();
    },
  };
}

import { createResourceServer, type ResourceServer } from "../../src/auth/index.js";
import { loadConfig } from "../../src/config/load-config.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject } from "../../src/host/project.js";
import { createPreviewRoutes, type PreviewRoutes } from "../../src/preview/routes.js";
import { createSignInRoutes, ownResourceServer } from "../../src/preview/sign-in.js";
import type { AuthServer } from "./auth-server.js";
import { tempProject, type TempProject } from "./project.js";

export interface AuthPreview {
  project: TempProject;
  rs: ResourceServer;
  http: HttpHandle;
  routes: PreviewRoutes;
  close(): Promise<void>;
}

/** The auth-app fixture in dev mode with the preview and its sign-in, a resource server for `as` (scope notes:read), over real HTTP. */
export async function serveAuthPreview(as: AuthServer): Promise<AuthPreview> {
  const project = tempProject("auth-app");
  const loaded = await loadProject(await loadConfig(project.dir), { mode: "development" });
  const rs = createResourceServer({ config: { issuer: as.issuer, scopes: ["notes:read"] }, env: {}, acceptLocal: true })!;
  const host = new Host({ ...loaded.state, authorizeTool: rs.authorizeTool });
  const routes = createPreviewRoutes({ version: "test", servedWidget: (name) => host.state.widgets.get(name), signIn: createSignInRoutes(ownResourceServer(() => rs)) });
  const http = await startHttpServer(host, { port: 0, auth: rs, extraRoutes: routes.handle });
  rs.setLocalUrl(`${http.origin}/mcp`);
  return {
    project,
    rs,
    http,
    routes,
    async close() {
      routes.close();
      await http.close();
      project.remove();
    },
  };
}

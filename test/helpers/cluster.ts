/**
 * Several `chatgpt-app start` instances of one built project sharing a real Redis, behind a real
 * nginx that balances them round-robin on loopback (no sticky sessions).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, runNginx, type RunningNginx } from "../doctor/nginx.js";
import { spawnCli, type Spawned } from "./cli.js";

export interface Instance {
  /** `http://127.0.0.1:<port>/mcp`, straight to this instance. */
  url: string;
  start: Spawned;
}

export interface Cluster {
  instances: Instance[];
  /** `http://127.0.0.1:<port>/mcp` through nginx. */
  url: string;
  nginx: RunningNginx;
  stop(): Promise<void>;
}

export async function startInstance(dir: string, env: Record<string, string>): Promise<Instance> {
  const start = spawnCli(["start"], { cwd: dir, env: { PORT: "0", ...env } });
  const [url] = await start.waitForStdout(/http:\/\/127\.0\.0\.1:\d+\/mcp/);
  return { url, start };
}

export async function startCluster(dir: string, count: number, env: Record<string, string>): Promise<Cluster> {
  const instances = await Promise.all(Array.from({ length: count }, () => startInstance(dir, env)));
  const port = await freePort();
  const nginxDir = mkdtempSync(join(tmpdir(), "chatgpt-app-balancer-"));
  const upstreams = instances.map((i) => `    server ${new URL(i.url).host} max_fails=1 fail_timeout=30s;`).join("\n");
  const nginx = await runNginx(
    nginxDir,
    `
  upstream app {
${upstreams}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }`,
    [port],
  );
  return {
    instances,
    url: `http://127.0.0.1:${port}/mcp`,
    nginx,
    async stop() {
      await nginx.stop();
      for (const instance of instances) {
        instance.start.kill();
        await instance.start.exited;
      }
      rmSync(nginxDir, { recursive: true, force: true });
    },
  };
}

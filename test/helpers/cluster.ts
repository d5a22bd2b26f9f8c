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

// Whatever ends the test process, no `start` outlives it (each runs in its own process group).
const running = new Set<Spawned>();
process.once("exit", () => {
  for (const start of running) start.kill("SIGKILL");
});

/** SIGTERM, then SIGKILL when it has not exited within `graceMs`: a shutdown that hangs never holds the test run. */
export async function stopInstance(instance: Instance, graceMs = 5000): Promise<void> {
  instance.start.kill();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  await Promise.race([instance.start.exited, late]).finally(() => clearTimeout(timer));
  instance.start.kill("SIGKILL");
  await instance.start.exited;
  running.delete(instance.start);
}

export async function startInstance(dir: string, env: Record<string, string>): Promise<Instance> {
  const start = spawnCli(["start"], { cwd: dir, env: { PORT: "0", ...env } });
  running.add(start);
  try {
    const [url] = await start.waitForStdout(/http:\/\/127\.0\.0\.1:\d+\/mcp/, 20_000);
    return { url, start };
  } catch (error) {
    await stopInstance({ url: "", start }, 0);
    throw error;
  }
}

export async function startCluster(dir: string, count: number, env: Record<string, string>): Promise<Cluster> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startInstance(dir, env)));
  const instances = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  const stopAll = () => Promise.all(instances.map((instance) => stopInstance(instance)));
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
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
  ).catch(async (error: unknown) => {
    await stopAll();
    rmSync(nginxDir, { recursive: true, force: true });
    throw error;
  });
  return {
    instances,
    url: `http://127.0.0.1:${port}/mcp`,
    nginx,
    async stop() {
      try {
        await Promise.all([nginx.stop(), stopAll()]);
      } finally {
        rmSync(nginxDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A real nginx terminating TLS in front of loopback servers, with certificates from a test
 * CA made by openssl at test time. Everything lives in one temporary folder.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NGINX = "/usr/sbin/nginx";

export interface TestCa {
  dir: string;
  caFile: string;
  /** A certificate and key for `name`, signed by the CA, valid for `days` (negative: expired). */
  issue(name: string, days: number): { cert: string; key: string };
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

export function createTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-doctor-ca-"));
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(dir, ["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "365", "-subj", "/CN=doctor test CA"]);
  let serial = 0;
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    issue(name, days) {
      const base = `${name}-${++serial}`;
      openssl(dir, ["req", ...ec, "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${name}`]);
      writeFileSync(join(dir, `${base}.ext`), `subjectAltName=DNS:${name}\n`);
      openssl(dir, ["x509", "-req", "-in", `${base}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", String(1000 + serial), "-out", `${base}.pem`, "-days", String(days), "-extfile", `${base}.ext`]);
      return { cert: join(dir, `${base}.pem`), key: join(dir, `${base}.key`) };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ProxySite {
  /** The port nginx listens on (TLS). */
  port: number;
  cert: { cert: string; key: string };
  /** Where it forwards, e.g. http://127.0.0.1:8787. */
  upstream: string;
}

export interface RunningNginx {
  stop(): Promise<void>;
  log(): string;
}

function site(s: ProxySite): string {
  return `
  server {
    listen 127.0.0.1:${s.port} ssl;
    ssl_certificate ${s.cert.cert};
    ssl_certificate_key ${s.cert.key};
    location / {
      proxy_pass ${s.upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
    }
  }`;
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Starts nginx in the foreground with its pid, logs and temp folders in `dir`; resolves once every site accepts connections. */
export function startNginx(dir: string, sites: ProxySite[]): Promise<RunningNginx> {
  return runNginx(dir, sites.map(site).join("\n"), sites.map((s) => s.port));
}

// Whatever ends the test process, no nginx it started outlives it.
const runningNginx = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of runningNginx) child.kill("SIGKILL");
});

/** nginx with `servers` (blocks inside `http { }`), once each of `ports` accepts connections. */
export async function runNginx(dir: string, servers: string, ports: number[]): Promise<RunningNginx> {
  const prefix = join(dir, "nginx");
  mkdirSync(join(prefix, "logs"), { recursive: true });
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${join(prefix, t)};`).join("\n");
  const conf = `daemon off;
master_process off;
pid ${join(prefix, "nginx.pid")};
error_log ${join(prefix, "logs", "error.log")} warn;
events { worker_connections 1024; }
http {
  access_log ${join(prefix, "logs", "access.log")};
${temp}
${servers}
}
`;
  const file = join(prefix, "nginx.conf");
  writeFileSync(file, conf);
  let output = "";
  const child: ChildProcess = spawn(NGINX, ["-c", file, "-p", prefix], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  runningNginx.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => (runningNginx.delete(child), resolve())));
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await reachable(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`nginx did not start: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

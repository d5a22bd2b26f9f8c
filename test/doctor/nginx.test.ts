import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { DoctorReport } from "../../src/doctor/doctor.js";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { createTestCa, freePort, startNginx, type RunningNginx, type TestCa } from "./nginx.js";

const NAME = "app.test";

/**
 * `chatgpt-app start` of a lint-clean app behind a real nginx that terminates TLS with a
 * certificate from a test CA and forwards X-Forwarded-*. doctor reaches it by its public
 * name through --resolve, as before a DNS move.
 */
describe("doctor through nginx (TLS) in front of chatgpt-app start", () => {
  let project: TempProject;
  let ca: TestCa;
  let nginx: RunningNginx | undefined;
  const starts: Spawned[] = [];
  const ports = { clean: 0, hostRefused: 0, expired: 0, expiring: 0 };

  const startApp = async (env: Record<string, string>) => {
    const start = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0", ...env } });
    starts.push(start);
    const [url] = await start.waitForStdout(/http:\/\/127\.0\.0\.1:\d+/);
    return url;
  };

  before(async () => {
    project = tempProject("lint/clean");
    const built = await runCli(["build"], { cwd: project.dir });
    assert.equal(built.code, 0, built.stderr);
    ca = createTestCa();
    const valid = ca.issue(NAME, 90);
    const expired = ca.issue(NAME, -1);
    const expiring = ca.issue(NAME, 7);
    const allowed = await startApp({ ALLOWED_HOSTS: NAME });
    const refusing = await startApp({});
    ports.clean = await freePort();
    ports.hostRefused = await freePort();
    ports.expired = await freePort();
    ports.expiring = await freePort();
    nginx = await startNginx(ca.dir, [
      { port: ports.clean, cert: valid, upstream: allowed },
      { port: ports.hostRefused, cert: valid, upstream: refusing },
      { port: ports.expired, cert: expired, upstream: allowed },
      { port: ports.expiring, cert: expiring, upstream: allowed },
    ]);
  });

  after(async () => {
    await nginx?.stop();
    for (const start of starts) {
      start.kill();
      await start.exited;
    }
    ca?.remove();
    project?.remove();
  });

  const doctor = async (port: number, extra: string[] = [], env: Record<string, string> = {}) => {
    const args = ["doctor", `https://${NAME}:${port}/mcp`, "--resolve", `${NAME}:${port}:127.0.0.1`, "--format", "json", "--slow-ms", "10000", ...extra];
    const result = await runCli(args, { cwd: project.dir, env });
    assert.equal(result.stderr, "", "doctor writes its report on stdout only");
    const report = JSON.parse(result.stdout) as DoctorReport;
    const findings = report.checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => c.id).sort();
    return { code: result.code, report, findings, check: (id: string) => report.checks.find((c) => c.id === id)! };
  };

  test("a valid certificate, the public host allowed: clean: nothing fails or warns", async () => {
    const { code, findings, check, report } = await doctor(ports.clean, ["--ca", ca.caFile]);
    assert.deepEqual(findings, []);
    assert.equal(check("discover-missing").status, "pass");
    assert.equal(code, 0);
    for (const id of ["tls-invalid", "http-not-https", "session-required", "host-rejected", "host-check-disabled", "origin-not-checked", "cors-preflight", "widget-mime", "lint"]) {
      assert.equal(check(id).status, "pass", `${id}: ${check(id).cause ?? ""}`);
    }
    assert.ok(report.steps.some((s) => s.name === "tls"), "the TLS step is timed");
  });

  test("the proxy's Host is not allowed by start: host-rejected, with the allowedHosts fix", async () => {
    // The CA comes from NODE_EXTRA_CA_CERTS this time.
    const { code, findings, check } = await doctor(ports.hostRefused, [], { NODE_EXTRA_CA_CERTS: ca.caFile });
    assert.deepEqual(findings, ["host-rejected"]);
    assert.equal(code, 1);
    assert.match(check("host-rejected").cause!, /Host: app\.test:\d+ .*answered HTTP 403: Invalid Host: app\.test/);
    assert.match(check("host-rejected").fix!, /ALLOWED_HOSTS/);
    assert.match(check("session-required").cause!, /refused the public Host/);
  });

  test("an expired certificate: tls-invalid, and the other checks still run", async () => {
    const { code, findings, check } = await doctor(ports.expired, ["--ca", ca.caFile]);
    assert.deepEqual(findings, ["tls-invalid"]);
    assert.equal(code, 1);
    assert.match(check("tls-invalid").cause!, /CERT_HAS_EXPIRED/);
    assert.equal(check("session-required").status, "pass");
  });

  test("a certificate that expires within 14 days: tls-invalid warns, nothing fails", async () => {
    const { code, findings, check } = await doctor(ports.expiring, ["--ca", ca.caFile]);
    assert.deepEqual(findings, ["tls-invalid"]);
    assert.equal(check("tls-invalid").status, "warn");
    assert.match(check("tls-invalid").cause!, /expires in [67] days/);
    assert.equal(code, 0);
  });

  test("without the test CA the chain is the failure, and the fix says how to trust a private CA", async () => {
    const { findings, check } = await doctor(ports.clean);
    assert.deepEqual(findings, ["tls-invalid"]);
    assert.match(check("tls-invalid").cause!, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  });
});

// `start` against a bare v2 SDK server answering the same tools/call: in the 2026-07-28 era
// (the budget) and, for the record, in the 2025 era (the v2 SDK's stateless fallback).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { interleavedRatio, linkedFixture, startServer } from "./util.mjs";

export default async function ({ root, bin }) {
  const rows = [];
  const dir = linkedFixture(root, "basic");
  try {
    execFileSync(process.execPath, [bin, "build"], { cwd: dir, stdio: "ignore" });
    const bare = await startServer(process.execPath, [join(root, "bench", "fixtures", "bare-v2-server.mjs")], root, /(http:\/\/127\.0\.0\.1:\d+)/);
    const start = await startServer(process.execPath, [bin, "start", "--port", "0"], dir, /on (http:\/\/127\.0\.0\.1:\d+)/);
    try {
      for (const era of [2026, 2025]) {
        const { ratio, oursRate, bareRate, ratios, spread } = await interleavedRatio(start.url, bare.url, { era });
        const modern = era === 2026;
        rows.push({
          name: `start: tools/call throughput, ${modern ? "2026-07-28" : "2025-era"} requests, share of the bare v2 SDK server's (16 concurrent, keep-alive; median of 7 alternating rounds' ratios)`,
          value: ratio * 100,
          unit: "%",
          ...(modern ? { budget: "≥ 100%", ok: ratio >= 1 } : {}),
          note: `spread ${(spread[0] * 100).toFixed(0)}–${(spread[1] * 100).toFixed(0)}%; ours ${oursRate.toFixed(0)} calls/s, bare v2 createMcpHandler ${bareRate.toFixed(0)} calls/s (medians); round ratios ${ratios.map((r) => r.toFixed(2)).join(" ")}`,
        });
      }
    } finally {
      bare.stop();
      start.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Imported first by the runtime. Widgets run under a CSP without 'unsafe-eval'. zod (inside
 * the MCP SDK that ext-apps builds on) probes `new Function` the first time it builds an
 * object schema unless it is "jitless", and the SDK builds its schemas as it is imported:
 * the host's CSP blocks the probe and reports a violation for every widget. ext-apps' App
 * turns jitless on too, but only when constructed, after those imports have run.
 */
import { config } from "zod/v4/core";

config({ jitless: true });

/** `chatgpt-app/config`: `export default defineConfig({ … })` in chatgpt-app.config.ts. */
export { defineConfig, type UserConfig, type RuleSetting } from "../config/types.js";
export type { Tunnel, TunnelProvider, TunnelStartOptions } from "../dev/tunnel/types.js";

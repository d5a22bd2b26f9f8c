/**
 * ChatGPT, as the preview hosts it: both bridges (MCP Apps' `ui/*` for `text/html;profile=mcp-app`
 * resources, `window.openai` in every frame), inline and fullscreen (current ChatGPT has no
 * picture-in-picture: a request for it keeps the widget where it is), `_meta.ui.resourceUri`
 * read before the `openai/outputTemplate` alias, the conversation column's widths on desktop,
 * tablet and phone, the tool's `openai/toolInvocation/*` status texts, and the legacy opt-in
 * (`openai/widgetAccessible`) for `window.openai.callTool`.
 */
import type { Tool } from "@modelcontextprotocol/client";
import { appVisibilityRefusal, grantWithin, MCP_APP_MIME, mcpAppsWidgetUri, NO_INSETS, PHONE_INSETS, SKYBRIDGE_MIME, visibilityOf } from "./shared.js";
import type { HostProfile } from "./types.js";

const meta = (tool: Tool) => (tool._meta ?? {}) as Record<string, unknown>;

export const chatgpt: HostProfile = {
  id: "chatgpt",
  label: "ChatGPT",
  widgetMimeTypes: [MCP_APP_MIME, SKYBRIDGE_MIME],
  widgetUriOf(tool: Tool) {
    const uri = mcpAppsWidgetUri(tool) ?? meta(tool)["openai/outputTemplate"];
    return typeof uri === "string" ? uri : undefined;
  },
  bridges: {
    mcpApps: {
      mimeTypes: [MCP_APP_MIME],
      capabilities: {
        openLinks: {},
        serverTools: {},
        serverResources: {},
        logging: {},
        message: { text: {} },
        updateModelContext: { text: {}, structuredContent: {} },
      },
    },
    openai: true,
  },
  noBridgeNote: (mimeType) => `${mimeType}: ChatGPT enables only window.openai for this MIME type, not the MCP Apps bridge.`,
  sandbox: ["allow-scripts", "allow-forms", "allow-popups", "allow-popups-to-escape-sandbox"],
  themes: ["light", "dark"],
  styles: {
    light: {
      "--color-background-primary": "#ffffff",
      "--color-background-secondary": "#f7f7f8",
      "--color-text-primary": "#0d0d0d",
      "--color-text-secondary": "#5d5d5d",
      "--color-border-primary": "#e5e5e5",
    },
    dark: {
      "--color-background-primary": "#212121",
      "--color-background-secondary": "#303030",
      "--color-text-primary": "#ffffff",
      "--color-text-secondary": "#afafaf",
      "--color-border-primary": "#424242",
    },
  },
  displayModes: ["inline", "fullscreen"],
  grantDisplayMode: grantWithin(["inline", "fullscreen"]),
  devices: {
    desktop: { width: 768, platform: "web", touch: false, hover: true, fullscreenInsets: NO_INSETS, fullscreenFillsWindow: true },
    tablet: { width: 680, platform: "mobile", touch: true, hover: false, fullscreenInsets: { top: 24, right: 0, bottom: 20, left: 0 }, fullscreenFillsWindow: false },
    mobile: { width: 375, platform: "mobile", touch: true, hover: false, fullscreenInsets: PHONE_INSETS, fullscreenFillsWindow: false },
  },
  limits: { maxHeight: { inline: "viewport", pip: 360, fullscreen: "viewport" }, pipWidth: 420 },
  hostContext: [
    "theme",
    "styles",
    "displayMode",
    "availableDisplayModes",
    "containerDimensions",
    "locale",
    "timeZone",
    "userAgent",
    "platform",
    "deviceCapabilities",
    "safeAreaInsets",
    "toolInfo",
  ],
  mirrorsLocale: true,
  followUps: "send",
  advertisesUi: true,
  statusText(tool, phase) {
    const text = meta(tool)[`openai/toolInvocation/${phase}`];
    return typeof text === "string" && text ? text : phase === "invoking" ? `Calling ${tool.title ?? tool.name}…` : `Called ${tool.title ?? tool.name}`;
  },
  fullscreenComposer: true,
  refuseToolCall(name, tool, via) {
    const refusal = appVisibilityRefusal(name, tool);
    if (refusal || !tool) return refusal;
    const accessible = meta(tool)["openai/widgetAccessible"] === true;
    // The legacy path asks the tool to opt in, unless its MCP Apps visibility says so.
    if (via === "window.openai.callTool" && !accessible && !visibilityOf(tool)) return `${name} has no openai/widgetAccessible: true.`;
    return undefined;
  },
};

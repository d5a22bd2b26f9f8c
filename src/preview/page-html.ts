/**
 * The preview page's HTML shell and styles; `client/main.ts` renders everything inside. Sizes and
 * colours that belong to the emulated host (picture-in-picture, the stage's background) are CSS
 * variables the page sets from the host's profile.
 */

const STYLE = `
:root { color-scheme: light; --bg: #f7f7f8; --panel: #fff; --text: #1f2328; --muted: #667085; --line: #e4e7ec;
  --accent: #10a37f; --danger: #b42318; --danger-bg: #fef3f2; font: 14px/1.45 ui-sans-serif, system-ui, sans-serif; }
* { box-sizing: border-box; }
/* An element the page hides keeps hidden whatever display its class gives it. */
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--text); }
header { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 16px; align-items: center;
  padding: 10px 20px; background: var(--panel); border-bottom: 1px solid var(--line); }
header h1 { font-size: 15px; margin: 0 12px 0 0; }
header .status { color: var(--muted); font-size: 12px; margin-left: auto; }
header .sign-in { display: inline-flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 12px; }
header .sign-in-challenge { flex-basis: 100%; color: var(--danger); display: flex; gap: 8px; }
label { display: inline-flex; gap: 6px; align-items: center; color: var(--muted); font-size: 12px; }
select, input, textarea, button { font: inherit; color: inherit; }
select, input[type=text] { padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
button { padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: .5; cursor: not-allowed; }
.layout { display: grid; grid-template-columns: 260px 1fr; gap: 20px; padding: 20px; align-items: start; }
aside { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px; position: sticky; top: 70px; }
aside h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 4px 0 8px; }
aside ul { list-style: none; margin: 0 0 12px; padding: 0; }
aside li { padding: 4px 0; border-bottom: 1px solid var(--line); }
aside li small { display: block; color: var(--muted); }
aside a { color: inherit; }
main { display: flex; flex-direction: column; gap: 20px; min-width: 0; }
.banner { background: var(--danger-bg); color: var(--danger); border: 1px solid var(--danger); border-radius: 10px; padding: 10px 14px; }
.banner pre { margin: 6px 0 0; white-space: pre-wrap; font: 12px/1.4 ui-monospace, monospace; }
.widget-panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px; }
.widget-panel > h2 { margin: 0 0 12px; font-size: 16px; display: flex; gap: 10px; align-items: baseline; }
.widget-panel > h2 small { color: var(--muted); font-weight: normal; font-size: 12px; overflow-wrap: anywhere; }
.controls { display: grid; grid-template-columns: 1fr auto; gap: 10px 16px; margin-bottom: 14px; }
.controls .row { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
.input-json { width: 100%; min-height: 84px; font: 12px/1.4 ui-monospace, monospace; padding: 8px;
  border: 1px solid var(--line); border-radius: 6px; resize: vertical; }
.input-json.invalid { border-color: var(--danger); }
.input-errors { color: var(--danger); font-size: 12px; white-space: pre-wrap; min-height: 1em; }
.hint { color: var(--muted); font-size: 12px; }
.viewport { background: repeating-conic-gradient(#eef0f3 0 25%, transparent 0 50%) 0 0 / 16px 16px; border-radius: 8px; padding: 12px;
  overflow-x: auto; }
.stage { position: relative; margin: 0 auto; width: var(--device-width, 768px); max-width: 100%; background: var(--stage-background, var(--panel));
  border-radius: 12px; overflow: hidden; box-shadow: 0 0 0 1px var(--line); }
.stage iframe { display: block; width: 100%; height: 120px; border: 0; }
.frame-slot { position: relative; }
.stage iframe[data-pending] { position: absolute; top: 0; left: 0; opacity: 0; pointer-events: none; }
.stage.mode-pip { position: fixed; z-index: 40; right: 20px; bottom: 20px; width: min(var(--device-width), var(--pip-width, 420px)); height: var(--pip-height, 360px);
  box-shadow: 0 12px 40px rgba(0,0,0,.25); }
.stage.mode-fullscreen { position: fixed; z-index: 50; inset: 0; margin: 0 auto; width: var(--fullscreen-width, 100vw); max-width: none;
  border-radius: 0; height: 100vh; box-shadow: 0 0 0 100vmax rgba(0,0,0,.55); }
.stage.mode-pip .frame-slot, .stage.mode-fullscreen .frame-slot { height: 100%; }
.stage.mode-pip iframe, .stage.mode-fullscreen iframe { height: 100% !important; }
.stage .exit-mode { display: none; position: absolute; top: 8px; right: 8px; z-index: 2; }
.stage.mode-pip .exit-mode, .stage.mode-fullscreen .exit-mode { display: block; }
.overlay { position: absolute; inset: 0; z-index: 3; background: rgba(24, 24, 27, .92); color: #fecdca; padding: 16px; overflow: auto; min-height: 120px; }
.overlay h3 { margin: 0 0 6px; color: #fff; font-size: 14px; }
.overlay .location { color: #fff; font: 13px ui-monospace, monospace; }
.overlay pre { white-space: pre-wrap; font: 12px/1.4 ui-monospace, monospace; }
.stage.has-overlay { min-height: 200px; }
.conversation { width: calc(var(--device-width, 768px) + 24px); max-width: 100%; margin: 0 auto; display: flex; flex-direction: column; gap: 10px;
  padding: 12px; border-radius: 12px; background: var(--stage-background, var(--panel)); color: var(--conversation-text, var(--text)); }
.conversation .viewport { padding: 0; background: none; }
.conversation .turn.user { align-self: flex-end; max-width: 80%; padding: 8px 14px; border-radius: 18px; background: var(--conversation-bubble, #f0f0f0); white-space: pre-wrap; }
.turn.assistant { display: flex; flex-direction: column; gap: 8px; }
.tool-status { font-size: 13px; opacity: .7; }
.tool-status.running { animation: pulse 1.2s ease-in-out infinite; }
@keyframes pulse { 50% { opacity: .35; } }
.model-sees summary { cursor: pointer; font-size: 12px; opacity: .7; }
.model-sees pre { margin: 6px 0 0; white-space: pre-wrap; font: 12px/1.4 ui-monospace, monospace; }
.follow-ups, .earlier { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.earlier li { display: flex; flex-direction: column; align-items: flex-end; gap: 2px; opacity: .75; }
.earlier small { font-size: 11px; }
.composer { display: flex; gap: 8px; align-items: center; padding: 6px 6px 6px 14px; border-radius: 24px; border: 1px solid rgba(128,128,128,.35);
  background: var(--stage-background, var(--panel)); }
.composer input { flex: 1; border: 0; outline: 0; background: transparent; color: inherit; padding: 6px 0; }
.composer button, .stage .exit-mode { border-radius: 18px; background: var(--panel); color: var(--text); }
.host-claude .composer { border-radius: 16px; }
.host-vscode .composer { border-radius: 4px; }
.stage.mode-fullscreen .composer { position: absolute; z-index: 2; left: 50%; transform: translateX(-50%); bottom: 16px; width: min(720px, calc(100% - 32px)); }
.stage.mode-fullscreen:has(.composer) .frame-slot { height: calc(100% - 76px); }
.refused { padding: 16px; color: var(--danger); background: var(--danger-bg); }
.refused p { margin: 6px 0 0; }
details.log { margin-top: 12px; }
details.log summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.log-entries { list-style: none; margin: 6px 0 0; padding: 0; max-height: 260px; overflow: auto; font: 12px/1.4 ui-monospace, monospace; }
.log-entries li { padding: 4px 6px; border-bottom: 1px solid var(--line); display: grid; grid-template-columns: 64px minmax(150px, 240px) 1fr; gap: 8px; }
.log-entries li .time { color: var(--muted); }
.log-entries li .what { font-weight: 600; }
.log-entries li .detail { white-space: pre-wrap; overflow-wrap: anywhere; }
.log-entries li.error { background: var(--danger-bg); color: var(--danger); }
.log-entries li.host .what { color: var(--muted); }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** The page at `/`. Its script reads its settings from `data-*` attributes of `<body>`. */
export function renderPreviewPage(options: { version?: string; mcpPath: string; serverUrl?: string }): string {
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    "<title>chatgpt-app preview</title>\n" +
    `<style>${STYLE}</style>\n</head>\n` +
    `<body data-mcp-path="${escapeHtml(options.mcpPath)}" data-version="${escapeHtml(options.version ?? "")}"` +
    `${options.serverUrl ? ` data-server-url="${escapeHtml(options.serverUrl)}"` : ""}>\n` +
    '<noscript>The preview needs JavaScript.</noscript>\n<div id="app"></div>\n' +
    '<script type="module" src="/__chatgpt-app/preview.js"></script>\n</body>\n</html>\n'
  );
}

import assert from "node:assert/strict";
import type { Page } from "playwright-core";

/**
 * A stand-in for ChatGPT's side of the MCP Apps bridge, in a real page: it loads the built
 * widget in a sandboxed iframe, answers `ui/initialize`, sends the tool's result, answers
 * `tools/call`, and gives the widget a `window.openai` with widget state. It records what
 * the widget sent, so a test can check the whole dialogue.
 */
const HOST_SCRIPT = `
window.sent = [];
window.hostSend = (message) => document.getElementById("widget").contentWindow.postMessage(message, "*");
window.addEventListener("message", (event) => {
  const m = event.data;
  if (!m || m.jsonrpc !== "2.0") { if (m && m.type === "saved") window.sent.push({ method: "setWidgetState", params: m.state }); return; }
  window.sent.push(m);
  if (m.method === "ui/initialize") window.hostSend({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: "2026-01-26", hostInfo: { name: "test-host", version: "1.0.0" }, hostCapabilities: { serverTools: {} }, hostContext: { theme: "dark" } } });
  if (m.method === "ui/notifications/initialized") window.hostSend({ jsonrpc: "2.0", method: "ui/notifications/tool-result", params: window.firstResult });
  if (m.method === "tools/call") window.hostSend({ jsonrpc: "2.0", id: m.id, result: window.nextResult });
});
`;

export interface DiceRoll {
  rolls: number[];
  total: number;
  sides: number;
  /** The widget session the server minted, and that session's rolls, oldest first (what roll_dice returns). */
  session?: string;
  history?: Array<{ rolls: number[]; total: number; sides: number }>;
}

/** A roll as the server answers it: in `session`, after the rolls of `earlier`. */
const inSession = (session: string, roll: DiceRoll, earlier: DiceRoll[] = []): DiceRoll => ({
  ...roll,
  session,
  history: [...earlier, roll].map(({ rolls, total, sides }) => ({ rolls, total, sides })),
});

const result = (roll: DiceRoll) => ({ content: [{ type: "text", text: `total ${roll.total}` }], structuredContent: roll });

/** Loads `html` as ChatGPT would (sandboxed, opaque origin), with `saved` as its widget state. */
export async function mountWidget(page: Page, html: string, options: { saved?: unknown; first: DiceRoll; next: DiceRoll }): Promise<void> {
  const openai = `<script>window.openai = { widgetState: ${JSON.stringify(options.saved ?? null)}, setWidgetState(state) { window.openai.widgetState = state; parent.postMessage({ type: "saved", state }, "*"); } };</script>`;
  const withOpenAi = html.replace(/<head>/i, `<head>${openai}`);
  await page.setContent(`<!doctype html><html><body><script>${HOST_SCRIPT}</script></body></html>`);
  await page.evaluate(
    ({ srcdoc, first, next }) => {
      const w = window as unknown as { firstResult: unknown; nextResult: unknown };
      w.firstResult = first;
      w.nextResult = next;
      const frame = document.createElement("iframe");
      frame.id = "widget";
      frame.setAttribute("sandbox", "allow-scripts");
      frame.srcdoc = srcdoc;
      document.body.append(frame);
    },
    { srcdoc: withOpenAi, first: result(options.first), next: result(options.next) },
  );
}

export async function facesOf(page: Page): Promise<string[]> {
  const faces = page.frameLocator("#widget").locator(".face");
  await faces.first().waitFor();
  return faces.allTextContents();
}

export async function sentBy(page: Page): Promise<Array<{ method?: string; params?: any }>> {
  return page.evaluate(() => (window as unknown as { sent: Array<{ method?: string; params?: unknown }> }).sent);
}

/**
 * The widget shows the result, calls the tool from "Roll again" with the result's session, shows the
 * history the server keeps for it, saves the latest roll, and restores a saved roll.
 */
export async function checkDiceWidget(page: Page, html: string): Promise<void> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const first = inSession("h_session", { rolls: [2, 5], total: 7, sides: 6 });
  const next = inSession("h_session", { rolls: [6, 6], total: 12, sides: 6 }, [first]);
  await mountWidget(page, html, { first, next });
  const frame = page.frameLocator("#widget");
  assert.deepEqual(await facesOf(page), ["2", "5"]);
  assert.match((await frame.locator(".total").textContent()) ?? "", /Total 7/);
  assert.equal(await frame.locator("html").getAttribute("data-theme"), "dark", "the host's theme is applied");

  await frame.getByRole("button", { name: "Roll again" }).click();
  await frame.locator(".face", { hasText: "6" }).first().waitFor();
  assert.deepEqual(await facesOf(page), ["6", "6"]);
  assert.match((await frame.locator(".history").textContent()) ?? "", /Earlier totals: 7/);

  const sent = await sentBy(page);
  const methods = sent.map((m) => m.method);
  assert.equal(methods[0], "ui/initialize", "the handshake comes first");
  assert.ok(methods.includes("ui/notifications/initialized"));
  assert.ok(methods.includes("ui/notifications/size-changed"), "the widget reports its size");
  const call = sent.find((m) => m.method === "tools/call");
  // ext-apps' App adds `_meta.progressToken` to the call; the tool and its arguments are what matter.
  assert.deepEqual({ name: call?.params?.name, arguments: call?.params?.arguments }, { name: "roll_dice", arguments: { count: 2, sides: 6, session: "h_session" } });
  const saved = sent.filter((m) => m.method === "setWidgetState").map((m) => m.params);
  assert.deepEqual(saved.at(-1), { roll: next });

  // Shown again later: ChatGPT hands back the saved state, which wins over the first result.
  await mountWidget(page, html, {
    saved: { roll: inSession("h_other", { rolls: [1, 1, 1], total: 3, sides: 4 }, [{ rolls: [3, 3, 3], total: 9, sides: 4 }]) },
    first,
    next: inSession("h_other", { rolls: [4, 4, 4], total: 12, sides: 4 }),
  });
  await frame.locator(".face").first().waitFor();
  // Give the first result time to arrive, so a widget that let it win would show it.
  await page.waitForFunction(() => (window as unknown as { sent: Array<{ method?: string }> }).sent.some((m) => m.method === "ui/notifications/initialized"));
  await page.waitForTimeout(100);
  assert.deepEqual(await facesOf(page), ["1", "1", "1"]);
  assert.match((await frame.locator(".history").textContent()) ?? "", /Earlier totals: 9/);
  assert.deepEqual(errors, []);
}

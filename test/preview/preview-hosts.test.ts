import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { REPO_ROOT, tempProject } from "../helpers/project.js";
import { linkReact, logTexts, startPreviewServerIn, waitForWidgetText, widgetFrame, type PreviewServer } from "./preview-harness.js";

const SHOTS = join(REPO_ROOT, "test-results", "preview");

/** What each host allows and refuses, as a widget meets it. */
const HOSTS = [
  { id: "chatgpt", modes: ["inline", "fullscreen"], openai: "object", pip: "inline", followUp: "turn" },
  { id: "claude", modes: ["inline", "fullscreen"], openai: "undefined", pip: "inline", followUp: "composer" },
  { id: "vscode", modes: ["inline"], openai: "undefined", pip: "inline", followUp: "turn" },
  { id: "goose", modes: ["inline", "fullscreen", "pip"], openai: "undefined", pip: "pip", followUp: "turn" },
  { id: "mcp-apps", modes: ["inline", "fullscreen", "pip"], openai: "undefined", pip: "pip", followUp: "turn" },
] as const;

let server: PreviewServer;
let browser: BrowserHandle;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const project = tempProject("preview-app");
  linkReact(project.dir);
  // The legacy widget declares a ui.domain in ChatGPT's form, which Claude refuses.
  project.write(
    "chatgpt-app.config.json",
    JSON.stringify({ widgets: { csp: { connectDomains: [], resourceDomains: [] }, overrides: { legacy: { uiDomain: "https://legacy.example.com" } } } }),
  );
  server = await startPreviewServerIn(project);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.pageUrl}?${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** `typeof window.openai` in the card's frame (asked again while a frame is being swapped). */
const openaiIn = (page: Page, expected: string) =>
  waitFor(async () => ((await widgetFrame(page, "card").locator("body").evaluate(() => typeof (window as { openai?: unknown }).openai).catch(() => "")) === expected ? true : undefined));

async function callCard(page: Page): Promise<void> {
  await page.locator('[data-widget="card"] .input-json').fill('{"title": "Margherita", "count": 2}');
  await page.locator('[data-widget="card"] .call-tool').click();
  await waitForWidgetText(page, "card", "#title", (t) => t === "Margherita");
}

describe("the preview emulates each host", () => {
  for (const host of HOSTS) {
    test(`${host.id}: its display modes, window.openai or not, pip granted or kept, follow-ups sent or prefilled`, async () => {
      const page = await open(`host=${host.id}&widget=card`);
      try {
        assert.equal(await page.locator("header select.host").inputValue(), host.id);
        const panel = page.locator('[data-widget="card"]');
        assert.deepEqual(await panel.locator("select.display-mode option").allTextContents(), [...host.modes]);
        await callCard(page);
        const frame = widgetFrame(page, "card");
        await openaiIn(page, host.openai);
        if (host.openai === "undefined") await waitFor(async () => (await logTexts(page, "card")).find((t) => t.includes(`no window.openai in`)));

        await frame.locator("#pip").click();
        await waitForWidgetText(page, "card", "#display-mode", (t) => t === host.pip);
        if (host.pip !== "pip") {
          const refusal = await waitFor(async () => (await logTexts(page, "card")).find((t) => /pip refused/.test(t)));
          assert.match(refusal, /stays inline/);
        } else {
          assert.match((await panel.locator(".stage").getAttribute("class"))!, /mode-pip/);
          await panel.locator(".exit-mode").click();
          await waitForWidgetText(page, "card", "#display-mode", (t) => t === "inline");
        }

        await frame.locator("#say").click();
        if (host.followUp === "composer") {
          await waitFor(async () => ((await panel.locator(".composer-input").inputValue()) === "Show me another card" ? true : undefined));
          assert.equal(await panel.locator(".follow-ups li").count(), 0, "Claude sends nothing itself");
        } else {
          await panel.locator(".follow-ups li.turn.user", { hasText: "Show me another card" }).waitFor();
        }
        await page.screenshot({ path: join(SHOTS, `host-${host.id}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    });
  }

  test("claude refuses a widget whose ui.domain is not its own, and says why; ChatGPT renders it", async () => {
    const claude = await open("host=claude&widget=legacy");
    try {
      const refused = claude.locator('[data-widget="legacy"] .refused');
      await refused.waitFor();
      assert.match((await refused.textContent())!, /claudemcpcontent\.com.*https:\/\/legacy\.example\.com/);
      assert.equal(await claude.locator('[data-widget="legacy"] iframe').count(), 0);
    } finally {
      await claude.close();
    }
  });

  test("switching the host re-renders the widgets the new host's way", async () => {
    const page = await open("host=chatgpt&widget=card");
    try {
      await callCard(page);
      await openaiIn(page, "object");
      await page.locator("header select.host").selectOption("vscode");
      await waitFor(async () => ((await page.locator('[data-widget="card"] select.display-mode option').allTextContents()).join() === "inline" ? true : undefined));
      await openaiIn(page, "undefined");
      assert.equal(await page.evaluate(() => document.body.dataset.host), "vscode");
    } finally {
      await page.close();
    }
  });
});

describe("the conversation around the widget", () => {
  test("status texts, what the model sees, fullscreen with the composer, and the widget's state after the page reloads", async () => {
    const page = await open("host=chatgpt&widget=card&theme=dark");
    try {
      // The tests above talked to the same widget on this origin: start the conversation afresh.
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      const panel = page.locator('[data-widget="card"]');
      await callCard(page);
      assert.equal(await panel.locator(".tool-status").textContent(), "Called Show card");
      assert.match((await panel.locator(".model-sees pre").textContent())!, /Margherita/);
      await widgetFrame(page, "card").locator("#like").click();
      await widgetFrame(page, "card").locator("#like").click();
      await waitForWidgetText(page, "card", "#likes", (t) => t === "2");

      await widgetFrame(page, "card").locator("#fullscreen").click();
      await waitFor(async () => ((await panel.locator(".stage.mode-fullscreen .composer").count()) === 1 ? true : undefined));
      await page.screenshot({ path: join(SHOTS, "conversation-fullscreen.png") });
      await panel.locator(".exit-mode").click();
      await waitFor(async () => ((await panel.locator(".conversation > .composer").count()) === 1 ? true : undefined));

      // A second call is a new message; the first keeps its state.
      await panel.locator(".call-tool").click();
      await waitFor(async () => ((await panel.locator(".earlier li").count()) === 1 ? true : undefined));
      assert.match((await panel.locator(".earlier li").textContent())!, /widget state \{"likes":2\}/);
      await waitForWidgetText(page, "card", "#likes", (t) => t === "0");
      await widgetFrame(page, "card").locator("#like").click();
      await waitForWidgetText(page, "card", "#likes", (t) => t === "1");

      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      assert.equal(await waitForWidgetText(page, "card", "#likes", (t) => t !== ""), "1", "the last message's state is restored");
      assert.equal(await waitForWidgetText(page, "card", "#title", (t) => t !== ""), "Margherita");
      assert.equal(await panel.locator(".earlier li").count(), 1);
      await page.screenshot({ path: join(SHOTS, "conversation.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

/**
 * One widget rendered through the preview page, the way a person would: open the page on the
 * widget's panel under the host, theme and device asked for, call the tool, wait until the frame
 * stops changing, and take the panel's stage. What the page logged as an error since the call
 * (an uncaught error, a CSP violation, a failed tool) and a blank stage are the problems.
 */
import type { BrowserContext, Locator, Page } from "playwright-core";
import { CliError } from "../errors.js";
import type { Shot } from "./plan.js";

export interface CaptureEnv {
  host: string;
  theme: string;
  device: string;
}

export interface Capture {
  png: Buffer;
  problems: string[];
}

/** The page's parts this module reads (its controls, a panel's tool form, stage and log). */
const PAGE = {
  ready: 'body[data-ready="true"]',
  theme: "header select.theme",
  device: "header select.device",
  panel: (widget: string) => `[data-widget="${widget.replaceAll('"', '\\"')}"]`,
  tool: ".tool-select",
  input: ".input-json",
  inputErrors: ".input-errors",
  call: ".call-tool",
  stage: ".stage",
  frame: ".stage iframe",
  logEntry: ".log-entries li",
};

const POLL_MS = 100;
/** The frame has settled when its size and document stay the same this many polls in a row. */
const STABLE_POLLS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out ${what}`);
    await sleep(POLL_MS);
  }
}

/** Sets a control of the page when it has it (a host with one theme has nothing to choose). */
async function choose(page: Page, selector: string, value: string): Promise<void> {
  const control = page.locator(selector);
  if ((await control.count()) === 0 || (await control.inputValue()) === value) return;
  await control.selectOption(value);
}

/** Waits until the widget's frame keeps its height and its document for a few polls. */
async function settle(panel: Locator, deadline: number): Promise<void> {
  let last = "";
  let stable = 0;
  await until("waiting for the widget to finish rendering", deadline, async () => {
    const handle = await panel.locator(PAGE.frame).elementHandle({ timeout: 1_000 }).catch(() => null);
    const frame = await handle?.contentFrame();
    if (!handle || !frame) return undefined;
    const box = await handle.boundingBox();
    const content = await frame.evaluate(() => `${document.readyState} ${document.body?.innerHTML.length ?? 0}`).catch(() => "");
    const now = `${box?.height} ${content}`;
    stable = now === last && content.startsWith("complete") ? stable + 1 : 0;
    last = now;
    return stable >= STABLE_POLLS ? true : undefined;
  }).catch(() => undefined); // A widget that animates for ever is taken as it is at the deadline.
}

/** True when every pixel inside the stage's rounded corners is the same colour. */
function isBlank(png: string): Promise<boolean> {
  return (async () => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const inset = Math.min(16, Math.floor(image.width / 4), Math.floor(image.height / 4));
    const width = image.width - 2 * inset;
    const height = image.height - 2 * inset;
    if (width <= 0 || height <= 0) return true;
    const data = context.getImageData(inset, inset, width, height).data;
    for (let i = 4; i < data.length; i += 4) {
      if (Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!) > 24) return false;
    }
    return true;
  })();
}

/** The errors among the log entries the page added since it had `before` of them (it adds the newest first). */
async function newErrors(panel: Locator, before: number): Promise<string[]> {
  const all = await panel.locator(PAGE.logEntry).evaluateAll((items) => 
    items.map((li) => ({
      error: li.classList.contains("error"),
      text: [li.querySelector(".what")?.textContent, li.querySelector(".detail")?.textContent].filter(Boolean).join(": ").trim(),
    })),
  );
  return all.slice(0, Math.max(0, all.length - before)).filter((e) => e.error).map((e) => e.text);
}

export async function captureWidget(context: BrowserContext, pageUrl: string, shot: Shot, env: CaptureEnv, timeoutMs: number): Promise<Capture> {
  const deadline = Date.now() + timeoutMs;
  const page = await context.newPage();
  try {
    const query = new URLSearchParams({ host: env.host, theme: env.theme, device: env.device, widget: shot.widget });
    await page.goto(`${pageUrl}?${query}`, { timeout: timeoutMs });
    await page.waitForSelector(PAGE.ready, { timeout: Math.max(1, deadline - Date.now()) });
    await choose(page, PAGE.theme, env.theme);
    await choose(page, PAGE.device, env.device);
    const panel = page.locator(PAGE.panel(shot.widget));
    if ((await panel.count()) === 0) return { png: await page.screenshot(), problems: [`The preview shows no widget "${shot.widget}" under ${env.host}.`] };
    // The checkerboard behind the stage would show in its rounded corners.
    await page.addStyleTag({ content: ".viewport { background: none !important; padding: 0 !important; }" });
    await panel.locator(PAGE.tool).selectOption(shot.tool);
    if (shot.args !== undefined) await panel.locator(PAGE.input).fill(JSON.stringify(shot.args, null, 2));
    if (await panel.locator(PAGE.call).isDisabled()) {
      const why = ((await panel.locator(PAGE.inputErrors).textContent()) ?? "").trim();
      throw new CliError("usage_invalid", `The input for ${shot.tool} does not fit its input schema${why ? `: ${why}` : "."}`, {
        hint: `Give a JSON object that does with --args '{…}'.`,
      });
    }
    const before = await panel.locator(PAGE.logEntry).count();
    await panel.locator(PAGE.call).click();
    const done = new RegExp(`^${shot.tool.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} (result|failed)`);
    await until(`waiting for ${shot.tool} to answer`, deadline, async () => {
      const whats = await panel.locator(`${PAGE.logEntry} .what`).allTextContents();
      return whats.slice(0, Math.max(0, whats.length - before)).some((w) => done.test(w)) ? true : undefined;
    });
    await settle(panel, deadline);
    // The stage's own box, whole pixels: centred, it may sit on a half pixel that an element shot would round outwards.
    const box = await panel.locator(PAGE.stage).boundingBox();
    if (!box) throw new Error("the widget's stage is not on the page");
    // The box is in the viewport, the clip of a full-page shot in the page.
    const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
    const clip = { x: Math.round(box.x + scroll.x), y: Math.round(box.y + scroll.y), width: Math.round(box.width), height: Math.round(box.height) };
    const png = await page.screenshot({ clip, fullPage: true, timeout: Math.max(1, deadline - Date.now()) });
    const problems = await newErrors(panel, before);
    if (await page.evaluate(isBlank, png.toString("base64"))) problems.push("The widget rendered nothing: its frame is one flat colour.");
    return { png, problems };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * The conversation around one widget, drawn the way the emulated host draws it: the status
 * line over the tool call (while it runs and once it has), the widget, the text content the
 * model is given, the widget's follow-ups as the user's turns (or, for a host that only
 * prefills, in the composer), and the composer. Each tool call is a message; its input, result
 * and widget state are kept per message in localStorage, so a reload of the page shows the
 * same message with the same state.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/client";
import type { HostProfile } from "../hosts/index.js";
import { h } from "./dom.js";
import type { FrameData } from "./widget-frame.js";

interface Message extends FrameData {
  id: number;
  tool: string;
  followUps: string[];
  failed?: string;
}

const MAX_MESSAGES = 20;

/** What the model is given of a result: its text content (structuredContent goes to the widget). */
export function modelText(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
}

export class Conversation {
  readonly element: HTMLElement;
  /** The composer: under the conversation, or under the widget in a fullscreen that keeps it. */
  readonly composer: HTMLElement;
  readonly #host: HostProfile;
  readonly #key: string;
  #messages: Message[] = [];
  readonly #ui = {
    earlier: h("ol", { class: "earlier" }),
    status: h("div", { class: "tool-status" }),
    sees: h("details", { class: "model-sees" }),
    followUps: h("ol", { class: "follow-ups" }),
    draft: h("input", { class: "composer-input", type: "text", placeholder: "Message", "aria-label": "Composer" }),
  };

  /** `stage` is the widget's place in the assistant's turn. */
  constructor(host: HostProfile, widget: string, stage: HTMLElement) {
    this.#host = host;
    this.#key = `chatgpt-app-preview:conversation:${host.id}:${widget}`;
    const ui = this.#ui;
    this.composer = h("div", { class: "composer" }, ui.draft, h("button", { type: "button", disabled: true, title: "The preview has no model to answer" }, "Send"));
    this.element = h(
      "div",
      { class: `conversation host-${host.id}` },
      ui.earlier,
      h("div", { class: "turn assistant" }, ui.status, stage, ui.sees),
      ui.followUps,
      this.composer,
    );
    try {
      this.#messages = JSON.parse(localStorage.getItem(this.#key) ?? "[]") as Message[];
    } catch {
      this.#messages = [];
    }
  }

  /** The current message's data, as the last page left it (a reload shows it again). */
  restore(tools: Tool[]): FrameData | undefined {
    const current = this.#current();
    const tool = current && tools.find((t) => t.name === current.tool);
    if (!current || !tool) return undefined;
    this.#render(tool);
    return { input: current.input, result: current.result, widgetState: current.widgetState };
  }

  /** A new tool call: a new message (the earlier ones keep their state). */
  started(tool: Tool, input: Record<string, unknown>): void {
    const id = (this.#current()?.id ?? 0) + 1;
    this.#messages = [...this.#messages, { id, tool: tool.name, input, result: null, widgetState: null, followUps: [] }].slice(-MAX_MESSAGES);
    this.#save();
    this.#ui.status.textContent = this.#host.statusText(tool, "invoking");
    this.#ui.status.classList.add("running");
    this.#render(tool, true);
  }

  finished(tool: Tool, result: CallToolResult | undefined, failed?: string): void {
    const current = this.#current();
    if (current) Object.assign(current, { result: result ?? null, failed });
    this.#save();
    this.#render(tool);
  }

  widgetState(state: unknown): void {
    const current = this.#current();
    if (!current) return;
    current.widgetState = state;
    this.#save();
  }

  /** A follow-up the widget sent: the user's next turn, or the composer's text where the host only prefills. */
  followUp(text: string): void {
    if (this.#host.followUps === "prefill") {
      this.#ui.draft.value = text;
      this.#ui.draft.focus();
      return;
    }
    this.#current()?.followUps.push(text);
    this.#save();
    this.#ui.followUps.append(h("li", { class: "turn user" }, text));
  }

  #current(): Message | undefined {
    return this.#messages.at(-1);
  }

  #save(): void {
    localStorage.setItem(this.#key, JSON.stringify(this.#messages));
  }

  #render(tool: Tool, running = false): void {
    const current = this.#current();
    const ui = this.#ui;
    ui.earlier.replaceChildren(
      ...this.#messages.slice(0, -1).map((m) =>
        h("li", {}, h("span", { class: "turn user" }, `${m.tool} ${JSON.stringify(m.input)}`), h("small", {}, m.widgetState === null ? "no widget state" : `widget state ${JSON.stringify(m.widgetState)}`)),
      ),
    );
    if (!running) {
      ui.status.classList.remove("running");
      ui.status.textContent = current?.failed ? `${tool.title ?? tool.name} failed` : this.#host.statusText(tool, "invoked");
    }
    const text = current?.result ? modelText(current.result) : "";
    ui.sees.hidden = !text;
    ui.sees.replaceChildren(h("summary", {}, "What the model sees"), h("pre", {}, text));
    ui.followUps.replaceChildren(...(current?.followUps ?? []).map((f) => h("li", { class: "turn user" }, f)));
  }
}

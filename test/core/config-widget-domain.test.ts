import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadConfig } from "../../src/config/load-config.js";
import { isCliError } from "../../src/errors.js";
import { tempProject } from "../helpers/project.js";

async function load(widgets: Record<string, unknown>) {
  const p = tempProject(undefined, { "chatgpt-app.config.json": JSON.stringify({ widgets }) });
  try {
    return await loadConfig(p.dir);
  } finally {
    p.remove();
  }
}

async function refusal(widgets: Record<string, unknown>): Promise<{ message: string; hint: string | undefined; location: string | undefined }> {
  try {
    await load(widgets);
  } catch (error) {
    assert.ok(isCliError(error) && error.code === "config_invalid" && error.exitCode === 2, String(error));
    return { message: error.message, hint: error.hint, location: error.location };
  }
  assert.fail("expected a config error");
}

describe("config: widgets.domain is ChatGPT's widget origin; widgets.uiDomain is host-specific", () => {
  test("a domain without a scheme is refused, naming the key, with the origin to write and where a bare host goes", async () => {
    const r = await refusal({ domain: "vanilla-y.example.com" });
    assert.match(r.message, /"widgets\.domain" must be an origin with its scheme, like "https:\/\/vanilla-y\.example\.com", got "vanilla-y\.example\.com"/);
    assert.equal(r.location, "chatgpt-app.config.json › widgets.domain");
    assert.match(r.hint ?? "", /openai\/widgetDomain/);
    assert.match(r.hint ?? "", /widgets\.uiDomain/);
  });

  test("in a widget's override too, and a URL with a path is not an origin", async () => {
    const r = await refusal({ overrides: { pizza: { domain: "https://pizza.acme.app/widgets" } } });
    assert.match(r.message, /"widgets\.overrides\.pizza\.domain" must be an origin \(scheme and host, no path\), like "https:\/\/pizza\.acme\.app"/);
  });

  test("an origin is accepted, and uiDomain keeps taking Claude's host-only form", async () => {
    const config = await load({ domain: "https://vanilla-y.example.com", uiDomain: "3f9a1c2b7d4e5f60.claudemcpcontent.com" });
    assert.equal(config.widgetDefaults.domain, "https://vanilla-y.example.com");
    assert.equal(config.widgetDefaults.uiDomain, "3f9a1c2b7d4e5f60.claudemcpcontent.com");
  });
});

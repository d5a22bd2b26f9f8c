import { readFileSync } from "node:fs";
import { CliError, errorMessage } from "../errors.js";
import { answerOf, networkCause, type DoctorContext, type Listing } from "./context.js";

/** The listing fields doctor checks, and their limits (documented in docs/doctor.md). */
export const LISTING_LIMITS = { name: 30, subtitle: 30, description: 4000, starterPrompts: 3, starterPrompt: 128 } as const;

/** Reads `--listing FILE`: JSON with name, subtitle, description and starterPrompts. */
export function readListing(file: string): Listing {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError("usage_invalid", `Cannot read the listing file ${file}: ${errorMessage(error)}`, {
      hint: 'It is JSON: { "name": "…", "subtitle": "…", "description": "…", "starterPrompts": ["…"] }.',
    });
  }
  const listing = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof listing[key] === "string" ? (listing[key] as string) : undefined);
  const prompts = Array.isArray(listing.starterPrompts) ? listing.starterPrompts.map(String) : undefined;
  return { name: text("name"), subtitle: text("subtitle"), description: text("description"), starterPrompts: prompts };
}

/** Every field over its limit, in words. */
export function listingProblems(listing: Listing): string[] {
  const problems: string[] = [];
  const length = (s: string) => [...s].length;
  for (const key of ["name", "subtitle", "description"] as const) {
    const value = listing[key];
    if (value === undefined || value.trim() === "") problems.push(`${key} is missing`);
    else if (length(value) > LISTING_LIMITS[key]) problems.push(`${key} has ${length(value)} characters (at most ${LISTING_LIMITS[key]})`);
  }
  const prompts = listing.starterPrompts ?? [];
  if (prompts.length > LISTING_LIMITS.starterPrompts) problems.push(`${prompts.length} starter prompts (at most ${LISTING_LIMITS.starterPrompts})`);
  prompts.forEach((prompt, i) => {
    if (length(prompt) > LISTING_LIMITS.starterPrompt) problems.push(`starter prompt ${i + 1} has ${length(prompt)} characters (at most ${LISTING_LIMITS.starterPrompt})`);
    if (/(^|\s)@\w/.test(prompt)) problems.push(`starter prompt ${i + 1} has an @mention`);
  });
  return problems;
}

/** `submission-challenge` and `submission-listing` (with --submission). */
export async function checkSubmission(ctx: DoctorContext): Promise<void> {
  const url = `${ctx.url.origin}/.well-known/openai-apps-challenge`;
  try {
    const { value: answer, durationMs } = await ctx.step("apps challenge", (run) => ctx.probe(run, { url, credentials: false }), { request: true });
    if (answer.status === 200 && answer.text.trim() !== "") ctx.report("submission-challenge", "pass", { durationMs });
    else ctx.report("submission-challenge", "fail", { cause: `GET ${url} answered ${answerOf(answer).slice(0, 120)}.`, durationMs });
  } catch (error) {
    ctx.report("submission-challenge", "fail", { cause: `GET ${url} failed: ${networkCause(error)}` });
  }
  if (!ctx.settings.listing) {
    ctx.report("submission-listing", "skip", { cause: "no --listing file given." });
    return;
  }
  const problems = listingProblems(ctx.settings.listing.listing);
  if (problems.length === 0) ctx.report("submission-listing", "pass");
  else ctx.report("submission-listing", "fail", { cause: `${ctx.settings.listing.file}: ${problems.join("; ")}.`, details: problems });
}

import { defineApp } from "chatgpt-app/server";
import { z } from "zod";
import { recordRoll, rollDice } from "./dice.js";
import { ACCOUNT_SCOPE, registerAccountTools } from "./account.js";

export default defineApp({
  name: "my-chatgpt-app",
  version: "0.1.0",
  // Tools without their own securitySchemes can be called anonymously.
  securitySchemes: [{ type: "noauth" }],
  // The app as an OAuth resource server: AUTH_ISSUER (in .env, or the environment) names the
  // authorization server; protected-resource metadata, token checks and challenges follow.
  auth: { scopes: [ACCOUNT_SCOPE] },
  setup(server) {
    server.registerTool(
      "roll_dice",
      {
        title: "Roll dice",
        description:
          "Use this when the user wants to roll one or more dice, for a game or to pick something at random. " +
          "Shows the dice in a widget, where the user can roll again.",
        inputSchema: {
          count: z.number().int().min(1).max(10).default(2).describe("How many dice to roll (1–10)."),
          sides: z.number().int().min(2).max(100).default(6).describe("Sides on each die (2–100)."),
          session: z.string().optional().describe("The widget session from an earlier roll, to add to its history."),
        },
        outputSchema: {
          rolls: z.array(z.number().int()).describe("The value of each die, in order."),
          total: z.number().int().describe("The sum of all dice."),
          sides: z.number().int().describe("Sides on each die."),
          session: z.string().describe("The widget session: pass it back to roll again in the same history."),
          history: z
            .array(z.object({ rolls: z.array(z.number().int()), total: z.number().int(), sides: z.number().int() }))
            .describe("The rolls of this session, oldest first (this one last)."),
        },
        // Rolling adds to this widget session's history on the server, and changes nothing elsewhere.
        annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
        // The widget in widgets/dice/ renders the result; it may call this tool again ("Roll again").
        widget: "dice",
        visibility: ["model", "app"],
        invoking: "Rolling the dice…",
        invoked: "Dice rolled",
      },
      async ({ count, sides, session }, { app }) => {
        // The history lives in the server's state, keyed by the session the widget passes back.
        const result = await recordRoll(app.state, session, rollDice(count, sides));
        return {
          // What the model reads, and what hosts without widgets show.
          content: [{ type: "text", text: `Rolled ${result.rolls.join(", ")} (d${result.sides}): total ${result.total}.` }],
          // What the widget renders; it matches outputSchema.
          structuredContent: { ...result },
          // ChatGPT's id of the widget instance: the same session.
          _meta: { "openai/widgetSessionId": result.session },
        };
      },
    );
    registerAccountTools(server);
  },
});

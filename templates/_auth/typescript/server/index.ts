import { defineApp, type AppServerV2 } from "chatgpt-app/server";
import { z } from "zod";
import { rollDice } from "./dice.js";
import { ACCOUNT_SCOPE, registerAccountTools } from "./account.js";

export default defineApp({
  name: "my-chatgpt-app",
  version: "0.1.0",
  // Tools without their own securitySchemes can be called anonymously.
  securitySchemes: [{ type: "noauth" }],
  // The app as an OAuth resource server: AUTH_ISSUER (in .env, or the environment) names the
  // authorization server; protected-resource metadata, token checks and challenges follow.
  auth: { scopes: [ACCOUNT_SCOPE] },
  // The tool is registered on the MCP SDK's McpServer (@modelcontextprotocol/server 2.x).
  setup(server: AppServerV2) {
    server.registerTool(
      "roll_dice",
      {
        title: "Roll dice",
        description:
          "Use this when the user wants to roll one or more dice, for a game or to pick something at random. " +
          "Shows the dice in a widget, where the user can roll again.",
        inputSchema: z.object({
          count: z.number().int().min(1).max(10).default(2).describe("How many dice to roll (1–10)."),
          sides: z.number().int().min(2).max(100).default(6).describe("Sides on each die (2–100)."),
        }),
        outputSchema: z.object({
          rolls: z.array(z.number().int()).describe("The value of each die, in order."),
          total: z.number().int().describe("The sum of all dice."),
          sides: z.number().int().describe("Sides on each die."),
        }),
        // Rolling reads nothing and changes nothing, here or elsewhere.
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
        // The widget in widgets/dice/ renders the result; it may call this tool again ("Roll again").
        widget: "dice",
        visibility: ["model", "app"],
        invoking: "Rolling the dice…",
        invoked: "Dice rolled",
      },
      async ({ count, sides }) => {
        const roll = rollDice(count, sides);
        return {
          // What the model reads, and what hosts without widgets show.
          content: [{ type: "text", text: `Rolled ${roll.rolls.join(", ")} (d${roll.sides}): total ${roll.total}.` }],
          // What the widget renders; it matches outputSchema.
          structuredContent: { ...roll },
        };
      },
    );
    registerAccountTools(server);
  },
});

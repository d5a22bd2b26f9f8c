import { defineConfig } from "chatgpt-app/config";

// Every key is optional; see the chatgpt-app README for the full list.
export default defineConfig({
  widgets: {
    // Ask ChatGPT to draw a border around the widget.
    prefersBorder: true,
    // The origin ChatGPT renders the widget under (as <slug>.web-sandbox.oaiusercontent.com):
    // one per app, and required for submission. Put your app's own origin here before you submit.
    domain: process.env.WIDGET_DOMAIN ?? "https://my-chatgpt-app.example.com",
    overrides: {
      dice: {
        // Read by the model when the widget loads, so it does not repeat what the widget shows.
        description: "Shows the dice that were rolled and their total, with a button to roll again.",
      },
    },
  },
});

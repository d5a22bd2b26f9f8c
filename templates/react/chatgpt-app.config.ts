import { defineConfig } from "chatgpt-app/config";

// Every key is optional; see the chatgpt-app README for the full list.
export default defineConfig({
  widgets: {
    // Ask ChatGPT to draw a border around the widget.
    prefersBorder: true,
    overrides: {
      dice: {
        // Read by the model when the widget loads, so it does not repeat what the widget shows.
        description: "Shows the dice that were rolled and their total, with a button to roll again.",
      },
    },
  },
});

/** `chatgpt-app/testing`: call your app's tools and read its widgets in your own tests, without a port. */
export {
  createTestClient,
  type ListedTool,
  type TestClient,
  type TestClientOptions,
  type WidgetContents,
} from "../host/testing.js";

// CSS files imported from a widget are bundled and inlined by chatgpt-app.
declare module "*.css";

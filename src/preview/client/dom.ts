/** A tiny element builder for the preview page (no framework: the page must stay one small bundle). */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | number | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Options of a `<select>`, with `selected` the current value. */
export function options(values: readonly string[], selected: string, labels: Record<string, string> = {}): HTMLOptionElement[] {
  return values.map((value) => h("option", { value, selected: value === selected }, labels[value] ?? value));
}

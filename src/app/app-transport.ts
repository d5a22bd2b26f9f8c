/**
 * What the SDK cannot write through its public API, written on the wire instead: the server
 * is connected to the transport through this wrapper, which both SDK lines accept (a
 * transport is an interface). It changes two answers and nothing else:
 * - each `tools/list` entry gets `securitySchemes` at its top level, copied from its `_meta`
 *   (ChatGPT reads it there; the SDK keeps only the keys it knows);
 * - `resources/read` of an older `ui://widget/<name>-<hash>.html` answers with the current
 *   widget, under the URI that was asked for.
 */

type Message = Record<string, unknown> & { id?: unknown; method?: unknown; params?: Record<string, unknown> };
type OnMessage = (message: Message, extra?: unknown) => void;
type Rewrite = (result: Record<string, unknown>) => Record<string, unknown>;

interface TransportLike {
  onmessage?: OnMessage;
  send(message: Message, options?: unknown): Promise<void>;
}

export interface WireDecorations {
  /** Maps any URI of a known widget (an older hash included) to its current URI. */
  resolveWidgetUri?: (uri: string) => string | undefined;
}

function copySecuritySchemes(result: Record<string, unknown>): Record<string, unknown> {
  const tools = result.tools;
  if (!Array.isArray(tools)) return result;
  for (const tool of tools) {
    // A hand-written handler may return anything; lint must still get to see it.
    if (typeof tool !== "object" || tool === null) continue;
    const schemes = (tool._meta as Record<string, unknown> | undefined)?.securitySchemes;
    if (schemes !== undefined) tool.securitySchemes = schemes;
  }
  return result;
}

function renameContents(asked: string, current: string): Rewrite {
  return (result) => {
    const contents = result.contents;
    if (!Array.isArray(contents)) return result;
    return { ...result, contents: contents.map((c: { uri?: unknown }) => (c?.uri === current ? { ...c, uri: asked } : c)) };
  };
}

/** The transport, as the server should see it (see the file's comment). Everything else passes through. */
export function decorateTransport<T extends object>(transport: T, decorations: WireDecorations): T {
  const inner = transport as unknown as TransportLike;
  const pending = new Map<unknown, Rewrite>();
  let deliver: OnMessage | undefined;

  const receive: OnMessage = (message, extra) => {
    if (message.id !== undefined && typeof message.method === "string") {
      if (message.method === "tools/list") pending.set(message.id, copySecuritySchemes);
      else if (message.method === "resources/read" && typeof message.params?.uri === "string") {
        const asked = message.params.uri;
        const current = decorations.resolveWidgetUri?.(asked);
        if (current !== undefined && current !== asked) {
          pending.set(message.id, renameContents(asked, current));
          message = { ...message, params: { ...message.params, uri: current } };
        }
      }
    }
    deliver?.(message, extra);
  };
  const send = (message: Message, options?: unknown) => {
    const rewrite = message.method === undefined && message.id !== undefined ? pending.get(message.id) : undefined;
    if (rewrite) {
      pending.delete(message.id);
      const result = message.result;
      if (typeof result === "object" && result !== null) message = { ...message, result: rewrite(result as Record<string, unknown>) };
    } else if (message.id !== undefined && message.method === undefined) pending.delete(message.id);
    return inner.send(message, options);
  };

  return new Proxy(transport, {
    get(target, key) {
      if (key === "send") return send;
      if (key === "onmessage") return deliver;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(target, key, value) {
      if (key !== "onmessage") return Reflect.set(target, key, value, target);
      deliver = value as OnMessage | undefined;
      inner.onmessage = deliver ? receive : undefined;
      return true;
    },
  });
}

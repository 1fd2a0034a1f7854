import type { Runtime } from "webextension-polyfill";
import { describe, expect, it, vi } from "vitest";
import { InkwellError } from "../../../../src/core/errors";
import { createMessageListener, type ContentHandlers, type PageHandlers } from "../../../../src/background/messaging/router";

const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const SECRET = "ntn_" + "s3cr3t".repeat(6);

const popup: Runtime.MessageSender = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };
const notionTab: Runtime.MessageSender = {
  id: EXTENSION_ID,
  url: "https://www.notion.so/Plan-1a2b3c4d5e6f40718293a4b5c6d7e8f9",
  tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false, url: "https://www.notion.so/Plan-1a2b3c4d5e6f40718293a4b5c6d7e8f9" },
};

function setup() {
  const page = {
    ping: vi.fn(async () => ({ version: "1.0.0", engine: "gemini" as const })),
    "settings.get": vi.fn(async () => ({ settings: {}, secrets: { notionToken: SECRET } })),
    "settings.save": vi.fn(async () => ({})),
    "settings.clear": vi.fn(async () => ({})),
    "notion.check": vi.fn(async () => {
      throw new InkwellError("internal", `upstream said: bad token ${SECRET}`);
    }),
  } as unknown as PageHandlers;
  const content = { "content.status": vi.fn(async () => ({ targetId: null, configured: false })) } as unknown as ContentHandlers;
  const listener = createMessageListener({
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    page,
    content,
    ready: Promise.resolve(),
    knownSecrets: async () => [SECRET],
  });
  return { listener, page, content };
}

describe("message router", () => {
  it("answers a valid request from an extension page", async () => {
    const { listener } = setup();
    await expect(listener({ type: "ping", payload: {} }, popup)).resolves.toEqual({ ok: true, value: { version: "1.0.0", engine: "gemini" } });
  });

  it("refuses messages from other extensions", async () => {
    const { listener, page } = setup();
    const reply = await listener({ type: "ping", payload: {} }, { ...popup, id: "someone-else" });
    expect(reply).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(page.ping).not.toHaveBeenCalled();
  });

  it("does not let a content script call page-only requests such as settings.get", async () => {
    const { listener, page } = setup();
    const reply = await listener({ type: "settings.get", payload: {} }, notionTab);
    expect(reply).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(page["settings.get"]).not.toHaveBeenCalled();
  });

  it("refuses a content script running outside Notion", async () => {
    const { listener, content } = setup();
    const elsewhere = { ...notionTab, url: "https://evil.example/", tab: { ...notionTab.tab!, url: "https://evil.example/" } };
    const reply = await listener({ type: "content.status", payload: { url: "https://evil.example/" } }, elsewhere);
    expect(reply).toMatchObject({ ok: false });
    expect(content["content.status"]).not.toHaveBeenCalled();
  });

  it("accepts the content script's own requests from a Notion tab", async () => {
    const { listener } = setup();
    const reply = await listener({ type: "content.status", payload: { url: notionTab.url } }, notionTab);
    expect(reply).toEqual({ ok: true, value: { targetId: null, configured: false } });
  });

  it.each([
    [{ type: "settings.save", payload: { patch: { engine: "llama" } } }],
    [{ type: "settings.save", payload: { patch: { unexpected: true } } }],
    [{ type: "notion.check", payload: { secret: "x".repeat(501) } }],
    [{ type: "ping" }],
    [{ type: "no.such.request", payload: {} }],
    [{ type: "__proto__", payload: {} }],
    ["just a string"],
  ])("rejects a malformed payload: %j", async (message) => {
    const { listener, page } = setup();
    const reply = await listener(message, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(page["settings.save"]).not.toHaveBeenCalled();
  });

  it("scrubs secrets out of error messages", async () => {
    const { listener } = setup();
    const reply = await listener({ type: "notion.check", payload: {} }, popup);
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).not.toContain(SECRET);
  });

  it("scrubs a key typed but not yet saved out of the reply and the error log when an error echoes it", async () => {
    // A local server's key has no known shape, and isn't stored yet: only the request says it is a key.
    const typed = "local-server-key-7f3a9c1d";
    const recordError = vi.fn();
    const echo = async (): Promise<never> => {
      throw new InkwellError("internal", `401 from server: invalid key ${typed}`);
    };
    const page = { "ai.models": vi.fn(echo), "notion.check": vi.fn(echo), "settings.save": vi.fn(echo) };
    const listener = createMessageListener({
      extensionId: EXTENSION_ID,
      extensionOrigin: ORIGIN,
      page: page as unknown as PageHandlers,
      content: {} as ContentHandlers,
      ready: Promise.resolve(),
      knownSecrets: async () => [],
      recordError,
    });
    const requests = [
      { type: "ai.models", payload: { engine: "compatible", apiKey: `${typed}\n` } },
      { type: "notion.check", payload: { secret: typed } },
      { type: "settings.save", payload: { patch: { secrets: { compatibleKey: ` ${typed}` } } } },
    ];
    for (const request of requests) {
      const reply = await listener(request, popup);
      expect(reply.ok).toBe(false);
      expect(JSON.stringify(reply)).not.toContain(typed);
    }
    for (const handler of Object.values(page)) expect(handler).toHaveBeenCalledOnce();
    expect(recordError).toHaveBeenCalledTimes(3);
    expect(JSON.stringify(recordError.mock.calls)).not.toContain(typed);
  });
});

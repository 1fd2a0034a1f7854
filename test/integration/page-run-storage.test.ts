/**
 * No silent storage failure in a page run: the record of which blocks a page
 * run wrote (what Undo removes) is saved as it streams; when storage refuses
 * that save, the run stops writing into the page and ends failed, saying why.
 * Driven through the run manager, with the worker's real Notion client and
 * Gemini engine routed to the emulators.
 */
import { testVault } from "../support/vault";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GeminiEmulator, GEMINI_DEMO_KEY } from "../sandbox/ai";
import { listenHttp, type Listening } from "../sandbox/http";
import { NotionEmulator } from "../sandbox/notion/emulator";
import { failingStorage } from "../support/failing-storage";
import { TOKEN } from "./helpers";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../src/background/connections/records");
const { RunManager } = await import("../../src/background/runs/run-manager");
const { SettingsService } = await import("../../src/background/settings/settings");
const { TypedStore } = await import("../../src/shared/storage/store");
const { defaultGenerationOptions } = await import("../../src/shared/storage/schema");

const PARAGRAPHS = 40;
const ANSWER = Array.from({ length: PARAGRAPHS }, (_, i) => `Paragraph ${i + 1}.`).join("\n\n");

describe("page run when storage refuses its progress", () => {
  let gemini: GeminiEmulator;
  let aiServer: Listening;
  let notion: NotionEmulator;
  let notionServer: Listening;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    // Slow enough that the answer arrives over several progress saves.
    gemini = new GeminiEmulator({ timing: { ttftMs: 5, tokensPerSecond: 150 } });
    gemini.answerWhen(/Write it/, () => ANSWER);
    aiServer = await listenHttp(gemini.handle);
  });
  afterAll(() => aiServer.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    notion = new NotionEmulator();
    notion.addIntegration({ token: TOKEN, name: "Inkwell Test" });
    notionServer = await listenHttp(notion.handle);
    // The worker's clients call the real hosts; here they reach the emulators.
    vi.stubGlobal("fetch", (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const base = url.hostname === "api.notion.com" ? notionServer.url : url.hostname === "generativelanguage.googleapis.com" ? aiServer.url : undefined;
      if (!base) throw new Error(`Unexpected request to ${url.hostname}`);
      const routed = new URL(`${url.pathname}${url.search}`, base);
      return input instanceof Request ? realFetch(new Request(routed, input), init) : realFetch(routed, init);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    notionServer.close();
  });

  it("stops writing and ends failed with the storage message; its record still lists every block it wrote", async () => {
    const pageId = notion.createPage({ title: "Plan", sharedWith: [TOKEN] });
    const storage = failingStorage(fakeBrowser.storage.local as never);
    const store = new TypedStore(storage.area);
    await store.migrate();
    const settings = new SettingsService(store, testVault());
    await settings.save({ secrets: { notionToken: TOKEN, geminiKey: GEMINI_DEMO_KEY } });
    const records = new RecordStore(storage.area);
    const connection = await records.saveConnection({ name: "Plan", kind: "page", url: "https://www.notion.so/x", prompt: "Write it", options: defaultGenerationOptions() }, { id: pageId, title: "Plan" });
    const runs = new RunManager(records, settings);

    // Once the run's record says it wrote something, storage refuses the next progress save (once).
    let refused = false;
    storage.failWhen(({ method, keys }) => {
      if (refused || method !== "set" || !keys.some((key) => key.startsWith("run:"))) return false;
      const stored = storage.writes.filter((write) => write.keys.some((key) => key.startsWith("run:")) && !write.failed).length;
      if (stored < 3) return false;
      refused = true;
      return true;
    });
    const run = await runs.start(connection.id);
    await vi.waitFor(async () => expect((await records.getRun(run.id))?.status).not.toBe("running"), { timeout: 20_000 });

    const ended = (await records.getRun(run.id))!;
    expect(refused).toBe(true);
    expect(ended).toMatchObject({ status: "failed", error: { code: "storage_failed", message: expect.stringContaining("storage in this browser is full") } });
    const written = notion.blockTree(pageId) as { id: string }[];
    // Stopped: not the whole answer, and nothing in the page that the record (and so Undo) doesn't know.
    expect(written.length).toBeLessThan(PARAGRAPHS);
    expect(ended.writtenBlockIds).toEqual(written.map((block) => block.id));
  });
});

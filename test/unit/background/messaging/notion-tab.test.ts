/** The progress port of a Notion tab follows only runs whose target is the page that tab shows. */
import { fakeBrowser } from "@webext-core/fake-browser";
import type { Runtime } from "webextension-polyfill";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { startedRun } from "../../../support/runs";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { serveRunProgress } = await import("../../../../src/background/messaging/notion-tab");
const { RecordStore } = await import("../../../../src/background/connections/records");
const { RUN_PROGRESS_PORT } = await import("../../../../src/shared/protocol/names");

const EXTENSION_ID = "inkwell-test";
const MINE = "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9";
const OTHER = "00000000-0000-4000-8000-000000000002";

class TabPort {
  readonly posted: unknown[] = [];
  disconnected = false;
  private onMessageListeners: ((message: unknown) => unknown)[] = [];
  private onDisconnectListeners: (() => void)[] = [];
  readonly onMessage = { addListener: (listener: (message: unknown) => unknown) => void this.onMessageListeners.push(listener) };
  readonly onDisconnect = { addListener: (listener: () => void) => void this.onDisconnectListeners.push(listener) };
  readonly name = RUN_PROGRESS_PORT;
  constructor(readonly sender: Runtime.MessageSender) {}
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  disconnect() {
    this.disconnected = true;
    for (const listener of this.onDisconnectListeners) listener();
  }
  async send(message: unknown) {
    await Promise.all(this.onMessageListeners.map((listener) => listener(message)));
  }
}

const tabOn = (url: string) => new TabPort({ id: EXTENSION_ID, url, tab: { id: 7, url, index: 0, highlighted: false, active: true, pinned: false, incognito: false } });

describe("run progress port", () => {
  let records: InstanceType<typeof RecordStore>;
  beforeEach(async () => {
    fakeBrowser.reset();
    records = new RecordStore(fakeBrowser.storage.local as never);
    await records.saveRun(startedRun({ id: "run-mine", targetId: MINE, kind: "page" }));
    await records.saveRun(startedRun({ id: "run-other", targetId: OTHER, kind: "page" }));
  });

  it("follows a run into the page the tab shows", async () => {
    const port = tabOn(`https://www.notion.so/acme/Plan-${MINE.replace(/-/g, "")}`);
    serveRunProgress(port as never, records, EXTENSION_ID);
    await port.send({ runId: "run-mine" });
    await vi.waitFor(() => expect(port.posted).toEqual([expect.objectContaining({ runId: "run-mine", status: "running" })]));
    expect(port.disconnected).toBe(false);
    port.disconnect();
  });

  it("refuses another page's run, and a run that doesn't exist, saying nothing about it", async () => {
    for (const runId of ["run-other", "no-such-run"]) {
      const port = tabOn(`https://www.notion.so/acme/Plan-${MINE.replace(/-/g, "")}`);
      serveRunProgress(port as never, records, EXTENSION_ID);
      await port.send({ runId });
      expect(port.disconnected).toBe(true);
      expect(port.posted).toEqual([]);
    }
  });

  it("refuses a port from outside Notion or from another extension", () => {
    const elsewhere = tabOn("https://evil.example/");
    serveRunProgress(elsewhere as never, records, EXTENSION_ID);
    expect(elsewhere.disconnected).toBe(true);
    const foreign = new TabPort({ id: "another-extension", url: "https://www.notion.so/x", tab: tabOn("https://www.notion.so/x").sender.tab! });
    serveRunProgress(foreign as never, records, EXTENSION_ID);
    expect(foreign.disconnected).toBe(true);
  });
});

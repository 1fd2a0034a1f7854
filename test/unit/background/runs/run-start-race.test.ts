import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

const { RecordStore } = await import("../../../../src/background/connections/records");
const { RunManager } = await import("../../../../src/background/runs/run-manager");
const { keyedSettings, refuseNotion, pageDraft, PAGE_TARGET } = await import("../../../support/run-manager-setup");

describe("run manager: two starts for the same target at once", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // Nothing is reached: Notion refuses the token at once, so a started run ends on its own.
    refuseNotion();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function setup() {
    const { settings } = await keyedSettings();
    const records = new RecordStore(fakeBrowser.storage.local as never);
    const save = (name: string) =>
      records.saveConnection(pageDraft(name), PAGE_TARGET);
    const first = await save("First");
    const second = await save("Second");
    return { runs: new RunManager(records, settings, Date.now), records, first, second };
  }

  it("starts one run and refuses the other, for the same connection or another one into the same page", async () => {
    const { runs, records, first, second } = await setup();
    for (const ids of [
      [first.id, first.id],
      [first.id, second.id],
    ]) {
      const results = await Promise.allSettled(ids.map((id) => runs.start(id)));
      const started = results.filter((result) => result.status === "fulfilled");
      const refused = results.filter((result) => result.status === "rejected");
      expect(started).toHaveLength(1);
      expect(refused.map((result) => (result as PromiseRejectedResult).reason)).toEqual([
        expect.objectContaining({ code: "invalid_input", message: expect.stringContaining("already running") }),
      ]);
      // Let the one run end before the next pair starts.
      await vi.waitFor(async () => expect((await records.listRuns()).every((run) => run.status !== "running")).toBe(true));
    }
    expect(await records.listRuns()).toHaveLength(2);
  });

  it("frees the target once a start fails, so the next start is not refused as running", async () => {
    const { runs, records, first } = await setup();
    await records.saveConnection({ ...first, engine: "openai", model: "gpt-5-mini" } as never, { id: "page-1", title: "Plan" });
    await expect(runs.start(first.id)).rejects.toMatchObject({ message: expect.not.stringContaining("already running") });
    await expect(runs.start(first.id)).rejects.toMatchObject({ message: expect.not.stringContaining("already running") });
  });
});

import { fakeBrowser } from "@webext-core/fake-browser";
import { beforeEach, describe, expect, it } from "vitest";
import { buildExport } from "../../../../src/background/connections/connection-file";
import { DELETED_RETENTION_MS, EDIT_CONFLICT_MESSAGE, RecordStore, defaultLockRunner } from "../../../../src/background/connections/records";
import type { ConnectionDraft } from "../../../../src/shared/protocol/types";
import { connectionKey, defaultGenerationOptions, type Connection } from "../../../../src/shared/storage/schema";

const TARGET = { id: "11111111-2222-3333-4444-555555555555", title: "Ideas" };
const DB_TARGET = { id: "99999999-2222-3333-4444-555555555555", title: "Topics" };

function draft(overrides: Partial<ConnectionDraft> = {}): ConnectionDraft {
  return { name: "Blog", kind: "page", url: "https://www.notion.so/Ideas-11111111222233334444555555555555", prompt: "Write", options: defaultGenerationOptions(), ...overrides };
}

describe("RecordStore: connections", () => {
  let clock: number;
  let ids: number;
  let records: RecordStore;
  const changes: string[] = [];

  beforeEach(() => {
    fakeBrowser.reset();
    clock = 1_000;
    ids = 0;
    changes.length = 0;
    records = new RecordStore(fakeBrowser.storage.local as never, () => clock, () => `id${++ids}`);
    records.onConnectionChange((id) => changes.push(id));
  });

  const stored = async (id: string) => (await fakeBrowser.storage.local.get(connectionKey(id)))[connectionKey(id)] as Connection | undefined;

  describe("saving", () => {
    it("refuses an edit made from a stale copy instead of overwriting", async () => {
      const created = await records.saveConnection(draft(), TARGET);
      // Window A and window B loaded the same version; B saves first.
      await records.saveConnection(draft({ id: created.id, prompt: "B's prompt", baseUpdatedAt: created.updatedAt }), TARGET);
      await expect(records.saveConnection(draft({ id: created.id, prompt: "A's prompt", baseUpdatedAt: created.updatedAt }), TARGET)).rejects.toMatchObject({
        code: "edit_conflict",
        message: EDIT_CONFLICT_MESSAGE,
      });
      expect((await stored(created.id))?.prompt).toBe("B's prompt");
    });

    it("tells two saves within the same millisecond apart", async () => {
      const created = await records.saveConnection(draft(), TARGET);
      const second = await records.saveConnection(draft({ id: created.id, prompt: "2", baseUpdatedAt: created.updatedAt }), TARGET);
      expect(second.updatedAt).toBeGreaterThan(created.updatedAt);
      await expect(records.saveConnection(draft({ id: created.id, prompt: "3", baseUpdatedAt: created.updatedAt }), TARGET)).rejects.toMatchObject({ code: "edit_conflict" });
    });

    it("serialises concurrent saves of one connection: exactly one of two racing stale edits wins", async () => {
      const created = await records.saveConnection(draft(), TARGET);
      const results = await Promise.allSettled([
        records.saveConnection(draft({ id: created.id, prompt: "one", baseUpdatedAt: created.updatedAt }), TARGET),
        records.saveConnection(draft({ id: created.id, prompt: "two", baseUpdatedAt: created.updatedAt }), TARGET),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      const winner = results.find((result) => result.status === "fulfilled") as PromiseFulfilledResult<Connection>;
      expect((await stored(created.id))?.prompt).toBe(winner.value.prompt);
    });

    it("does not lose a run recorded while the connection is being saved", async () => {
      const created = await records.saveConnection(draft(), TARGET);
      await Promise.all([
        records.addRunToConnection(created.id, "run-1"),
        records.saveConnection(draft({ id: created.id, prompt: "new" }), TARGET),
        records.addRunToConnection(created.id, "run-2"),
      ]);
      const after = await stored(created.id);
      expect(after?.prompt).toBe("new");
      expect(after?.runIds).toEqual(["run-1", "run-2"]);
    });

    it("keeps updatedAt when a run is recorded, so an open form can still save", async () => {
      const created = await records.saveConnection(draft(), TARGET);
      clock += 50;
      await records.addRunToConnection(created.id, "run-1");
      await expect(records.saveConnection(draft({ id: created.id, prompt: "edited", baseUpdatedAt: created.updatedAt }), TARGET)).resolves.toMatchObject({ prompt: "edited" });
    });

    it("stores the engine/model override, and a draft without it clears it", async () => {
      const created = await records.saveConnection(draft({ engine: "anthropic", model: "claude-x" }), TARGET);
      expect(await stored(created.id)).toMatchObject({ engine: "anthropic", model: "claude-x" });
      await records.saveConnection(draft({ id: created.id }), TARGET);
      const cleared = await stored(created.id);
      expect(cleared).not.toHaveProperty("engine");
      expect(cleared).not.toHaveProperty("model");
    });

    it("tells listeners about each saved connection", async () => {
      const created = await records.saveConnection(draft(), TARGET);
      expect(changes).toEqual([created.id]);
    });
  });

  describe("the lock runner", () => {
    it("runs tasks for one name one after the other, and a failure doesn't block the next", async () => {
      const run = defaultLockRunner();
      const order: string[] = [];
      const slow = run("x", async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push("slow");
        throw new Error("boom");
      });
      const fast = run("x", async () => order.push("fast"));
      const other = run("y", async () => order.push("other"));
      await expect(slow).rejects.toThrow("boom");
      await Promise.all([fast, other]);
      expect(order).toEqual(["other", "slow", "fast"]);
    });
  });

  describe("delete, restore, purge", () => {
    it("hides a deleted connection everywhere until it is restored", async () => {
      const a = await records.saveConnection(draft({ name: "A" }), TARGET);
      const b = await records.saveConnection(draft({ name: "B" }), TARGET);
      expect(await records.deleteConnections([a.id, a.id, "unknown"])).toBe(1);
      expect((await records.listConnections()).map((c) => c.name)).toEqual(["B"]);
      expect(await records.getConnection(a.id)).toBeUndefined();
      expect((await records.getConnection(a.id, { includeDeleted: true }))?.deletedAt).toBe(clock);
      await expect(records.saveConnection(draft({ id: a.id }), TARGET)).rejects.toMatchObject({ code: "connection_deleted" });
      expect(await records.restoreConnections([a.id, b.id])).toBe(1);
      expect((await records.listConnections()).map((c) => c.name).sort()).toEqual(["A", "B"]);
      expect(await stored(a.id)).not.toHaveProperty("deletedAt");
      expect(changes.filter((id) => id === a.id)).toHaveLength(3); // saved, deleted, restored
    });

    it("purges only connections deleted more than a day ago, and keeps their runs", async () => {
      const old = await records.saveConnection(draft({ name: "Old" }), TARGET);
      const recent = await records.saveConnection(draft({ name: "Recent" }), TARGET);
      await records.saveRun({ id: "run-old", connectionId: old.id, kind: "page", targetId: TARGET.id, engine: "gemini", model: "m", status: "succeeded", startedAt: 1, receivedChars: 0, inputTokens: 0, outputTokens: 0, writtenBlockIds: [], blocksWritten: 0 });
      await records.deleteConnections([old.id]);
      clock += DELETED_RETENTION_MS - 10;
      await records.deleteConnections([recent.id]);
      clock += 20;
      expect(await records.purgeDeleted()).toEqual([old.id]);
      expect(await stored(old.id)).toBeUndefined();
      expect(await stored(recent.id)).toBeDefined();
      expect(await records.getRun("run-old")).toBeDefined();
    });

    it("a purged connection's record of what it wrote last (for replace) goes with it; another connection's stays", async () => {
      const old = await records.saveConnection(draft({ name: "Old" }), TARGET);
      const other = await records.saveConnection(draft({ name: "Other" }), TARGET);
      await records.setPlaced(old.id, "row-1", { runId: "r", blockIds: ["b1"] });
      await records.setPlaced(other.id, "row-1", { runId: "r", blockIds: ["b2"] });
      await records.deleteConnections([old.id]);
      clock += DELETED_RETENTION_MS + 10;
      expect(await records.purgeDeleted()).toEqual([old.id]);
      expect(await records.getPlaced(old.id, "row-1")).toBeUndefined();
      expect(await records.getPlaced(other.id, "row-1")).toEqual({ runId: "r", blockIds: ["b2"] });
    });
  });

  it("duplicates a connection with a new id, a “(copy)” name and no runs", async () => {
    const original = await records.saveConnection(draft({ name: "Blog", engine: "openai", model: "gpt-x" }), TARGET);
    await records.addRunToConnection(original.id, "run-1");
    clock += 5;
    const copy = await records.duplicateConnection(original.id);
    expect(copy).toMatchObject({ name: "Blog (copy)", prompt: "Write", engine: "openai", model: "gpt-x", runIds: [], createdAt: clock });
    expect(copy.id).not.toBe(original.id);
    expect(await stored(copy.id)).toEqual({ ...copy, recordVersion: 1 });
    expect(changes).toContain(copy.id);
  });

  describe("export and import", () => {
    it("exports live connections without run history, trash state or any secret", async () => {
      await fakeBrowser.storage.local.set({ secrets: { notionToken: "ntn_secretTokenValue1234567890" } });
      const a = await records.saveConnection(draft({ name: "A" }), TARGET);
      await records.addRunToConnection(a.id, "run-1");
      const b = await records.saveConnection(draft({ name: "B" }), TARGET);
      await records.deleteConnections([b.id]);
      const file = await records.exportConnections();
      expect(file).toMatchObject({ format: "inkwell-connections", version: 1 });
      expect(file.connections.map((c) => c.name)).toEqual(["A"]);
      expect(file.connections[0]).not.toHaveProperty("runIds");
      expect(JSON.stringify(file)).not.toContain("ntn_");
    });

    it("adds new connections, updates older copies and skips what is current or invalid, with reasons", async () => {
      const kept = await records.saveConnection(draft({ name: "Kept" }), TARGET);
      const stale = await records.saveConnection(draft({ name: "Stale" }), TARGET);
      await records.addRunToConnection(stale.id, "run-1");
      const exported = buildExport(await records.listConnections(), clock).connections;
      const incoming = [
        exported.find((c) => c.id === kept.id),
        { ...exported.find((c) => c.id === stale.id)!, prompt: "Newer", updatedAt: stale.updatedAt + 10 },
        { ...exported[0]!, id: "brand-new", name: "New one" },
        { ...exported[0]!, id: "no-db", name: "Broken", kind: "database" },
        { name: "Nameless thing" },
      ];
      clock += 20; // the newer copy was made before now
      const report = await records.importConnections(JSON.stringify({ format: "inkwell-connections", version: 1, exportedAt: "", connections: incoming }));
      expect(report.added).toEqual(["New one"]);
      expect(report.updated).toEqual(["Stale"]);
      expect(report.skipped).toEqual([
        { name: "Kept", reason: "Already up to date." },
        { name: "Broken", reason: "Not a valid connection (a database connection needs its database settings)." },
        { name: "Nameless thing", reason: expect.stringMatching(/^Not a valid connection/) },
      ]);
      expect(await stored("brand-new")).toMatchObject({ name: "New one", runIds: [] });
      // An update keeps this browser's run history.
      expect(await stored(stale.id)).toMatchObject({ prompt: "Newer", runIds: ["run-1"] });
    });

    it("drops fields that aren't part of a connection, such as a secret planted in the file", async () => {
      const secret = "sk-proj-plantedSecretValue1234567890";
      const file = {
        format: "inkwell-connections",
        version: 1,
        secrets: { openaiKey: secret },
        connections: [
          { id: "c1", name: "Planted", kind: "database", url: "https://www.notion.so/Topics-99999999222233334444555555555555", targetId: DB_TARGET.id, targetTitle: "Topics", prompt: "{{Name}}", options: defaultGenerationOptions(), apiKey: secret, database: { dataSourceId: "ds1", selectionProperty: "Generate", output: { type: "body" } }, createdAt: 1, updatedAt: 2, runIds: ["r"], deletedAt: 3 },
        ],
      };
      const report = await records.importConnections(JSON.stringify(file));
      expect(report.added).toEqual(["Planted"]);
      const saved = await stored("c1");
      expect(saved).not.toHaveProperty("apiKey");
      expect(saved).not.toHaveProperty("deletedAt");
      expect(saved?.runIds).toEqual([]);
      expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(secret);
    });

    describe("can't take over", () => {
      const base = { kind: "page", targetTitle: "Ideas", prompt: "Write", options: defaultGenerationOptions(), createdAt: 1, updatedAt: 2 };
      const importing = (connections: unknown[]) => records.importConnections(JSON.stringify({ format: "inkwell-connections", version: 1, connections }));

      it("accepts only a Notion link to the target's own id, and derives a missing link from the id", async () => {
        const report = await importing([
          { ...base, id: "good", name: "Good", url: "https://www.notion.so/Ideas-11111111222233334444555555555555", targetId: TARGET.id },
          { ...base, id: "derived", name: "No link", url: "", targetId: "11111111222233334444555555555555" },
          { ...base, id: "elsewhere", name: "Elsewhere", url: "https://evil.example/Ideas-11111111222233334444555555555555", targetId: TARGET.id },
          { ...base, id: "script", name: "Script", url: "javascript:alert(1)//11111111222233334444555555555555", targetId: TARGET.id },
          { ...base, id: "look-alike", name: "Look-alike", url: "https://www.notion.so.evil.example/Ideas-11111111222233334444555555555555", targetId: TARGET.id },
          { ...base, id: "mismatch", name: "Mismatch", url: "https://www.notion.so/Other-99999999222233334444555555555555", targetId: TARGET.id },
          { ...base, id: "not-an-id", name: "Not an id", url: "", targetId: "my-page" },
        ]);
        expect(report.added).toEqual(["Good", "No link"]);
        expect(report.skipped).toEqual([
          { name: "Elsewhere", reason: "Not a valid connection (its link isn't a Notion link)." },
          { name: "Script", reason: "Not a valid connection (its link isn't a Notion link)." },
          { name: "Look-alike", reason: "Not a valid connection (its link isn't a Notion link)." },
          { name: "Mismatch", reason: "Not a valid connection (its link points to another Notion page than its target)." },
          { name: "Not an id", reason: "Not a valid connection (its Notion target isn't a Notion id)." },
        ]);
        expect(await stored("derived")).toMatchObject({ url: "https://www.notion.so/11111111222233334444555555555555", targetId: TARGET.id });
      });

      it("imports its own export of connections saved from links the form accepts in other forms, with the canonical link instead", async () => {
        const typed = [
          "http://www.notion.so/Ideas-11111111222233334444555555555555",
          "www.notion.so/Ideas-11111111222233334444555555555555",
          "11111111222233334444555555555555",
          "https://team.notion.site/Ideas-11111111222233334444555555555555",
          "https://sign-in:again@www.notion.so/Ideas-11111111222233334444555555555555",
        ];
        for (const [index, url] of typed.entries()) await records.saveConnection(draft({ name: `Typed ${index}`, url }), TARGET);
        const file = await records.exportConnections();
        fakeBrowser.reset();
        const report = await records.importConnections(JSON.stringify(file));
        expect(report.skipped).toEqual([]);
        expect(report.added).toHaveLength(typed.length);
        for (const connection of await records.listConnections()) {
          expect(connection).toMatchObject({ url: "https://www.notion.so/11111111222233334444555555555555", targetId: TARGET.id });
        }
      });

      it("clamps times from the future to now, so a forged copy can't win every later merge", async () => {
        await importing([{ ...base, id: "future", name: "Future", url: "", targetId: TARGET.id, createdAt: 9e12, updatedAt: 9e12 }]);
        expect(await stored("future")).toMatchObject({ createdAt: clock, updatedAt: clock });
        clock += 5;
        const report = await importing([{ ...base, id: "future", name: "Newer edit", url: "", targetId: TARGET.id, updatedAt: clock }]);
        expect(report.updated).toEqual(["Newer edit"]);
      });

      it("marks what it adds or updates as needing its target checked before it runs; its check clears it", async () => {
        await importing([{ ...base, id: "imported", name: "Imported", url: "", targetId: TARGET.id }]);
        expect(await stored("imported")).toMatchObject({ targetUnchecked: true });
        expect((await records.exportConnections()).connections[0]).not.toHaveProperty("targetUnchecked");
        await records.markTargetChecked((await stored("imported"))!, "Ideas (renamed)");
        const checked = await stored("imported");
        expect(checked).not.toHaveProperty("targetUnchecked");
        expect(checked?.targetTitle).toBe("Ideas (renamed)");
      });

      it("keeps an imported connection unchecked through saves (the form, a prompt edited in the in-Notion panel): only a check clears it", async () => {
        const database = { dataSourceId: "forged-source", selectionProperty: "Generate", output: { type: "body" as const } };
        await importing([{ ...base, kind: "database", id: "imported", name: "Imported", url: "", targetId: DB_TARGET.id, database }]);
        const imported = (await stored("imported"))!;
        await records.saveConnection({ ...draft({ kind: "database", database }), id: imported.id, prompt: "Edited in the panel", baseUpdatedAt: imported.updatedAt }, DB_TARGET);
        expect(await stored("imported")).toMatchObject({ prompt: "Edited in the panel", targetUnchecked: true });
        await records.markTargetChecked((await stored("imported"))!, DB_TARGET.title);
        await records.saveConnection({ ...draft({ kind: "database", database }), id: imported.id, prompt: "Edited again" }, DB_TARGET);
        expect(await stored("imported")).not.toHaveProperty("targetUnchecked");
      });

      it("keeps a target unchecked when another import changed it while the old one was being checked", async () => {
        await importing([{ ...base, id: "imported", name: "Imported", url: "", targetId: TARGET.id }]);
        const beingChecked = (await stored("imported"))!;
        clock += 5;
        const other = "77777777-2222-3333-4444-555555555555";
        await importing([{ ...base, id: "imported", name: "Imported", url: "", targetId: other, updatedAt: clock }]);
        expect(await records.markTargetChecked(beingChecked, "Ideas")).toBeUndefined();
        expect(await stored("imported")).toMatchObject({ targetId: other, targetUnchecked: true });
      });
    });

    it("skips a connection whose nested settings carry unknown fields", async () => {
      const report = await records.importConnections(
        JSON.stringify({ format: "inkwell-connections", version: 1, connections: [{ id: "c1", name: "Odd", kind: "page", url: "", targetId: "t", targetTitle: "", prompt: "", options: { ...defaultGenerationOptions(), token: "x" }, createdAt: 1, updatedAt: 1 }] }),
      );
      expect(report.added).toEqual([]);
      expect(report.skipped[0]?.name).toBe("Odd");
    });

    it("brings a connection in the trash back when it is imported", async () => {
      const a = await records.saveConnection(draft({ name: "A" }), TARGET);
      const file = await records.exportConnections();
      await records.deleteConnections([a.id]);
      const report = await records.importConnections(JSON.stringify(file));
      expect(report.added).toEqual(["A"]);
      expect(await records.getConnection(a.id)).toBeDefined();
    });

    it.each([
      ["not JSON", "{oops", /isn't valid JSON/],
      ["another format", JSON.stringify({ format: "something-else", connections: [] }), /isn't an Inkwell connections export/],
      ["no connections list", JSON.stringify({ format: "inkwell-connections", version: 1 }), /isn't an Inkwell connections export/],
      ["a newer version", JSON.stringify({ format: "inkwell-connections", version: 9, connections: [] }), /newer version of Inkwell/],
    ])("rejects %s with a clear message", async (_label, text, message) => {
      await expect(records.importConnections(text)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(message) });
    });
  });
});

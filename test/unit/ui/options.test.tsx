// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as v from "valibot";
import { pageRequestSchemas } from "../../../src/shared/protocol/schemas";
import type { ConnectionsExport } from "../../../src/shared/protocol/types";
import { IDS_PER_REQUEST } from "../../../src/ui/connections/useDeleteWithUndo";
import type { Connection } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { OptionsApp, parseRoute } from "../../../src/ui/options/App";
import { DRAFT_KEY } from "../../../src/ui/popup/create/draft";
import { alerts, answer, answerQuestion, button, byLabel, choose, click, mount, textOf, type, waitFor } from "./dom";
import { makeConnection, makeRun } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const rowNames = () => [...document.querySelectorAll("#connections-table tbody tr")].map((row) => row.querySelector("td:nth-child(2)")?.textContent);
const checkbox = (label: string) => document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
const headerButton = (label: string) => [...document.querySelectorAll<HTMLButtonElement>("#connections-table thead button")].find((element) => element.textContent?.startsWith(label))!;

const connections: Connection[] = [
  makeConnection({ id: "c-1", name: "Weekly digest", kind: "page", targetTitle: "Digest", prompt: "Summarise", createdAt: 10 }),
  makeConnection({ id: "c-2", name: "Products", kind: "database", targetTitle: "Catalogue", prompt: "Describe {{Name}}", createdAt: 30 }),
  makeConnection({ id: "c-3", name: "Archive", kind: "page", targetTitle: "Old notes", prompt: "Tidy", createdAt: 20 }),
];

describe("options page: Connections table", () => {
  let listed: Connection[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    listed = [...connections];
    answer(request, { "connection.list": () => listed });
    history.replaceState(null, "", "#");
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const open = async () => {
    await mount(<OptionsApp />);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
  };

  it("sorts by a column header (again to reverse) and filters", async () => {
    await open();
    expect(rowNames()).toEqual(["Archive", "Products", "Weekly digest"]);
    expect(headerButton("Name").closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    await click(headerButton("Created"));
    expect(rowNames()).toEqual(["Products", "Archive", "Weekly digest"]);
    await click(headerButton("Created"));
    expect(rowNames()).toEqual(["Weekly digest", "Archive", "Products"]);
    expect(headerButton("Created").closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    await choose(byLabel("Show"), "page");
    await type(byLabel("Search"), "old");
    expect(rowNames()).toEqual(["Archive"]);
  });

  it("selects all visible rows, deletes them after confirming, and Undo restores them all", async () => {
    const deleted: string[][] = [];
    const restored: string[][] = [];
    answer(request, {
      "connection.list": () => listed,
      "connection.delete": ({ ids }) => {
        deleted.push(ids);
        return { deleted: ids.length };
      },
      "connection.restore": ({ ids }) => {
        restored.push(ids);
        return { restored: ids.length };
      },
    });
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await open();
    expect(button("Delete selected").disabled).toBe(true);
    await choose(byLabel("Show"), "page");
    await click(checkbox("Select all visible"));
    expect(textOf("#selection-count")).toBe("2 selected");
    expect(checkbox("Select Products")).toBeNull(); // filtered out, so not selected
    await click(button("Delete selected"));
    expect((await answerQuestion(true)).message).toContain("Delete 2 connections?");
    expect(nativeConfirm).not.toHaveBeenCalled(); // the same in-page question as the popup
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted 2 connections."));
    expect(deleted).toEqual([["c-3", "c-1"]]);
    await click(button("Undo"));
    await waitFor(() => expect(restored).toEqual([["c-3", "c-1"]]));
  });

  describe("more connections than one request takes", { timeout: 30_000 }, () => {
    const many = Array.from({ length: 2_100 }, (_, index) =>
      makeConnection({ id: `c-${String(index).padStart(4, "0")}`, name: `Connection ${String(index).padStart(4, "0")}`, createdAt: index }),
    );
    const deleteRequest = pageRequestSchemas["connection.delete"];
    const restoreRequest = pageRequestSchemas["connection.restore"];

    async function deleteAll(failChunk?: number) {
      const deleted: string[][] = [];
      const restored: string[][] = [];
      answer(request, {
        "connection.list": () => many,
        "connection.delete": (payload) => {
          // The worker validates every request as the protocol says.
          if (!v.safeParse(deleteRequest, payload).success) throw new WorkerError({ code: "invalid_input", message: "Invalid request.", retryable: false });
          if (deleted.length === failChunk) throw new WorkerError({ code: "offline", message: "Can't reach the service.", retryable: true });
          deleted.push(payload.ids);
          return { deleted: payload.ids.length };
        },
        "connection.restore": (payload) => {
          if (!v.safeParse(restoreRequest, payload).success) throw new WorkerError({ code: "invalid_input", message: "Invalid request.", retryable: false });
          restored.push(payload.ids);
          return { restored: payload.ids.length };
        },
      });
      await mount(<OptionsApp />);
      await waitFor(() => expect(rowNames()).toHaveLength(2_100));
      await click(checkbox("Select all visible"));
      expect(textOf("#selection-count")).toBe("2100 selected");
      await click(button("Delete selected"));
      await answerQuestion(true);
      return { deleted, restored };
    }

    it("deletes 2,100 selected connections in requests of at most 1,000, and Undo restores every one", async () => {
      const { deleted, restored } = await deleteAll();
      await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted 2100 connections."));
      expect(deleted.map((ids) => ids.length)).toEqual([IDS_PER_REQUEST, IDS_PER_REQUEST, 100]);
      expect(new Set(deleted.flat())).toEqual(new Set(many.map((connection) => connection.id)));
      expect(alerts()).toEqual([]);
      await click(button("Undo"));
      await waitFor(() => expect(document.querySelector("#undo-toast")).toBeNull());
      expect(restored.map((ids) => ids.length)).toEqual([IDS_PER_REQUEST, IDS_PER_REQUEST, 100]);
      expect(restored.flat().sort()).toEqual(deleted.flat().sort());
    });

    it("if a later request fails, says how many were deleted and Undo still restores those", async () => {
      const { deleted, restored } = await deleteAll(1);
      await waitFor(() => expect(alerts()).toEqual(["Deleted 1000 of 2100 connections, then: Can't reach the service."]));
      expect(textOf("#undo-toast")).toContain("Deleted 1000 connections.");
      await click(button("Undo"));
      await waitFor(() => expect(restored).toEqual(deleted));
      expect(restored.flat()).toHaveLength(1_000);
    });

    it("the chunk size is exactly what the protocol accepts", () => {
      const ids = (count: number) => Array.from({ length: count }, (_, index) => `id-${index}`);
      expect(v.safeParse(deleteRequest, { ids: ids(IDS_PER_REQUEST) }).success).toBe(true);
      expect(v.safeParse(deleteRequest, { ids: ids(IDS_PER_REQUEST + 1) }).success).toBe(false);
      expect(v.safeParse(restoreRequest, { ids: ids(IDS_PER_REQUEST + 1) }).success).toBe(false);
    });
  });

  it("duplicates a connection", async () => {
    answer(request, { "connection.list": () => listed, "connection.duplicate": ({ id }) => ({ ...connections.find((c) => c.id === id)!, id: "c-9", name: "Products (copy)" }) });
    await open();
    await click(button("Duplicate", document.querySelector('tr[data-connection-id="c-2"]')!));
    await waitFor(() => expect(textOf("#table-status")).toBe("Duplicated “Products” as “Products (copy)”."));
    expect(request).toHaveBeenCalledWith("connection.duplicate", { id: "c-2" });
  });

  it("duplicates once on a double click: the button is disabled until the worker answers", async () => {
    let answerDuplicate: (() => void) | undefined;
    answer(request, {
      "connection.list": () => listed,
      "connection.duplicate": ({ id }) => new Promise((resolve) => (answerDuplicate = () => resolve({ ...connections.find((c) => c.id === id)!, id: "c-9", name: "Products (copy)" }))),
    });
    await open();
    const row = () => document.querySelector('tr[data-connection-id="c-2"]')!;
    await click(button("Duplicate", row()));
    expect(button("Duplicate", row()).disabled).toBe(true);
    await click(button("Duplicate", row()));
    answerDuplicate!();
    await waitFor(() => expect(textOf("#table-status")).toBe("Duplicated “Products” as “Products (copy)”."));
    expect(vi.mocked(request).mock.calls.filter(([type]) => type === "connection.duplicate")).toHaveLength(1);
    expect(button("Duplicate", row()).disabled).toBe(false);
  });

  it("disables Delete selected while the deletion runs", async () => {
    let answerDelete: (() => void) | undefined;
    answer(request, {
      "connection.list": () => listed,
      "connection.delete": ({ ids }) => new Promise((resolve) => (answerDelete = () => resolve({ deleted: ids.length }))),
    });
    await open();
    await click(checkbox("Select Products"));
    await click(button("Delete selected"));
    await answerQuestion(true);
    await waitFor(() => expect(answerDelete).toBeDefined());
    expect(button("Delete selected").disabled).toBe(true);
    answerDelete!();
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted"));
  });

  it("disables Import while a file is being imported", async () => {
    let answerImport: (() => void) | undefined;
    answer(request, {
      "connection.list": () => listed,
      "connection.import": () => new Promise((resolve) => (answerImport = () => resolve({ added: ["Alpha"], updated: [], skipped: [] }))),
    });
    await open();
    const input = byLabel("Import");
    Object.defineProperty(input, "files", { value: [new File(["{}"], "backup.json", { type: "application/json" })], configurable: true });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => expect(answerImport).toBeDefined());
    expect(byLabel("Import").disabled).toBe(true);
    answerImport!();
    await waitFor(() => expect(textOf("#import-report")).toContain("1 connection added"));
    expect(byLabel("Import").disabled).toBe(false);
  });

  it("exports: the worker's export JSON is downloaded as a .json file", async () => {
    const exported: ConnectionsExport = { format: "inkwell-connections", version: 1, exportedAt: "2026-11-21T00:00:00.000Z", connections: [] };
    answer(request, { "connection.list": () => listed, "connection.export": () => exported });
    let blob: Blob | undefined;
    vi.spyOn(URL, "createObjectURL").mockImplementation((value) => {
      blob = value as Blob;
      return "blob:inkwell/1";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    await open();
    await click(button("Export"));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]!.href).toBe("blob:inkwell/1");
    expect(clicked[0]!.download).toMatch(/^inkwell-connections-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(await blob!.text())).toEqual(exported);
    expect(textOf("#export-status")).toBe("Exported 0 connections.");
  });

  it("imports a chosen file and reports what was added, updated and skipped", async () => {
    let received = "";
    answer(request, {
      "connection.list": () => listed,
      "connection.import": ({ json }) => {
        received = json;
        return { added: ["Alpha"], updated: ["Products"], skipped: [{ name: "Broken", reason: "its URL is not a Notion link" }] };
      },
    });
    await open();
    const input = byLabel("Import");
    const text = '{"format":"inkwell-connections"}';
    Object.defineProperty(input, "files", { value: [new File([text], "backup.json", { type: "application/json" })], configurable: true });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => expect(textOf("#import-report")).toContain("1 connection added, 1 updated, 1 skipped."));
    expect(received).toBe(text);
    expect(textOf("#import-report")).toContain("Skipped “Broken”: its URL is not a Notion link");
  });

  it("shows why an import was refused", async () => {
    answer(request, {
      "connection.list": () => listed,
      "connection.import": () => {
        throw new WorkerError({ code: "invalid_input", message: "This isn't an Inkwell export file.", retryable: false });
      },
    });
    await open();
    const input = byLabel("Import");
    Object.defineProperty(input, "files", { value: [new File(["nope"], "x.json")], configurable: true });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => expect(alerts()).toEqual(["This isn't an Inkwell export file."]));
  });

  it("opens #connection=<id> on that connection's details, and Open in Create puts it in the popup's draft", async () => {
    answer(request, { "connection.list": () => listed, "connection.get": ({ id }) => ({ connection: connections.find((c) => c.id === id)!, runs: [makeRun({ connectionId: id, status: "succeeded" })] }) });
    history.replaceState(null, "", "#connection=c-2");
    await mount(<OptionsApp />);
    await waitFor(() => expect(document.querySelector("#connection-details")?.getAttribute("data-connection-id")).toBe("c-2"));
    expect(document.querySelector('[role="tab"][aria-selected="true"]')?.textContent).toBe("Connections");
    await click(button("Open in Create"));
    await waitFor(async () => expect((await fakeBrowser.storage.local.get(DRAFT_KEY))[DRAFT_KEY]).toMatchObject({ connectionId: "c-2", prompt: "Describe {{Name}}" }));
    await waitFor(() => expect(textOf("#options-notice")).toContain("“Products” is ready in Create"));
    await click(button("← Back"));
    expect(location.hash).toBe("#connections");
  });

  it("reads its route from the hash", () => {
    expect(parseRoute("#connection=a%2Fb")).toEqual({ tab: "Connections", connectionId: "a/b" });
    expect(parseRoute("#settings")).toEqual({ tab: "Settings", connectionId: null });
    expect(parseRoute("#usage")).toEqual({ tab: "Usage", connectionId: null });
    expect(parseRoute("")).toEqual({ tab: "Connections", connectionId: null });
  });
});

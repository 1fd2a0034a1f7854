// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectionKey, runKey, type Connection } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { ConnectionsTab } from "../../../src/ui/popup/ConnectionsTab";
import { UNDO_TOAST_MS } from "../../../src/ui/connections/useDeleteWithUndo";
import { answer, button, byLabel, choose, click, mount, queryButton, textOf, type, waitFor } from "./dom";
import { makeConnection, makeRun } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const DAY = 86_400_000;
const now = Date.now();
const alpha = makeConnection({ id: "c-alpha", name: "Alpha notes", kind: "page", targetTitle: "Garden page", prompt: "Write about tomatoes", createdAt: now - 3 * DAY, runIds: ["r-a1", "r-a2"] });
const beta = makeConnection({
  id: "c-beta",
  name: "beta products",
  kind: "database",
  targetTitle: "Products",
  prompt: "Describe {{Name}}",
  createdAt: now - 1 * DAY,
  runIds: ["r-b1"],
  engine: "openai",
  model: "gpt-5.6-mini",
});
const gamma = makeConnection({ id: "c-gamma", name: "Gamma", kind: "page", targetTitle: "Recipes", prompt: "Summarise the week", createdAt: now - 2 * DAY, runIds: [] });

const names = () => [...document.querySelectorAll("#connection-list li .conn-name")].map((element) => element.textContent);
const item = (id: string) => document.querySelector<HTMLElement>(`#connection-list li[data-connection-id="${id}"]`)!;

async function seed(connections: Connection[]) {
  await fakeBrowser.storage.local.set({
    [runKey("r-a1")]: makeRun({ id: "r-a1", connectionId: "c-alpha", status: "failed", startedAt: now - 2 * DAY }),
    [runKey("r-a2")]: makeRun({ id: "r-a2", connectionId: "c-alpha", status: "succeeded", startedAt: now - 5 * 60_000 }),
    [runKey("r-b1")]: makeRun({
      id: "r-b1",
      connectionId: "c-beta",
      kind: "database",
      status: "succeeded",
      startedAt: now - 3 * 3_600_000,
      rows: [
        { rowId: "1", title: "A", state: "done" },
        { rowId: "2", title: "B", state: "failed", reason: "x" },
      ],
    }),
    ...Object.fromEntries(connections.map((connection) => [connectionKey(connection.id), connection])),
  });
}

describe("popup Connections list", () => {
  let listed: Connection[];
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    listed = [alpha, beta, gamma];
    await seed(listed);
    answer(request, { "connection.list": () => listed });
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const open = () => mount(<ConnectionsTab detailsId={null} onDetails={() => undefined} onCreate={() => undefined} />);

  it("lists every connection with type, target, prompt excerpt, last run and engine, from one request", async () => {
    const getSpy = vi.spyOn(fakeBrowser.storage.local, "get");
    await open();
    await waitFor(() => expect(names()).toEqual(["Alpha notes", "beta products", "Gamma"]));
    expect(textOf('li[data-connection-id="c-alpha"] .badge')).toBe("page");
    expect(textOf('li[data-connection-id="c-alpha"] .conn-meta')).toBe("→ Garden page · default");
    expect(textOf('li[data-connection-id="c-alpha"] .conn-prompt')).toBe("Write about tomatoes");
    expect(textOf('li[data-connection-id="c-alpha"] .conn-run')).toBe("5 min ago · succeeded"); // the newest run, not the failed one
    expect(textOf('li[data-connection-id="c-beta"] .conn-meta')).toBe("→ Products · openai · gpt-5.6-mini");
    expect(textOf('li[data-connection-id="c-beta"] .conn-run')).toBe("3 h ago · partial"); // a failed row makes it partial
    expect(textOf('li[data-connection-id="c-gamma"] .conn-run')).toBe("Never run");
    // One message for the list, one storage read for all the last runs (not one per connection).
    expect(vi.mocked(request).mock.calls.map(([type]) => type)).toEqual(["connection.list"]);
    expect(getSpy).toHaveBeenCalledTimes(1);
    expect(getSpy.mock.calls[0]![0]).toEqual([runKey("r-a2"), runKey("r-b1")]);
  });

  it("hides connections waiting in the trash", async () => {
    listed = [alpha, { ...beta, deletedAt: now }];
    await open();
    await waitFor(() => expect(names()).toEqual(["Alpha notes"]));
  });

  it("sorts by name, type, created and last run, and reverses", async () => {
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    await choose(byLabel("Sort by"), "created");
    expect(names()).toEqual(["beta products", "Gamma", "Alpha notes"]); // newest first
    await choose(byLabel("Sort by"), "lastRun");
    expect(names()).toEqual(["Alpha notes", "beta products", "Gamma"]); // never run last
    await choose(byLabel("Sort by"), "type");
    expect(names()).toEqual(["beta products", "Alpha notes", "Gamma"]);
    await choose(byLabel("Sort by"), "name");
    await click(button("↑"));
    expect(names()).toEqual(["Gamma", "beta products", "Alpha notes"]);
  });

  it("filters by type and by text in the name, target title or prompt", async () => {
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    await choose(byLabel("Show"), "page");
    expect(names()).toEqual(["Alpha notes", "Gamma"]);
    await type(byLabel("Search"), "recipes"); // the target's title
    expect(names()).toEqual(["Gamma"]);
    expect(textOf("#list-count")).toBe("1 of 3 connections");
    await choose(byLabel("Show"), "");
    await type(byLabel("Search"), "{{name}}"); // the prompt, any case
    expect(names()).toEqual(["beta products"]);
    await type(byLabel("Search"), "nothing like it");
    expect(names()).toEqual([]);
    expect(document.body.textContent).toContain("No connection matches.");
  });

  it("deletes from the ••• menu after confirming, then Undo restores it", async () => {
    const deleted: string[][] = [];
    const restored: string[][] = [];
    answer(request, {
      "connection.list": () => listed,
      "connection.delete": ({ ids }) => {
        deleted.push(ids);
        listed = listed.filter((connection) => !ids.includes(connection.id));
        return { deleted: ids.length };
      },
      "connection.restore": ({ ids }) => {
        restored.push(ids);
        return { restored: ids.length };
      },
    });
    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));

    await click(button("•••", item("c-beta")));
    await click(button("Delete", item("c-beta")));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining("“beta products”"));
    expect(deleted).toEqual([]); // declined

    confirm.mockReturnValue(true);
    await click(button("•••", item("c-beta")));
    await click(button("Delete", item("c-beta")));
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted “beta products”."));
    expect(deleted).toEqual([["c-beta"]]);

    await click(button("Undo"));
    await waitFor(() => expect(restored).toEqual([["c-beta"]]));
    await waitFor(() => expect(document.querySelector("#undo-toast")).toBeNull());
  });

  it("offers Undo for a few seconds only", async () => {
    answer(request, { "connection.list": () => listed, "connection.delete": ({ ids }) => ({ deleted: ids.length }) });
    vi.stubGlobal("confirm", () => true);
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await click(button("•••", item("c-gamma")));
    await click(button("Delete", item("c-gamma")));
    await vi.waitFor(() => expect(document.querySelector("#undo-toast")).not.toBeNull());
    await vi.advanceTimersByTimeAsync(UNDO_TOAST_MS - 100);
    expect(document.querySelector("#undo-toast")).not.toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() => expect(document.querySelector("#undo-toast")).toBeNull());
  });

  it("follows storage: another window's edit reloads the list, a run's progress re-reads only the runs", async () => {
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    listed = [alpha, beta, gamma, makeConnection({ id: "c-new", name: "Added elsewhere" })];
    await fakeBrowser.storage.local.set({ [connectionKey("c-new")]: listed[3] });
    await waitFor(() => expect(names()).toContain("Added elsewhere"));
    const listCalls = vi.mocked(request).mock.calls.length;

    await fakeBrowser.storage.local.set({ [runKey("r-b1")]: makeRun({ id: "r-b1", connectionId: "c-beta", kind: "database", status: "cancelled", startedAt: now - 60_000 }) });
    await waitFor(() => expect(textOf('li[data-connection-id="c-beta"] .conn-run')).toBe("1 min ago · cancelled"));
    expect(vi.mocked(request).mock.calls.length).toBe(listCalls); // no new list request
    expect(queryButton("Undo")).toBeNull();
  });
});

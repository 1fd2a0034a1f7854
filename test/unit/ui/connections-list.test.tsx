// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectionKey, runKey, type Connection } from "../../../src/shared/storage/schema";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { ConnectionsTab } from "../../../src/ui/popup/ConnectionsTab";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { LAST_DELETION_KEY, UNDO_TOAST_MS } from "../../../src/ui/connections/useDeleteWithUndo";
import { act } from "preact/test-utils";
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

  // As in the popup (popup/App.tsx), questions are asked with the in-page dialog.
  const open = () =>
    mount(
      <ConfirmProvider>
        <ConnectionsTab detailsId={null} onDetails={() => undefined} onCreate={() => undefined} />
      </ConfirmProvider>,
    );
  const dialog = () => document.querySelector<HTMLDialogElement>("#confirm-dialog")!;
  const deleteRow = async (id: string) => {
    await click(button("•••", item(id)));
    await click(button("Delete", item(id)));
  };
  const focused = () => document.activeElement as HTMLElement | null;
  const key = async (target: Element, name: string) => {
    const event = new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true });
    await act(() => {
      target.dispatchEvent(event);
    });
    return event;
  };

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
    const runReads = getSpy.mock.calls.filter(([keys]) => keys !== LAST_DELETION_KEY);
    expect(runReads).toEqual([[[runKey("r-a2"), runKey("r-b1")]]]);
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

  function answerDeletes() {
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
    return { deleted, restored };
  }

  it("deletes from the ••• menu after confirming in the in-page dialog, then Undo restores it", async () => {
    const { deleted, restored } = answerDeletes();
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));

    await deleteRow("c-beta");
    expect(dialog().open).toBe(true);
    expect(dialog().getAttribute("role")).toBe("alertdialog");
    expect(document.getElementById(dialog().getAttribute("aria-labelledby")!)?.textContent).toBeTruthy();
    expect(document.getElementById(dialog().getAttribute("aria-describedby")!)?.textContent).toContain("“beta products”");
    expect(focused()?.id).toBe("confirm-cancel"); // the safe choice
    await click(button("Cancel", dialog()));
    expect(dialog().open).toBe(false);
    expect(deleted).toEqual([]); // declined
    expect(focused()?.getAttribute("aria-label")).toBe("More actions for beta products"); // back where the user was

    await deleteRow("c-beta");
    expect(textOf("#confirm-ok")).toBe("Delete");
    await click(document.querySelector<HTMLElement>("#confirm-ok")!);
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted “beta products”."));
    expect(deleted).toEqual([["c-beta"]]);
    expect(nativeConfirm).not.toHaveBeenCalled(); // no native dialog, which can close a Firefox popup

    await click(button("Undo"));
    await waitFor(() => expect(restored).toEqual([["c-beta"]]));
    await waitFor(() => expect(document.querySelector("#undo-toast")).toBeNull());
    expect((await fakeBrowser.storage.local.get(LAST_DELETION_KEY))[LAST_DELETION_KEY]).toBeUndefined(); // restored: nothing left to undo
  });

  it("Escape in the dialog cancels without deleting", async () => {
    const { deleted } = answerDeletes();
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    await deleteRow("c-alpha");
    const escape = await key(document.querySelector("#confirm-cancel")!, "Escape");
    expect(escape.defaultPrevented).toBe(true); // the popup itself stays open
    expect(dialog().open).toBe(false);
    expect(deleted).toEqual([]);
    expect(focused()?.getAttribute("aria-label")).toBe("More actions for Alpha notes");
  });

  it("moves focus to Undo after a delete, and back to the search field when the toast goes", async () => {
    answerDeletes();
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    await deleteRow("c-gamma");
    await click(document.querySelector<HTMLElement>("#confirm-ok")!);
    await waitFor(() => expect(focused()?.id).toBe("undo-delete"));
    await click(document.querySelector<HTMLElement>('#undo-toast [aria-label="Dismiss"]')!);
    await waitFor(() => expect(document.querySelector("#undo-toast")).toBeNull());
    expect(focused()?.id).toBe("list-search");
  });

  it("offers Undo for a while, and holds it while the toast has the pointer or focus", async () => {
    answerDeletes();
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await deleteRow("c-gamma");
    await click(document.querySelector<HTMLElement>("#confirm-ok")!);
    await vi.waitFor(() => expect(document.querySelector("#undo-toast")).not.toBeNull());
    const toast = document.querySelector<HTMLElement>("#undo-toast")!;
    // Focus is on Undo: the toast waits however long it takes.
    await vi.advanceTimersByTimeAsync(UNDO_TOAST_MS * 3);
    expect(document.querySelector("#undo-toast")).not.toBeNull();
    // Focus moves on: the full time runs again from then.
    await act(() => byLabel("Search").focus());
    await vi.advanceTimersByTimeAsync(UNDO_TOAST_MS - 100);
    expect(document.querySelector("#undo-toast")).not.toBeNull();
    // The pointer rests on it: held again.
    await act(() => {
      toast.parentElement!.dispatchEvent(new MouseEvent("mouseenter"));
    });
    await vi.advanceTimersByTimeAsync(UNDO_TOAST_MS * 2);
    expect(document.querySelector("#undo-toast")).not.toBeNull();
    await act(() => {
      toast.parentElement!.dispatchEvent(new MouseEvent("mouseleave"));
    });
    await vi.advanceTimersByTimeAsync(UNDO_TOAST_MS + 100);
    await vi.waitFor(() => expect(document.querySelector("#undo-toast")).toBeNull());
  });

  it("keeps the status region in the page and changes only its content", async () => {
    answerDeletes();
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    const region = document.querySelector("#undo-toast")?.closest('[role="status"]') ?? document.querySelector(".toast-region");
    expect(region?.getAttribute("role")).toBe("status");
    expect(region?.textContent).toBe("");
    await deleteRow("c-gamma");
    await click(document.querySelector<HTMLElement>("#confirm-ok")!);
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted “Gamma”."));
    expect(document.querySelector("#undo-toast")!.closest('[role="status"]')).toBe(region); // the same element, announced on change
  });

  it("shows Undo again when the popup is reopened within the window, and a second delete joins the first", async () => {
    const { restored } = answerDeletes();
    const first = await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    await deleteRow("c-gamma");
    await click(document.querySelector<HTMLElement>("#confirm-ok")!);
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted “Gamma”."));
    const stored = (await fakeBrowser.storage.local.get(LAST_DELETION_KEY))[LAST_DELETION_KEY] as { ids: string[]; names: string[]; at: number };
    expect(stored).toEqual({ ids: ["c-gamma"], names: ["Gamma"], at: expect.any(Number) as number });

    // A click into Notion closes the popup; reopening it offers Undo again.
    await first.unmount();
    await open();
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted “Gamma”."));
    expect(focused()?.id).not.toBe("undo-delete"); // shown again, not grabbing focus on open

    // Deleting another while it shows: one toast, Undo brings both back.
    await deleteRow("c-alpha");
    await click(document.querySelector<HTMLElement>("#confirm-ok")!);
    await waitFor(() => expect(textOf("#undo-toast")).toContain("Deleted 2 connections."));
    expect(document.querySelectorAll("#undo-toast")).toHaveLength(1);
    await click(button("Undo"));
    await waitFor(() => expect(restored).toEqual([["c-gamma", "c-alpha"]]));
    expect((await fakeBrowser.storage.local.get(LAST_DELETION_KEY))[LAST_DELETION_KEY]).toBeUndefined();
  });

  it("does not offer Undo on reopening after the window has passed", async () => {
    await fakeBrowser.storage.local.set({ [LAST_DELETION_KEY]: { ids: ["c-gone"], names: ["Gone"], at: Date.now() - UNDO_TOAST_MS - 1 } });
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(document.querySelector("#undo-toast")).toBeNull();
  });

  it("the ••• menu is a disclosure: aria-expanded/controls, Escape closes it to its button, focus leaving closes it", async () => {
    await open();
    await waitFor(() => expect(names()).toHaveLength(3));
    const trigger = button("•••", item("c-alpha"));
    expect(trigger.getAttribute("aria-haspopup")).toBeNull();
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
    await click(trigger);
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    const list = document.getElementById(trigger.getAttribute("aria-controls")!)!;
    expect(list.hidden).toBe(false);
    expect(item("c-alpha").querySelector('[role="menu"], [role="menuitem"]')).toBeNull();
    const remove = button("Delete", item("c-alpha"));
    await act(() => remove.focus());
    const escape = await key(remove, "Escape");
    expect(escape.defaultPrevented).toBe(true); // not also closing the popup
    expect(list.hidden).toBe(true);
    expect(focused()).toBe(trigger);

    await click(trigger);
    await act(() => button("Delete", item("c-alpha")).focus());
    await act(() => byLabel("Search").focus());
    expect(list.hidden).toBe(true);
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
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

// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { automationKey, type AutomationState, type Connection } from "../../../src/shared/storage/schema";
import { AutomationPanel } from "../../../src/ui/connections/AutomationPanel";
import { automationStatus } from "../../../src/ui/connections/automationText";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { answer, button, choose, click, mount, textOf, waitFor } from "./dom";
import { makeConnection } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const MINUTE = 60_000;

function databaseConnection(overrides: Partial<Connection> = {}): Connection {
  return makeConnection({
    id: "c-db",
    name: "Topics",
    kind: "database",
    database: { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "if_empty" } },
    ...overrides,
  });
}

describe("a connection's watch (details)", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("turns on a 1-minute watch of rows whose output is empty", async () => {
    const saved: unknown[] = [];
    answer(request, { "automation.set": (payload) => (saved.push(payload), databaseConnection()) });
    await mount(<AutomationPanel connection={databaseConnection()} />);
    await click(document.querySelector<HTMLInputElement>("#automation-enabled")!);
    await choose(document.querySelector("#automation-interval")!, "1");
    await choose(document.querySelector("#automation-match")!, "output_empty");
    await click(button("Save automation"));
    await waitFor(() => expect(textOf("#automation-status")).toMatch(/^Saved: checking now/));
    expect(saved).toEqual([{ connectionId: "c-db", automation: { type: "watch", enabled: true, intervalMinutes: 1, match: "output_empty", notify: false } }]);
  });

  it("offers 'output is empty' only when the answer goes to a text property", async () => {
    await mount(<AutomationPanel connection={databaseConnection({ database: { dataSourceId: "ds", selectionProperty: "Generate", output: { type: "body" } } })} />);
    const options = [...document.querySelectorAll<HTMLOptionElement>("#automation-match option")].map((option) => option.value);
    expect(options).toEqual(["ticked"]);
  });

  it("asks for the notifications permission from the click, and keeps notifications off when refused", async () => {
    const ask = vi.fn(async () => false);
    vi.spyOn(fakeBrowser.permissions, "request").mockImplementation(ask as never);
    await mount(<AutomationPanel connection={databaseConnection()} />);
    await click(document.querySelector<HTMLInputElement>("#automation-notify")!);
    await waitFor(() => expect(textOf("#automation-status")).toMatch(/Notifications were not allowed/));
    expect(ask).toHaveBeenCalledWith({ permissions: ["notifications"] });
    expect(document.querySelector<HTMLInputElement>("#automation-notify")!.checked).toBe(false);
  });

  it("shows a paused watch's reason with Resume", async () => {
    const state: AutomationState = { connectionId: "c-db", nextAt: null, failures: 3, filledToday: 0, paused: { reason: "failing", message: "Paused: 3 checks in a row failed. Notion is down.", at: 0 } };
    await fakeBrowser.storage.local.set({ [automationKey("c-db")]: state });
    const resumed: unknown[] = [];
    answer(request, { "automation.resume": (payload) => (resumed.push(payload), { ...state, paused: undefined, failures: 0 }) as never });
    await mount(<AutomationPanel connection={databaseConnection({ automation: { type: "watch", enabled: true, intervalMinutes: 5, match: "ticked", notify: false } })} />);
    await waitFor(() => expect(textOf("#automation-state")).toContain("Paused: 3 checks in a row failed. Notion is down."));
    await click(button("Resume"));
    await waitFor(() => expect(resumed).toEqual([{ connectionId: "c-db" }]));
  });
});

describe("a watch's state in words", () => {
  const watch = databaseConnection({ automation: { type: "watch", enabled: true, intervalMinutes: 1, match: "output_empty", notify: false } });
  const now = new Date(2026, 11, 7, 12).getTime();

  it("says active, last and next check, and rows filled today", () => {
    const state: AutomationState = { connectionId: "c-db", nextAt: now + MINUTE, lastCheckAt: now - 2 * MINUTE, failures: 0, filledDay: "2026-12-07", filledToday: 4 };
    expect(automationStatus(watch, state, now)).toEqual({ kind: "active", text: "Watching · last check 2 min ago · next in 1 min · 4 rows filled today" });
    expect(automationStatus(watch, { ...state, filledDay: "2026-12-06" }, now)?.text).toContain("0 rows filled today");
  });

  it("says off, and nothing for a connection without automation", () => {
    expect(automationStatus({ ...watch, automation: { ...watch.automation!, enabled: false } }, undefined, now)).toEqual({ kind: "off", text: "Watch off" });
    expect(automationStatus(databaseConnection(), undefined, now)).toBeNull();
  });
});

// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MirrorStatus, PageRequestPayload } from "../../../src/shared/protocol/types";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { MirrorSection } from "../../../src/ui/popup/settings/MirrorSection";
import { alerts, answer, button, byLabel, click, mount, queryButton, textOf, type, waitFor } from "./dom";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const DB = "https://www.notion.so/Inkwell-connections-0123456789abcdef0123456789abcdef";

describe("Settings: connections database in Notion", () => {
  let status: MirrorStatus;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    status = { databaseUrl: null, pending: 0, lastError: null };
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("creates the database under a parent page and links to it", async () => {
    answer(request, {
      "mirror.status": () => status,
      "mirror.create": ({ parentUrl }) => {
        if (!parentUrl.includes("notion.so")) throw new WorkerError({ code: "notion_not_shared", message: "Notion can't find this page.", retryable: false });
        status = { databaseUrl: DB, pending: 0, lastError: null };
        return { databaseUrl: DB, missingColumns: [], active: true };
      },
    });
    await mount(<MirrorSection />);
    await waitFor(() => expect(textOf("#mirror-status")).toBe("Not set up: your connections are kept in this browser only."));
    expect(queryButton("Import from Notion")?.disabled).toBe(true);

    await click(button("Create it for me"));
    expect(alerts()).toEqual(["Paste the link of a Notion page your token can see (••• → Copy link)."]);

    await type(byLabel("Parent page URL"), "elsewhere");
    await click(button("Create it for me"));
    await waitFor(() => expect(alerts()).toEqual(["Notion can't find this page."]));

    await type(byLabel("Parent page URL"), "https://www.notion.so/Home-11112222333344445555666677778888");
    await click(button("Create it for me"));
    await waitFor(() => expect(document.querySelector<HTMLAnchorElement>("#mirror-result-link")?.href).toBe(DB));
    await waitFor(() => expect(textOf("#mirror-status")).toBe("Mirroring to your connections database · up to date"));
    expect(document.querySelector<HTMLAnchorElement>("#mirror-database-link")?.target).toBe("_blank");
  });

  it("uses an existing database, adding missing columns only after consent", async () => {
    const calls: PageRequestPayload<"mirror.connect">[] = [];
    answer(request, {
      "mirror.status": () => status,
      "mirror.connect": (payload) => {
        calls.push(payload);
        if (!payload.addMissing) return { databaseUrl: DB, missingColumns: ["Engine", "Last result"], active: false };
        status = { databaseUrl: DB, pending: 2, lastError: null };
        return { databaseUrl: DB, missingColumns: [], active: true };
      },
    });
    await mount(<MirrorSection />);
    await waitFor(() => byLabel("Existing database URL"));
    await type(byLabel("Existing database URL"), DB);
    await click(button("Use this database"));
    await waitFor(() => expect([...document.querySelectorAll("#mirror-missing li")].map((li) => li.textContent)).toEqual(["Engine", "Last result"]));
    expect(calls).toEqual([{ url: DB, addMissing: false }]); // nothing added yet

    await click(button("Add these columns"));
    await waitFor(() => expect(calls).toEqual([{ url: DB, addMissing: false }, { url: DB, addMissing: true }]));
    await waitFor(() => expect(document.querySelector("#mirror-missing")).toBeNull());
    await waitFor(() => expect(textOf("#mirror-status")).toBe("Mirroring to your connections database · 2 changes waiting to sync"));
  });

  it("shows changes waiting to sync and the last error; Sync now retries", async () => {
    status = { databaseUrl: DB, pending: 3, lastError: "Notion is having trouble right now (HTTP 503)." };
    answer(request, {
      "mirror.status": () => status,
      "mirror.retry": () => {
        status = { databaseUrl: DB, pending: 0, lastError: null };
        return status;
      },
    });
    await mount(<MirrorSection />);
    await waitFor(() => expect(textOf("#mirror-status")).toBe("Mirroring to your connections database · 3 changes waiting to sync"));
    expect(textOf("#mirror-error")).toBe("Last sync failed: Notion is having trouble right now (HTTP 503).");
    await click(button("Sync now"));
    await waitFor(() => expect(textOf("#mirror-status")).toBe("Mirroring to your connections database · up to date"));
    expect(document.querySelector("#mirror-error")).toBeNull();
    expect(queryButton("Sync now")).toBeNull();
  });

  it("imports from Notion and shows the report", async () => {
    status = { databaseUrl: DB, pending: 0, lastError: null };
    answer(request, { "mirror.status": () => status, "mirror.import": () => ({ added: ["A", "B"], updated: [], skipped: [] }) });
    await mount(<MirrorSection />);
    await waitFor(() => expect(button("Import from Notion").disabled).toBe(false));
    await click(button("Import from Notion"));
    await waitFor(() => expect(textOf("#mirror-import-report")).toContain("2 connections added, 0 updated, 0 skipped."));
  });

  it("reads the status again when the worker's mirror state changes", async () => {
    answer(request, { "mirror.status": () => status });
    await mount(<MirrorSection />);
    await waitFor(() => expect(textOf("#mirror-status")).toContain("Not set up"));
    status = { databaseUrl: DB, pending: 1, lastError: null };
    await fakeBrowser.storage.local.set({ mirror: { dataSourceId: "ds", rows: {}, pending: { c: { op: "upsert", since: 1, attempts: 1 } }, lastError: null } });
    await waitFor(() => expect(textOf("#mirror-status")).toBe("Mirroring to your connections database · 1 change waiting to sync"));
  });
});

// @vitest-environment happy-dom
/**
 * A connection's details show what it fills and reads besides its prompt:
 * typed properties with their instructions and the consent to add options,
 * where the answer goes, and the context sent from Notion.
 */
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection, Run } from "../../../src/shared/storage/schema";
import { ConfirmProvider } from "../../../src/ui/components/ConfirmDialog";
import { ConnectionDetails } from "../../../src/ui/connections/ConnectionDetails";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { answer, button, mount, queryButton, textOf, waitFor } from "./dom";
import { makeConnection, makeRun } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const views: Array<{ unmount(): Promise<void> }> = [];
async function open(connection: Connection, runs: Run[] = []) {
  answer(request, { "connection.get": () => ({ connection, runs }) });
  views.push(
    await mount(
      <ConfirmProvider>
        <ConnectionDetails id={connection.id} onBack={() => undefined} />
      </ConfirmProvider>,
    ),
  );
  await waitFor(() => document.querySelector("#details-context"));
}

describe("connection details: what a connection fills and reads", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(async () => {
    for (const view of views.splice(0)) await view.unmount();
    document.body.innerHTML = "";
  });

  it("lists a database's typed properties with their instructions, the options consent, placement and context", async () => {
    await open(
      makeConnection({
        id: "c-db",
        kind: "database",
        prompt: "Summarise {{ page CONTENT }} for {{Name}}",
        placement: "replace",
        context: { standingInstructions: true, contentCapChars: 12_000 },
        database: {
          dataSourceId: "ds-1",
          selectionProperty: "Generate",
          output: { type: "body" },
          typedProperties: [{ property: "Tags", instruction: "1–3 of the existing options" }, { property: "Score" }],
          allowNewOptions: true,
        },
      }),
    );
    expect([...document.querySelectorAll("#details-typed-properties li")].map((item) => item.textContent)).toEqual(["Tags: 1–3 of the existing options", "Score"]);
    expect(textOf("#details-new-options")).toBe("May add new select and multi-select options.");
    expect(textOf("#details-placement")).toBe("Replace what this connection wrote last time");
    expect([...document.querySelectorAll("#details-context li")].map((item) => item.textContent)).toEqual([
      "Each row's content ({{Page content}}), up to 12,000 characters (≈ 3,000 tokens)",
      "The database's description and the used properties' descriptions, as standing instructions",
    ]);
  });

  it("for typed-only output: no placement (the body is left alone), only existing options, and the default context", async () => {
    await open(
      makeConnection({
        id: "c-typed",
        kind: "database",
        prompt: "Tag {{Name}}",
        database: { dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "typed" }, typedProperties: [{ property: "Tags" }] },
      }),
    );
    expect(textOf("#details-new-options")).toBe("Uses only the existing options.");
    expect(document.querySelector("#details-placement")).toBeNull();
    expect(textOf("#details-context")).toBe("The prompt and each row's properties.");
  });

  it("for a page: where the answer goes and whether the page's content is sent, with its cap", async () => {
    await open(makeConnection({ id: "c-page", prompt: "Summarise this page", placement: "top", context: { pageContent: true } }));
    expect(textOf("#details-placement")).toBe("Insert at the top");
    expect(textOf("#details-context")).toBe("The page's current content, up to 20,000 characters (≈ 5,000 tokens)");
    expect(document.querySelector("#details-typed-properties")).toBeNull();
  });

  it("an older page connection reads as it always worked: appended, the prompt only", async () => {
    await open(makeConnection({ id: "c-old", prompt: "Write" }));
    expect(textOf("#details-placement")).toBe("Append at the end");
    expect(textOf("#details-context")).toBe("The prompt only.");
  });

  it("after a dry run, offers neither Resume nor Retry failed rows (both would write), and the history says nothing was written", async () => {
    const dry = makeRun({
      id: "dry-1",
      kind: "database",
      mode: "dry",
      status: "failed",
      error: { code: "budget_reached", message: "The run stopped at your budget." },
      rows: [
        { rowId: "row-1", title: "Tea", state: "previewed", preview: { properties: [], newOptions: [] } },
        { rowId: "row-2", title: "Cocoa", state: "failed", refused: true, reason: "Refused." },
      ],
    });
    const connection = makeConnection({
      id: "c-dry",
      kind: "database",
      prompt: "Tag {{Name}}",
      runIds: ["dry-1"],
      database: { dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "body" } },
    });
    await open(connection, [dry]);
    await waitFor(() => document.querySelector('#run-history tr[data-run-id="dry-1"]'));
    expect(queryButton("Resume")).toBeNull();
    expect(queryButton("Retry failed rows")).toBeNull();
    expect(button("Generate again").disabled).toBe(false);
    expect(document.querySelector('#run-history tr[data-run-id="dry-1"]')?.textContent).toContain("nothing (preview of 1 row)");
  });
});

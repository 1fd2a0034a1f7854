// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as Messaging from "../../../src/ui/messaging";
import { request, WorkerError } from "../../../src/ui/messaging";
import { CreateTab } from "../../../src/ui/popup/create/CreateTab";
import { alerts, answer, button, byLabel, choose, click, mount, textOf, type, waitFor } from "./dom";
import { PAGE_URL, RESOLVED_PAGE } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const NOT_SHARED =
  "Notion can't find this page, or it isn't shared with your integration. In Notion, open it, click ••• (top right) → Connections, and add your integration.";

describe("Create tab, step 1: the target", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  const open = async () => {
    const view = await mount(<CreateTab configured onOpenSettings={() => undefined} />);
    await waitFor(() => byLabel("Notion URL"));
    return view;
  };

  it("asks for a link before calling the worker", async () => {
    answer(request, {});
    await open();
    await click(button("Next"));
    expect(alerts()).toEqual(["Paste the link of a Notion page (••• → Copy link)."]);
    expect(request).not.toHaveBeenCalled();
    expect(byLabel("Notion URL").getAttribute("aria-invalid")).toBe("true");
  });

  it("shows the worker's explanation and stays on step 1", async () => {
    answer(request, {
      "target.resolve": () => {
        throw new WorkerError({ code: "notion_not_shared", message: NOT_SHARED, retryable: false });
      },
    });
    await open();
    await type(byLabel("Notion URL"), PAGE_URL);
    await click(button("Next"));
    await waitFor(() => expect(alerts()).toEqual([NOT_SHARED]));
    expect(document.querySelector("#create-prompt")).toBeNull();
    // Editing the link clears the stale error.
    await type(byLabel("Notion URL"), `${PAGE_URL}x`);
    expect(alerts()).toEqual([]);
  });

  it("resolves the target, names the connection after it and moves to the prompt", async () => {
    answer(request, { "target.resolve": ({ kind }) => ({ ...RESOLVED_PAGE, kind, title: "Launch notes" }) });
    await open();
    await choose(byLabel<HTMLSelectElement>("Type"), "page");
    await type(byLabel("Notion URL"), `  ${PAGE_URL}  `);
    await click(button("Next"));

    await waitFor(() => byLabel("Prompt"));
    expect(request).toHaveBeenCalledWith("target.resolve", { url: PAGE_URL, kind: "page" });
    expect(textOf("#target-summary")).toBe("✓ Page “Launch notes”");
    expect(alerts()).toEqual([]);

    await click(button("Back"));
    expect(byLabel("Name").value).toBe("Launch notes");
    expect(byLabel("Notion URL").value).toBe(`  ${PAGE_URL}  `);
  });

  it("keeps a name the user typed", async () => {
    answer(request, { "target.resolve": () => RESOLVED_PAGE });
    await open();
    await type(byLabel("Name"), "Weekly digest");
    await type(byLabel("Notion URL"), PAGE_URL);
    await click(button("Next"));
    await waitFor(() => byLabel("Prompt"));
    expect(textOf("#target-summary")).toBe("✓ Page “Blank page”");
    await click(button("Back"));
    expect(byLabel("Name").value).toBe("Weekly digest");
  });
});

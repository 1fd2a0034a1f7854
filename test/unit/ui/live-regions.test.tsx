// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportReport } from "../../../src/shared/protocol/types";
import { ConfirmProvider, useConfirm, type Ask } from "../../../src/ui/components/ConfirmDialog";
import { ImportReportView } from "../../../src/ui/components/ImportReportView";
import { mount, textOf } from "./dom";

afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("ImportReportView", () => {
  it("keeps its role=status region in the page and only fills it in, so the report is announced", async () => {
    const root = document.createElement("div");
    document.body.append(root);
    await act(() => render(<ImportReportView report={null} id="import-report" />, root));
    const region = root.querySelector('[role="status"]');
    expect(region).not.toBeNull();
    expect(document.querySelector("#import-report")).toBeNull();
    const report: ImportReport = { added: ["Delta"], updated: [], skipped: [{ name: "Broken", reason: "no target" }] };
    await act(() => render(<ImportReportView report={report} id="import-report" />, root));
    expect(root.querySelector('[role="status"]')).toBe(region); // the same element: only its content changed
    expect(region!.contains(document.querySelector("#import-report"))).toBe(true);
    expect(textOf("#import-report")).toContain("1 connection added, 0 updated, 1 skipped.");
  });
});

describe("useConfirm", () => {
  let ask: Ask = () => Promise.resolve(false);
  function Grab() {
    ask = useConfirm();
    return null;
  }

  it("a newer question cancels an unanswered one; the answer is the button pressed", async () => {
    await mount(
      <ConfirmProvider>
        <Grab />
      </ConfirmProvider>,
    );
    let first: Promise<boolean> = Promise.resolve(true);
    let second: Promise<boolean> = Promise.resolve(false);
    await act(() => {
      first = ask("First?");
    });
    await act(() => {
      second = ask("Second?", { confirmLabel: "Clear" });
    });
    expect(await first).toBe(false);
    expect(textOf("#confirm-message")).toBe("Second?");
    expect(textOf("#confirm-ok")).toBe("Clear");
    await act(() => document.querySelector<HTMLButtonElement>("#confirm-ok")!.click());
    expect(await second).toBe(true);
    expect(document.querySelector<HTMLDialogElement>("#confirm-dialog")!.open).toBe(false);
  });

  it("without a provider (a component rendered on its own) falls back to the native confirm", async () => {
    const nativeConfirm = vi.fn(() => true);
    vi.stubGlobal("confirm", nativeConfirm);
    await mount(<Grab />);
    expect(await ask("Delete it?")).toBe(true);
    expect(nativeConfirm).toHaveBeenCalledWith("Delete it?");
  });
});

// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FeedbackTab, ISSUES_URL } from "../../../src/ui/feedback/FeedbackTab";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { answer, button, byLabel, click, mount, textOf, waitFor } from "./dom";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const DIAGNOSTICS = "Inkwell 0.1.0\nChrome 131\nengine: gemini\nNo errors.";

describe("Feedback tab", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
    answer(request, { "diagnostics.get": () => ({ text: DIAGNOSTICS }) });
  });
  afterEach(() => {
    document.body.innerHTML = "";
    vi.unstubAllGlobals();
  });

  it("links to the project's issue tracker (package.json bugs.url), in a new tab", async () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { bugs: { url: string } };
    expect(ISSUES_URL).toBe(pkg.bugs.url);
    await mount(<FeedbackTab />);
    const link = document.querySelector<HTMLAnchorElement>("#issues-link")!;
    expect(link.href).toBe(ISSUES_URL);
    expect(link.target).toBe("_blank");
  });

  it("previews the diagnostics and copies them", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    await mount(<FeedbackTab />);
    await waitFor(() => expect(document.querySelector("#diagnostics-preview")?.textContent).toBe(DIAGNOSTICS));
    await click(button("Copy diagnostics"));
    await waitFor(() => expect(textOf("#copy-status")).toBe("Copied"));
    expect(writeText).toHaveBeenCalledWith(DIAGNOSTICS);
  });

  it("writes the previewed text to the clipboard within the click, then refreshes the preview", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    let text = DIAGNOSTICS;
    answer(request, { "diagnostics.get": () => ({ text }) });
    await mount(<FeedbackTab />);
    await waitFor(() => expect(document.querySelector("#diagnostics-preview")?.textContent).toBe(DIAGNOSTICS));
    text = `${DIAGNOSTICS}\nLast error: ai_unavailable`;
    // No await between the click and the write: the click's user activation is still valid.
    button("Copy diagnostics").click();
    expect(writeText).toHaveBeenCalledWith(DIAGNOSTICS);
    await waitFor(() => expect(document.querySelector("#diagnostics-preview")?.textContent).toBe(text));
    await waitFor(() => expect(textOf("#copy-status")).toBe("Copied"));
    expect(writeText).toHaveBeenCalledTimes(1);
  });

  it("shows the text to copy by hand when the clipboard refuses", async () => {
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText: () => Promise.reject(new Error("denied")) } });
    await mount(<FeedbackTab />);
    await waitFor(() => expect(button("Copy diagnostics").disabled).toBe(false));
    await click(button("Copy diagnostics"));
    await waitFor(() => expect(textOf("#copy-status")).toContain("select the text below"));
    const manual = byLabel<HTMLTextAreaElement>("Diagnostics to copy by hand");
    expect(manual.value).toBe(DIAGNOSTICS);
    expect(manual.readOnly).toBe(true);
  });
});

// @vitest-environment happy-dom
/**
 * A dry run's values as Notion would show them. The values are the model's,
 * so nothing in them may become markup or a script link.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RowPreviewView } from "../../../src/ui/popup/create/RowPreviewView";
import type { RowPreview } from "../../../src/shared/storage/schema";
import { mount, textOf } from "./dom";

const views: Array<{ unmount(): Promise<void> }> = [];
const show = async (properties: RowPreview["properties"]) => views.push(await mount(<RowPreviewView preview={{ properties, newOptions: [] }} />));

describe("RowPreviewView", () => {
  afterEach(async () => {
    for (const view of views.splice(0)) await view.unmount();
    document.body.innerHTML = "";
  });

  it("links a web address, and shows any other URL the model wrote as plain text", async () => {
    await show([
      { name: "Source", type: "url", display: "https://example.com/tea" },
      { name: "Trap", type: "url", display: "javascript:alert(document.cookie)" },
      { name: "Data", type: "url", display: "data:text/html,<script>alert(1)</script>" },
    ]);
    expect(document.querySelector('[data-value-of="Source"] a')?.getAttribute("href")).toBe("https://example.com/tea");
    expect(document.querySelector('[data-value-of="Trap"] a')).toBeNull();
    expect(textOf('[data-value-of="Trap"]')).toBe("javascript:alert(document.cookie)");
    expect(document.querySelector('[data-value-of="Data"] a')).toBeNull();
    expect(document.querySelector("script")).toBeNull();
    expect([...document.querySelectorAll("a")].map((link) => link.getAttribute("href"))).toEqual(["https://example.com/tea"]);
  });

  it("shows markup in a text value as text", async () => {
    await show([{ name: "Summary", type: "rich_text", display: '<img src=x onerror="alert(1)">' }]);
    expect(document.querySelector("img")).toBeNull();
    expect(textOf('[data-value-of="Summary"]')).toBe('<img src=x onerror="alert(1)">');
  });

  it("shows dates, with or without a time, as Notion does", async () => {
    await show([
      { name: "Due", type: "date", display: "2026-12-24" },
      { name: "Call", type: "date", display: "2026-12-24T15:05:00+01:00" },
      { name: "Launch", type: "date", display: "2026-01-02T00:30Z" },
      { name: "Noon", type: "date", display: "2026-03-09T12:00:00" },
    ]);
    expect(textOf('[data-value-of="Due"]')).toBe("December 24, 2026");
    expect(textOf('[data-value-of="Call"]')).toBe("December 24, 2026 3:05 PM (UTC+01:00)");
    expect(textOf('[data-value-of="Launch"]')).toBe("January 2, 2026 12:30 AM UTC");
    expect(textOf('[data-value-of="Noon"]')).toBe("March 9, 2026 12:00 PM");
  });
});

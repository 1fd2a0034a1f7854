import { describe, expect, it } from "vitest";
import { restorePatchesFor, restorePatchFor } from "../../../src/core/property-restore";

const annotations = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" };

describe("restoring a property's previous value", () => {
  it.each([
    ["select", { id: "a", type: "select", select: { id: "o1", name: "positive", color: "green" } }, { select: { name: "positive" } }],
    ["empty select", { id: "a", type: "select", select: null }, { select: null }],
    ["status", { id: "a", type: "status", status: { id: "s", name: "In progress", color: "blue" } }, { status: { name: "In progress" } }],
    ["multi_select", { id: "a", type: "multi_select", multi_select: [{ id: "1", name: "news", color: "red" }, { id: "2", name: "ai", color: "blue" }] }, { multi_select: [{ name: "news" }, { name: "ai" }] }],
    ["empty multi_select", { id: "a", type: "multi_select", multi_select: [] }, { multi_select: [] }],
    ["number", { id: "a", type: "number", number: 0 }, { number: 0 }],
    ["empty number", { id: "a", type: "number", number: null }, { number: null }],
    ["date with end and zone", { id: "a", type: "date", date: { start: "2026-12-01T09:00:00.000+01:00", end: "2026-12-02", time_zone: "Europe/Paris" } }, { date: { start: "2026-12-01T09:00:00.000+01:00", end: "2026-12-02", time_zone: "Europe/Paris" } }],
    ["date", { id: "a", type: "date", date: { start: "2026-12-01", end: null, time_zone: null } }, { date: { start: "2026-12-01", end: null, time_zone: null } }],
    ["empty date", { id: "a", type: "date", date: null }, { date: null }],
    ["checkbox", { id: "a", type: "checkbox", checkbox: true }, { checkbox: true }],
    ["url", { id: "a", type: "url", url: "https://example.com" }, { url: "https://example.com" }],
    ["empty url", { id: "a", type: "url", url: null }, { url: null }],
    ["email", { id: "a", type: "email", email: "a@example.com" }, { email: "a@example.com" }],
    ["rich_text", { id: "a", type: "rich_text", rich_text: [{ type: "text", text: { content: "Hi", link: null }, annotations, plain_text: "Hi", href: null }] }, { rich_text: [{ type: "text", text: { content: "Hi", link: null }, annotations }] }],
  ])("%s comes back exactly as it was", (_name, value, patch) => {
    expect(restorePatchFor(value)).toEqual(patch);
  });

  it("types Inkwell never writes give no patch; only the properties asked for are kept", () => {
    expect(restorePatchFor({ id: "f", type: "formula", formula: { type: "string", string: "x" } })).toBeUndefined();
    const properties = { Score: { type: "number", number: 3 }, Done: { type: "checkbox", checkbox: false }, Total: { type: "rollup", rollup: {} } };
    expect(restorePatchesFor(properties, ["Score", "Total", "Missing"])).toEqual({ Score: { number: 3 } });
  });
});

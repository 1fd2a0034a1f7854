import { describe, expect, it } from "vitest";
import { typedWriteState } from "../../../src/core/typed-write-state";
import type { RestorePatch } from "../../../src/core/property-restore";

const styled = (content: string) => ({ type: "text", text: { content, link: null }, annotations: { bold: false, italic: false, code: false, color: "default" } });

describe("typedWriteState", () => {
  const patches = {
    Summary: { rich_text: [{ type: "text" as const, text: { content: "New summary" } }] },
    Tags: { multi_select: [{ name: "b" }, { name: "a" }] },
    Due: { date: { start: "2026-12-24" } },
  };
  const previous: Record<string, RestorePatch> = {
    Summary: { rich_text: [styled("Old")] },
    Tags: { multi_select: [{ name: "a" }] },
    Due: { date: null },
  };

  it("the row as the write leaves it (Notion's response form) is written", () => {
    const current: Record<string, RestorePatch> = { Summary: { rich_text: [styled("New "), styled("summary")] }, Tags: { multi_select: [{ name: "b" }, { name: "a" }] }, Due: { date: { start: "2026-12-24", end: null, time_zone: null } } };
    expect(typedWriteState(current, patches, previous)).toBe("written");
  });

  it("a date-time Notion answers in its own form (milliseconds, an offset) is the one written", () => {
    const sent = { When: { date: { start: "2026-12-24T10:00:00" } } };
    const before: Record<string, RestorePatch> = { When: { date: null } };
    expect(typedWriteState({ When: { date: { start: "2026-12-24T10:00:00.000+00:00", end: null, time_zone: null } } }, sent, before)).toBe("written");
    expect(typedWriteState({ When: { date: { start: "2026-12-24T11:00:00.000+01:00", end: null, time_zone: null } } }, sent, before)).toBe("written");
    expect(typedWriteState({ When: { date: { start: "2026-12-24T10:00:00.000+02:00", end: null, time_zone: null } } }, sent, before)).toBe("edited");
  });

  it("the row still holding the saved values is not written", () => {
    expect(typedWriteState(structuredClone(previous), patches, previous)).toBe("not-written");
  });

  it("anything else (tags reordered, a date given an end, one value edited) is an edit", () => {
    const written = { Summary: { rich_text: [styled("New summary")] }, Tags: { multi_select: [{ name: "b" }, { name: "a" }] }, Due: { date: { start: "2026-12-24", end: null, time_zone: null } } } as Record<string, RestorePatch>;
    expect(typedWriteState({ ...written, Tags: { multi_select: [{ name: "a" }, { name: "b" }] } }, patches, previous)).toBe("edited");
    expect(typedWriteState({ ...written, Due: { date: { start: "2026-12-24", end: "2026-12-25", time_zone: null } } }, patches, previous)).toBe("edited");
    expect(typedWriteState({ ...previous, Summary: { rich_text: [styled("Mine")] } }, patches, previous)).toBe("edited");
  });
});

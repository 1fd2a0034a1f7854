import { describe, expect, it } from "vitest";
import { filterRows, relativeTime, sortRows, type ConnectionRow } from "../../../src/ui/connections/model";
import { makeConnection, makeRun } from "./fixtures";

const row = (name: string, extra: Parameters<typeof makeConnection>[0] = {}, lastRunAt?: number): ConnectionRow => ({
  connection: makeConnection({ id: name, name, ...extra }),
  lastRun: lastRunAt === undefined ? null : makeRun({ startedAt: lastRunAt, status: "succeeded" }),
});

describe("connection list model", () => {
  it("sorts names naturally and case-insensitively, and never-run connections last by last run", () => {
    const rows = [row("item 10", {}, 5), row("Item 2"), row("apple", {}, 9)];
    expect(sortRows(rows, "name", "asc").map((r) => r.connection.name)).toEqual(["apple", "Item 2", "item 10"]);
    expect(sortRows(rows, "lastRun", "desc").map((r) => r.connection.name)).toEqual(["apple", "item 10", "Item 2"]);
    expect(rows.map((r) => r.connection.name)).toEqual(["item 10", "Item 2", "apple"]); // not sorted in place
  });

  it("filters by kind and by text in name, target title or prompt only", () => {
    const rows = [row("A", { kind: "page", targetTitle: "Recipes", prompt: "x" }), row("B", { kind: "database", url: "https://www.notion.so/recipes" })];
    expect(filterRows(rows, { kind: "", text: "RECIPES" }).map((r) => r.connection.name)).toEqual(["A"]); // not the URL
    expect(filterRows(rows, { kind: "database", text: "" }).map((r) => r.connection.name)).toEqual(["B"]);
  });

  it("says how long ago", () => {
    const now = 1_800_000_000_000;
    expect([0, 90, 3 * 3600, 36 * 3600, 5 * 86_400].map((seconds) => relativeTime(now - seconds * 1000, now))).toEqual([
      "just now",
      "2 min ago",
      "3 h ago",
      "2 days ago",
      "5 days ago",
    ]);
  });
});

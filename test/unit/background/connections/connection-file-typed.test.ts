import { describe, expect, it } from "vitest";
import { validateExported } from "../../../../src/background/connections/connection-file";
import { describeResult, rowConfig } from "../../../../src/notion/connections-db";
import { readConnectionRecord } from "../../../../src/shared/storage/records-reader";
import { defaultGenerationOptions, type Connection, type Run } from "../../../../src/shared/storage/schema";

const typed: Connection = {
  id: "c1",
  name: "Reviews",
  kind: "database",
  url: "https://www.notion.so/0123456789abcdef0123456789abcdef",
  targetId: "01234567-89ab-cdef-0123-456789abcdef",
  targetTitle: "Reviews",
  prompt: "Review {{Name}}: {{Page content}}",
  options: defaultGenerationOptions(),
  database: { dataSourceId: "ds1", selectionProperty: "Generate", output: { type: "typed" }, typedProperties: [{ property: "Tags", instruction: "1–3 of the existing options" }], allowNewOptions: true },
  placement: "replace",
  context: { standingInstructions: true, contentCapChars: 5_000 },
  createdAt: 1,
  updatedAt: 2,
  runIds: [],
};

describe("typed outputs, placement and context travel with a connection", () => {
  it("an export (or a mirror row's config) imports with the typed-only output, the typed properties, placement and context", () => {
    const { runIds: _runs, ...exported } = typed;
    const candidate = validateExported(exported);
    expect(candidate).toEqual({ ok: true, connection: exported });
    const { v: _v, ...config } = rowConfig(typed);
    expect(validateExported({ ...config, id: typed.id, name: typed.name, prompt: typed.prompt })).toEqual({ ok: true, connection: exported });
  });

  it("a placement or cap outside what the form offers makes the import skip that connection with a reason", () => {
    const { runIds: _runs, ...exported } = typed;
    expect(validateExported({ ...exported, placement: "middle" }).ok).toBe(false);
    expect(validateExported({ ...exported, context: { contentCapChars: 10 } }).ok).toBe(false);
    expect(validateExported({ ...exported, database: { ...typed.database, typedProperties: [{ property: "" }] } }).ok).toBe(false);
  });

  it("a stored connection with them reads back as stored", () => {
    expect(readConnectionRecord("connection:c1", typed)).toEqual({ ok: true, record: typed });
  });
});

describe("a dry run in the connections database's Last result", () => {
  const base: Run = { id: "r1", connectionId: "c1", kind: "database", targetId: "t", engine: "gemini", model: "m", status: "succeeded", startedAt: 0, receivedChars: 0, outputTokens: 0, inputTokens: 0, writtenBlockIds: [], blocksWritten: 0 };
  const rows: Run["rows"] = [
    { rowId: "a", title: "A", state: "previewed" },
    { rowId: "b", title: "B", state: "previewed" },
    { rowId: "c", title: "C", state: "failed", reason: "Refused." },
  ];

  it("says how many rows were previewed and that nothing was written, not that no row was filled", () => {
    expect(describeResult({ ...base, mode: "dry", rows })).toBe("Dry run · 2 rows previewed · nothing written · 1 failed");
    expect(describeResult({ ...base, mode: "dry", status: "cancelled", rows: rows.slice(0, 1) })).toBe("Dry run cancelled · 1 row previewed · nothing written");
    // A run that writes keeps its wording.
    expect(describeResult({ ...base, rows: rows.map((row) => ({ ...row, state: "done" as const })) })).toBe("Succeeded · 3 of 3 rows");
  });
});

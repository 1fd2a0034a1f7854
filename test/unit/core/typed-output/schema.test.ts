import { describe, expect, test } from "vitest";
import {
  MAX_ENUM_VALUES,
  buildOutputSchema,
  propertySchema,
  specProblems,
  typedPropertyFromDataSource,
  type DataSourceProperty,
  type TypedOutputSpec,
  type TypedProperty,
} from "../../../../src/core/typed-output";

const spec = (properties: TypedProperty[], allowNewOptions = false): TypedOutputSpec => ({ properties, allowNewOptions });
const one = (property: TypedProperty, allowNewOptions = false) => propertySchema(property, spec([property], allowNewOptions));

describe("buildOutputSchema", () => {
  test("one object, every property a required key, nothing else allowed", () => {
    const s = buildOutputSchema(spec([{ name: "Summary", type: "rich_text" }, { name: "Done", type: "checkbox", required: false }]));
    expect(s).toEqual({
      type: "object",
      properties: { Summary: { type: "string" }, Done: { type: ["boolean", "null"] } },
      required: ["Summary", "Done"],
      additionalProperties: false,
    });
  });

  test("the per-property instruction is the description", () => {
    expect(one({ name: "Summary", type: "rich_text", instruction: "Two sentences." })).toEqual({ type: "string", description: "Two sentences." });
  });

  test("select and status: existing options as an enum (null added when optional)", () => {
    expect(one({ name: "Mood", type: "select", options: ["Good", "Bad"] })).toEqual({ type: "string", enum: ["Good", "Bad"] });
    expect(one({ name: "Mood", type: "select", options: ["Good"], required: false })).toEqual({ type: ["string", "null"], enum: ["Good", null] });
    expect(one({ name: "Stage", type: "status", options: ["Not started", "Done"] })).toEqual({ type: "string", enum: ["Not started", "Done"] });
  });

  test("allowing new options drops the enum and describes the existing ones; status never creates options", () => {
    expect(one({ name: "Mood", type: "select", options: ["Good"] }, true)).toEqual({
      type: "string",
      description: 'Prefer the existing options ("Good"); a new option may be created if none fits (no commas).',
    });
    expect(one({ name: "Stage", type: "status", options: ["Done"] }, true)).toEqual({ type: "string", enum: ["Done"] });
  });

  test("multi_select: a list of options, with the counts chosen (at most Notion's 100)", () => {
    expect(one({ name: "Tags", type: "multi_select", options: ["a", "b"], minItems: 1, maxItems: 3, instruction: "1–3 tags." })).toEqual({
      type: "array",
      items: { type: "string", enum: ["a", "b"] },
      minItems: 1,
      maxItems: 3,
      description: "1–3 tags. Each option at most once.",
    });
    expect(one({ name: "Tags", type: "multi_select", options: ["a"], maxItems: 500 })).toMatchObject({ maxItems: 100 });
  });

  test("more options than an enum may hold are described instead (validation still enforces them)", () => {
    const options = Array.from({ length: MAX_ENUM_VALUES + 1 }, (_, i) => `o${i}`);
    const s = one({ name: "Big", type: "select", options });
    expect(s).not.toHaveProperty("enum");
    expect(s.description).toContain('"o500"');
  });

  test("number: integer, bounds and the number format explained", () => {
    expect(one({ name: "Score", type: "number", integer: true, minimum: 1, maximum: 10 })).toEqual({ type: "integer", minimum: 1, maximum: 10 });
    expect(one({ name: "Share", type: "number", numberFormat: "percent" })).toEqual({ type: "number", description: "A fraction: 0.25 is shown as 25%." });
    expect(one({ name: "Price", type: "number", numberFormat: "euro" }).description).toBe(
      "An amount shown in Notion as euro: a plain number, without currency symbol or separators.",
    );
    expect(one({ name: "N", type: "number", numberFormat: "number" })).toEqual({ type: "number" });
  });

  test("date, url and email are strings whose format is described", () => {
    expect(one({ name: "Due", type: "date" }).description).toMatch(/ISO 8601 date \(YYYY-MM-DD\)/);
    expect(one({ name: "Site", type: "url" })).toEqual({ type: "string", description: "An absolute http(s) URL." });
    expect(one({ name: "Mail", type: "email", instruction: "The author's." })).toEqual({ type: "string", description: "The author's. An e-mail address." });
  });
});

describe("typedPropertyFromDataSource", () => {
  const config = (c: Record<string, unknown>) => ({ id: "x", description: null, ...c }) as unknown as DataSourceProperty;

  test("options and number format come from Notion; types a model cannot fill are refused", () => {
    expect(typedPropertyFromDataSource(config({ name: "Tags", type: "multi_select", multi_select: { options: [{ id: "1", name: "A", color: "red" }] } }), { maxItems: 2 })).toEqual({
      name: "Tags",
      type: "multi_select",
      options: ["A"],
      maxItems: 2,
    });
    expect(typedPropertyFromDataSource(config({ name: "Stage", type: "status", status: { options: [{ name: "Done" }], groups: [] } }))).toEqual({
      name: "Stage",
      type: "status",
      options: ["Done"],
    });
    expect(typedPropertyFromDataSource(config({ name: "Price", type: "number", number: { format: "dollar" } }))).toEqual({ name: "Price", type: "number", numberFormat: "dollar" });
    expect(typedPropertyFromDataSource(config({ name: "Due", type: "date", date: {} }))).toEqual({ name: "Due", type: "date" });
    expect(typedPropertyFromDataSource(config({ name: "Name", type: "title", title: {} }))).toBeUndefined();
    expect(typedPropertyFromDataSource(config({ name: "Who", type: "people", people: {} }))).toBeUndefined();
  });
});

describe("specProblems", () => {
  test("a usable spec has none", () => {
    expect(specProblems(spec([{ name: "Tags", type: "multi_select", options: ["a"] }, { name: "S", type: "rich_text" }]))).toEqual([]);
    expect(specProblems(spec([{ name: "Tags", type: "multi_select" }], true))).toEqual([]);
  });

  test("what cannot work is said before a run", () => {
    expect(
      specProblems(
        spec([
          { name: "Tags", type: "multi_select" },
          { name: "Stage", type: "status" },
          { name: "Score", type: "number", minimum: 5, maximum: 1 },
          { name: "Pick", type: "multi_select", options: ["a"], minItems: 3, maxItems: 2 },
          { name: "Pick", type: "select", options: ["a"] },
        ]),
      ),
    ).toEqual([
      "“Tags” has no options in Notion: add some there, or allow new options for this connection.",
      "“Stage” has no status options in Notion.",
      "“Score”: the minimum (5) is above the maximum (1).",
      "“Pick”: at least 3 and at most 2 options cannot both hold.",
      "“Pick” is chosen twice.",
    ]);
  });
});

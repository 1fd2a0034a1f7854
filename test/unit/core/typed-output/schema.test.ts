import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  MAX_ENUM_VALUES,
  buildOutputSchema,
  propertySchema,
  specProblems,
  typedPropertyFromDataSource,
  validateAnswer,
  type DataSourceProperty,
  type JsonSchema,
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

describe("schema and validator agree (fast-check)", () => {
  const optionName = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== "" && !s.includes(","));
  const options = fc.uniqueArray(optionName, { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() });
  const property: fc.Arbitrary<TypedProperty> = fc.oneof(
    fc.record({ type: fc.constant("rich_text" as const) }),
    fc.record({ type: fc.constant("checkbox" as const) }),
    fc.record({ type: fc.constant("url" as const) }),
    fc.record({ type: fc.constant("email" as const) }),
    fc.record({ type: fc.constant("date" as const) }),
    fc.record({ type: fc.constantFrom("select" as const, "status" as const), options }),
    fc.record({ type: fc.constant("multi_select" as const), options, maxItems: fc.integer({ min: 1, max: 6 }) }),
    fc
      .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.boolean())
      .map(([lo, width, integer]) => ({ type: "number" as const, minimum: lo, maximum: lo + width, integer })),
  ).chain((p) => fc.record({ required: fc.boolean() }).map(({ required }) => ({ ...p, required }) as Omit<TypedProperty, "name">)) as fc.Arbitrary<TypedProperty>;

  const specArb = fc
    .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), property), { minLength: 1, maxLength: 6, selector: ([n]) => n.trim().toLowerCase() })
    .map((list): TypedOutputSpec => ({ properties: list.map(([name, p]) => ({ ...p, name })), allowNewOptions: false }));

  /** A value the schema allows, built from the schema alone (plus the formats its descriptions ask for). */
  function valueFor(schema: JsonSchema, p: TypedProperty): fc.Arbitrary<unknown> {
    const types = ([] as unknown[]).concat(schema.type);
    const orNull = (a: fc.Arbitrary<unknown>) => (types.includes("null") ? fc.oneof(a, fc.constant(null)) : a);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if (types.includes("boolean")) return orNull(fc.boolean());
    if (types.includes("integer")) return orNull(fc.integer({ min: schema.minimum as number, max: schema.maximum as number }));
    if (types.includes("number")) return orNull(fc.double({ min: schema.minimum as number, max: schema.maximum as number, noNaN: true }));
    if (types.includes("array")) {
      const items = (schema.items as JsonSchema).enum as string[];
      return orNull(fc.subarray(items, { minLength: 0, maxLength: Math.min(items.length, schema.maxItems as number) }));
    }
    if (p.type === "date") return orNull(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    if (p.type === "url") return orNull(fc.webUrl({ validSchemes: ["https"] }));
    if (p.type === "email") return orNull(fc.constantFrom("a@b.co", "first.last@example.org"));
    return orNull(fc.string());
  }

  test("every answer the schema allows is accepted, and optional nulls are left out", () => {
    fc.assert(
      fc.property(
        specArb.chain((spec) => {
          const schema = buildOutputSchema(spec);
          const props = schema.properties as Record<string, JsonSchema>;
          const record = Object.fromEntries(spec.properties.map((p) => [p.name, valueFor(props[p.name] as JsonSchema, p)]));
          return fc.record(record).map((answer) => ({ spec, answer, schema }));
        }),
        ({ spec, answer, schema }) => {
          expect(schema.required).toEqual(spec.properties.map((p) => p.name));
          const result = validateAnswer(answer, spec);
          expect(result).toMatchObject({ ok: true });
          if (!result.ok) return;
          for (const p of spec.properties) expect(Object.hasOwn(result.properties, p.name)).toBe(answer[p.name] !== null);
        },
      ),
    );
  }, 60_000);
});

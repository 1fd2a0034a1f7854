import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyKeyFor, checkRowAnswer, correctivePrompt, decodeTypedAnswer, encodeTypedAnswer, rowAnswerSchema } from "../../../../src/core/typed-output/row-answer";
import { connectionSpec, rowOutputOf } from "../../../../src/core/typed-output/connection-spec";
import { displayPatch } from "../../../../src/core/typed-output/display";
import { typedPreview, markdownPreview, PREVIEW_EXCERPT_CHARS } from "../../../../src/core/row-preview";
import { estimateRun } from "../../../../src/core/run-estimate";
import type { DataSourceProperty, TypedOutputSpec } from "../../../../src/core/typed-output";

const spec: TypedOutputSpec = {
  properties: [
    { name: "Tags", type: "multi_select", options: ["Fast", "Cheap"] },
    { name: "Score", type: "number", numberFormat: "percent" },
    { name: "Due", type: "date" },
  ],
  allowNewOptions: false,
};

describe("typed row answers", () => {
  it("property: the body's key never matches a property name as answers are matched (exact, or ignoring case and outer spaces)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom("page_body_markdown", "PAGE_BODY_MARKDOWN ", "_page_body_markdown")), { maxLength: 8 }), (names) => {
        const key = bodyKeyFor(names);
        expect(names.some((name) => name.trim().toLowerCase() === key.toLowerCase())).toBe(false);
      }),
    );
  });

  it("accepts a valid answer with its body, and stores exactly what it validated", () => {
    const key = bodyKeyFor(["Tags", "Score", "Due"]);
    const checked = checkRowAnswer(JSON.stringify({ [key]: "## Review\n\nGood.", tags: ["fast"], Score: 0.8, Due: "2026-12-24" }), spec, key);
    expect(checked).toEqual({
      ok: true,
      answer: { kind: "typed", body: "## Review\n\nGood.", properties: { Tags: { multi_select: [{ name: "Fast" }] }, Score: { number: 0.8 }, Due: { date: { start: "2026-12-24" } } }, newOptions: [] },
    });
    if (checked.ok) expect(decodeTypedAnswer(encodeTypedAnswer(checked.answer))).toEqual(checked.answer);
  });

  it("refuses every problem at once: an unknown option, a bad date and a missing body", () => {
    const key = bodyKeyFor(["Tags", "Score", "Due"]);
    const checked = checkRowAnswer(JSON.stringify({ Tags: ["Slow"], Score: 1, Due: "2026-02-30" }), spec, key);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reasons.map((reason) => reason.code).sort()).toEqual(["bad_date", "missing", "unknown_option"]);
  });

  it("the corrective prompt carries the original prompt, the previous answer and every reason", () => {
    const prompt = correctivePrompt("Fill the row.", '{"Tags":["Slow"]}', [{ code: "unknown_option", property: "Tags", message: "“Tags” is \"Slow\"." }]);
    expect(prompt.startsWith("Fill the row.")).toBe(true);
    expect(prompt).toContain('{"Tags":["Slow"]}');
    expect(prompt).toContain("“Tags” is \"Slow\".");
  });

  it("a Markdown answer is never read as a typed one", () => {
    expect(decodeTypedAnswer("## Heading")).toBeUndefined();
    expect(decodeTypedAnswer('{"kind":"typed","properties":{},"newOptions":[]}')).toBeUndefined();
  });

  it("the schema with a body requires it first, beside every property", () => {
    expect(rowAnswerSchema(spec, "body_x")).toMatchObject({ required: ["body_x", "Tags", "Score", "Due"], additionalProperties: false });
  });
});

describe("a connection's typed outputs at run time", () => {
  const properties = [
    { id: "a", name: "Tags", type: "multi_select", multi_select: { options: [{ id: "1", name: "Fast", color: "red", description: null }] }, description: null },
    { id: "b", name: "Files", type: "files", files: {}, description: null },
  ] as unknown as DataSourceProperty[];

  it("reads options from the data source and names what can't be filled", () => {
    expect(connectionSpec({ output: { type: "typed" }, typedProperties: [{ property: "Tags", instruction: " 1-2 " }] }, properties)).toEqual({
      ok: true,
      spec: { properties: [{ name: "Tags", type: "multi_select", instruction: "1-2", options: ["Fast"] }], allowNewOptions: false },
    });
    const problems = connectionSpec({ output: { type: "typed" }, typedProperties: [{ property: "Files" }, { property: "Gone" }] }, properties);
    expect(problems.ok).toBe(false);
    if (!problems.ok) expect(problems.problems.join(" ")).toMatch(/“Gone” no longer exists.*|files property/);
    expect(connectionSpec({ output: { type: "typed" } }, properties).ok).toBe(false);
  });

  it("body output with typed properties writes both; one text property never combines with them", () => {
    expect(rowOutputOf({ output: { type: "body" }, typedProperties: [{ property: "Tags" }] })).toBe("body+typed");
    expect(rowOutputOf({ output: { type: "body" } })).toBe("body");
    expect(rowOutputOf({ output: { type: "typed" }, typedProperties: [{ property: "Tags" }] })).toBe("typed");
    expect(rowOutputOf({ output: { type: "property", property: "S", overwrite: "always" }, typedProperties: [{ property: "Tags" }] })).toBe("property");
  });
});

describe("previews and estimates", () => {
  it("shows each value as Notion would: options joined, percent and currency formats, checkboxes", () => {
    expect(displayPatch({ multi_select: [{ name: "A" }, { name: "B" }] })).toBe("A, B");
    expect(displayPatch({ number: 0.25 }, { numberFormat: "percent" })).toBe("25%");
    expect(displayPatch({ number: 1234.5 }, { numberFormat: "dollar" })).toBe("$1,234.50");
    expect(displayPatch({ number: 3 })).toBe("3");
    expect(displayPatch({ checkbox: true })).toMatch(/Checked/);
  });

  it("a preview keeps an excerpt of the body and every property in the spec's order, with the options it would create", () => {
    const body = "x".repeat(PREVIEW_EXCERPT_CHARS + 10);
    const preview = typedPreview({ kind: "typed", body, properties: { Score: { number: 0.5 }, Tags: { multi_select: [{ name: "New" }] } }, newOptions: [{ property: "Tags", option: "New" }] }, spec);
    expect(preview.body).toEqual({ excerpt: "x".repeat(PREVIEW_EXCERPT_CHARS), chars: PREVIEW_EXCERPT_CHARS + 10 });
    expect(preview.properties).toEqual([
      { name: "Tags", type: "multi_select", display: "New" },
      { name: "Score", type: "number", display: "50%" },
    ]);
    expect(preview.newOptions).toEqual([{ property: "Tags", option: "New" }]);
    expect(markdownPreview("**Bold** text", { property: "Summary" }).properties[0]).toEqual({ name: "Summary", type: "rich_text", display: "Bold text" });
  });

  it("extrapolates the sampled rows' average to the whole run and prices it from the table", () => {
    const estimate = estimateRun([{ inputTokens: 100, outputTokens: 300 }, { inputTokens: 200, outputTokens: 500 }], { count: 1000, isLowerBound: false }, {
      engine: "openai",
      model: "gpt-x",
      prices: [{ model: "gpt-*", inputPerMillion: 1, outputPerMillion: 10 }],
    });
    expect(estimate).toEqual({ rows: 1000, rowsIsLowerBound: false, inputTokens: 150_000, outputTokens: 400_000, cost: 0.15 + 4 });
    expect(estimateRun([{ inputTokens: 1, outputTokens: 1 }], { count: 5, isLowerBound: true }, { engine: "openai", model: "unpriced", prices: [] })?.cost).toBeNull();
    expect(estimateRun([], { count: 5, isLowerBound: false }, { engine: "openai", model: "m", prices: [] })).toBeNull();
  });
});

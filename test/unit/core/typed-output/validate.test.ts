import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  correctiveInstruction,
  isIsoDate,
  parseAnswerJson,
  reasonsSummary,
  validateAnswer,
  type TypedOutputSpec,
  type TypedProperty,
  type ValidationResult,
} from "../../../../src/core/typed-output";

const spec = (properties: TypedProperty[], allowNewOptions = false): TypedOutputSpec => ({ properties, allowNewOptions });

/** The example database. */
const ROW: TypedOutputSpec = spec([
  { name: "Summary", type: "rich_text" },
  { name: "Tags", type: "multi_select", options: ["Bug", "Feature", "Docs"], maxItems: 3 },
  { name: "Sentiment", type: "select", options: ["Positive", "Neutral", "Negative"] },
  { name: "Score", type: "number", minimum: 0, maximum: 10 },
  { name: "Due", type: "date" },
  { name: "Stage", type: "status", options: ["Not started", "In progress", "Done"] },
  { name: "Reviewed", type: "checkbox" },
  { name: "Source", type: "url" },
  { name: "Contact", type: "email" },
]);

const GOOD = {
  Summary: "A short summary.",
  Tags: ["Bug", "Docs"],
  Sentiment: "Neutral",
  Score: 7.5,
  Due: "2026-12-24",
  Stage: "In progress",
  Reviewed: false,
  Source: "https://example.com/a?b=c",
  Contact: "someone@example.org",
};

function reasons(result: ValidationResult) {
  return result.ok ? [] : result.reasons.map((r) => [r.code, r.property]);
}

function messages(result: ValidationResult) {
  return result.ok ? [] : result.reasons.map((r) => r.message);
}

describe("validateAnswer: a good answer becomes the exact property values", () => {
  test("every type", () => {
    expect(validateAnswer(GOOD, ROW)).toEqual({
      ok: true,
      properties: {
        Summary: { rich_text: [{ type: "text", text: { content: "A short summary." } }] },
        Tags: { multi_select: [{ name: "Bug" }, { name: "Docs" }] },
        Sentiment: { select: { name: "Neutral" } },
        Score: { number: 7.5 },
        Due: { date: { start: "2026-12-24" } },
        Stage: { status: { name: "In progress" } },
        Reviewed: { checkbox: false },
        Source: { url: "https://example.com/a?b=c" },
        Contact: { email: "someone@example.org" },
      },
      newOptions: [],
    });
  });

  test("keys and options in another case are matched, written with Notion's spelling; repeats dropped", () => {
    const result = validateAnswer({ tags: ["bug", "BUG", " docs "], sentiment: "negative" }, spec(ROW.properties.filter((p) => ["Tags", "Sentiment"].includes(p.name))));
    expect(result).toEqual({ ok: true, properties: { Tags: { multi_select: [{ name: "Bug" }, { name: "Docs" }] }, Sentiment: { select: { name: "Negative" } } }, newOptions: [] });
  });

  test("unknown keys are ignored", () => {
    expect(validateAnswer({ ...GOOD, Extra: 1 }, ROW).ok).toBe(true);
  });

  test("optional properties answered with null (or an empty string) are left as they are", () => {
    const optional = spec([
      { name: "Due", type: "date", required: false },
      { name: "Sentiment", type: "select", options: ["A"], required: false },
      { name: "Score", type: "number", required: false },
    ]);
    expect(validateAnswer({ Due: "", Sentiment: null }, optional)).toEqual({ ok: true, properties: {}, newOptions: [] });
  });

  test("date-times with and without offsets", () => {
    for (const start of ["2026-02-28T23:59:59Z", "2024-02-29T08:00", "2026-01-01T10:00:00.123+05:30", "2026-01-01T10:00:00-14:00"]) {
      expect(validateAnswer({ Due: start }, spec([{ name: "Due", type: "date" }]))).toEqual({ ok: true, properties: { Due: { date: { start } } }, newOptions: [] });
    }
  });
});

describe("validateAnswer: precise reasons, and nothing to write", () => {
  test("missing required, wrong types", () => {
    const result = validateAnswer({ Summary: 3, Tags: "Bug", Score: "7", Reviewed: "yes", Due: null }, ROW);
    expect(result.ok).toBe(false);
    expect(reasons(result)).toEqual([
      ["wrong_type", "Summary"],
      ["wrong_type", "Tags"],
      ["missing", "Sentiment"],
      ["wrong_type", "Score"],
      ["missing", "Due"],
      ["missing", "Stage"],
      ["wrong_type", "Reviewed"],
      ["missing", "Source"],
      ["missing", "Contact"],
    ]);
    expect(messages(result).slice(0, 5)).toEqual([
      "“Summary” must be text, not the number 3.",
      "“Tags” must be a list of option names, not the text \"Bug\".",
      "“Sentiment” is missing: it needs a value.",
      "“Score” must be a number, not the text \"7\".",
      "“Due” is missing: it needs a value.",
    ]);
  });

  test("numbers out of range, not whole, or beyond what Notion stores exactly", () => {
    const score = (p: Partial<TypedProperty>) => spec([{ name: "Score", type: "number", ...p }]);
    expect(messages(validateAnswer({ Score: 11 }, score({ maximum: 10 })))).toEqual(["“Score” is 11, above the maximum of 10."]);
    expect(messages(validateAnswer({ Score: -1 }, score({ minimum: 0 })))).toEqual(["“Score” is -1, below the minimum of 0."]);
    expect(messages(validateAnswer({ Score: 2.5 }, score({ integer: true })))).toEqual(["“Score” must be a whole number, not 2.5."]);
    expect(reasons(validateAnswer({ Score: 1e300 }, score({})))).toEqual([["out_of_range", "Score"]]);
    expect(reasons(validateAnswer({ Score: Number.NaN }, score({})))).toEqual([["out_of_range", "Score"]]);
  });

  test("unknown options are refused unless the connection allows new ones; status never creates", () => {
    const tags = ROW.properties.find((p) => p.name === "Tags") as TypedProperty;
    const stage = ROW.properties.find((p) => p.name === "Stage") as TypedProperty;
    expect(messages(validateAnswer({ Tags: ["Bug", "Urgent"] }, spec([tags])))).toEqual([
      '“Tags” is "Urgent", which is not one of its options: its options are "Bug", "Feature", "Docs".',
    ]);
    expect(validateAnswer({ Tags: ["Bug", "Urgent"] }, spec([tags], true))).toEqual({
      ok: true,
      properties: { Tags: { multi_select: [{ name: "Bug" }, { name: "Urgent" }] } },
      newOptions: [{ property: "Tags", option: "Urgent" }],
    });
    expect(reasons(validateAnswer({ Stage: "Blocked" }, spec([stage], true)))).toEqual([["unknown_option", "Stage"]]);
    expect(messages(validateAnswer({ Tags: ["a, b"] }, spec([tags], true)))).toEqual(['“Tags”: "a, b" cannot be a new option (no commas, 1 to 100 characters).']);
  });

  test("too many or too few options", () => {
    const tags: TypedProperty = { name: "Tags", type: "multi_select", options: ["a", "b", "c"], minItems: 1, maxItems: 2 };
    expect(messages(validateAnswer({ Tags: ["a", "b", "c"] }, spec([tags])))).toEqual(["“Tags” has 3 options; at most 2 are allowed."]);
    expect(messages(validateAnswer({ Tags: [] }, spec([tags])))).toEqual(["“Tags” has 0 options; at least 1 are needed."]);
  });

  test("bad dates, e-mails and URLs", () => {
    const result = validateAnswer({ ...GOOD, Due: "2026-02-30", Contact: "someone at example", Source: "example.com/page" }, ROW);
    expect(messages(result)).toEqual([
      '“Due” is "2026-02-30", which is not a valid date (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional Z or ±HH:MM).',
      '“Source” is "example.com/page", which is not an absolute http(s) URL.',
      '“Contact” is "someone at example", which is not an e-mail address.',
    ]);
    for (const bad of ["24/12/2026", "2026-13-01", "2026-12-24T24:00", "2026-12-24T10:60", "tomorrow", "2026-12-24T10:00+15:00", "0000-01-01"]) {
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(reasons(validateAnswer({ Source: "javascript:alert(1)" }, spec([{ name: "Source", type: "url" }])))).toEqual([["bad_url", "Source"]]);
  });

  test("not an object", () => {
    expect(messages(validateAnswer([GOOD], ROW))).toEqual(["The answer must be one JSON object with the properties as keys, not a list."]);
  });

  test("text longer than a text property holds", () => {
    expect(reasons(validateAnswer({ S: "x".repeat(200_001) }, spec([{ name: "S", type: "rich_text" }])))).toEqual([["too_long", "S"]]);
  });
});

describe("properties (fast-check)", () => {
  const bounds = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([lo, width]) => ({ lo, hi: lo + width }));

  test("a number is accepted exactly when it lies within the bounds, and written unchanged", () => {
    fc.assert(
      fc.property(bounds, fc.double({ min: -2e6, max: 2e6, noNaN: true }), ({ lo, hi }, n) => {
        const result = validateAnswer({ Score: n }, spec([{ name: "Score", type: "number", minimum: lo, maximum: hi }]));
        if (n >= lo && n <= hi) expect(result).toEqual({ ok: true, properties: { Score: { number: n } }, newOptions: [] });
        else expect(reasons(result)).toEqual([["out_of_range", "Score"]]);
      }),
    );
  });

  const optionName = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== "" && !s.includes(","));
  const options = fc.uniqueArray(optionName, { minLength: 1, maxLength: 10, selector: (s) => s.trim().toLowerCase() });

  test("an option that matches none of the existing ones is refused, or created only with consent", () => {
    fc.assert(
      fc.property(options, optionName, fc.boolean(), fc.constantFrom("select", "multi_select", "status"), (existing, answer, allow, type) => {
        fc.pre(!existing.some((o) => o.trim().toLowerCase() === answer.trim().toLowerCase()));
        const property: TypedProperty = { name: "P", type: type as TypedProperty["type"], options: existing };
        const result = validateAnswer({ P: type === "multi_select" ? [answer] : answer }, spec([property], allow));
        if (allow && type !== "status") {
          expect(result.ok).toBe(true);
          expect(result.ok && result.newOptions).toEqual([{ property: "P", option: answer.trim() }]);
        } else {
          expect(reasons(result)).toEqual([["unknown_option", "P"]]);
        }
      }),
    );
  });

  test("an existing option is always accepted, in any case, and written with its own spelling", () => {
    fc.assert(
      fc.property(options, fc.nat(), fc.boolean(), (existing, i, upper) => {
        const chosen = existing[i % existing.length] as string;
        const answer = upper ? chosen.toUpperCase() : chosen;
        fc.pre(existing.filter((o) => o.trim().toLowerCase() === answer.trim().toLowerCase()).length === 1);
        const result = validateAnswer({ P: answer }, spec([{ name: "P", type: "select", options: existing }]));
        expect(result).toEqual({ ok: true, properties: { P: { select: { name: chosen } } }, newOptions: [] });
      }),
    );
  });

  test("every real calendar date and time is accepted; impossible days are refused", () => {
    const date = fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
    fc.assert(
      fc.property(date, fc.boolean(), (d, withTime) => {
        const iso = d.toISOString();
        const text = withTime ? iso : iso.slice(0, 10);
        fc.pre(/^\d{4}-/.test(text));
        expect(validateAnswer({ Due: text }, spec([{ name: "Due", type: "date" }]))).toEqual({ ok: true, properties: { Due: { date: { start: text } } }, newOptions: [] });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 }), (y, m, day) => {
        const valid = day <= new Date(Date.UTC(y, m, 0)).getUTCDate() && y >= 1;
        const text = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
        expect(isIsoDate(text)).toBe(valid);
      }),
    );
  });

  test("arbitrary strings are a date only if they have the ISO shape", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        if (isIsoDate(s)) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}(T|$)/);
      }),
    );
  });

  test("text is split into items of at most 2000 characters that join back to it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 9000 }), fc.integer({ min: 0, max: 3 }), (s, repeat) => {
        const text = s.repeat(repeat + 1);
        const result = validateAnswer({ S: text }, spec([{ name: "S", type: "rich_text" }]));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const items = (result.properties.S as unknown as { rich_text: { text: { content: string } }[] }).rich_text;
        expect(items.map((i) => i.text.content).join("")).toBe(text);
        for (const item of items) expect(item.text.content.length).toBeLessThanOrEqual(2000);
      }),
      { numRuns: 50 },
    );
  }, 60_000);

  test("any JSON value: either every property is written, or nothing is and every reason names a chosen property", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(GOOD), "other"), fc.jsonValue()), (answer) => {
        const result = validateAnswer({ ...GOOD, ...answer }, ROW);
        if (result.ok) expect(Object.keys(result.properties).sort()).toEqual(Object.keys(GOOD).sort());
        else for (const r of result.reasons) expect(ROW.properties.map((p) => p.name)).toContain(r.property);
      }),
    );
  });
});

describe("answers as text, and what is said when they are refused", () => {
  test("JSON alone, in a fence, or inside a sentence", () => {
    expect(parseAnswerJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseAnswerJson('Here you go:\n```json\n{"a": [1]}\n```')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseAnswerJson('Sure! {"a": {"b": 2}} Hope this helps.')).toEqual({ ok: true, value: { a: { b: 2 } } });
    expect(parseAnswerJson("I cannot help with that.")).toEqual({
      ok: false,
      reason: { code: "not_json", message: "The answer is not valid JSON: it must be one JSON object, with no other text." },
    });
    expect(parseAnswerJson(" ")).toMatchObject({ ok: false, reason: { message: "The answer is empty: it must be one JSON object." } });
  });

  test("the corrective instruction lists every reason and asks for the JSON only", () => {
    const result = validateAnswer({ ...GOOD, Score: 12, Tags: ["Urgent"] }, ROW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(correctiveInstruction(result.reasons)).toBe(
      [
        "Your previous answer could not be used:",
        '- “Tags” is "Urgent", which is not one of its options: its options are "Bug", "Feature", "Docs".',
        "- “Score” is 12, above the maximum of 10.",
        "Answer again with one JSON object that follows the schema exactly, fixing these problems and keeping the values that were right. Reply with the JSON object only.",
      ].join("\n"),
    );
    expect(reasonsSummary(result.reasons)).toBe('“Tags” is "Urgent", which is not one of its options: its options are "Bug", "Feature", "Docs". “Score” is 12, above the maximum of 10.');
  });
});

describe("property names are data", () => {
  test("a property named __proto__ is an ordinary key in the schema and in the values", () => {
    const odd = spec([{ name: "__proto__", type: "checkbox" }, { name: "constructor", type: "number" }]);
    const result = validateAnswer(JSON.parse('{"__proto__": true, "constructor": 2}'), odd);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.hasOwn(result.properties, "__proto__")).toBe(true);
    expect(JSON.stringify(result.properties)).toBe('{"__proto__":{"checkbox":true},"constructor":{"number":2}}');
    expect(Object.getPrototypeOf(result.properties)).toBe(Object.prototype);
  });
});

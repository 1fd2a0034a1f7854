import { describe, expect, test } from "vitest";
import { isEmptyProperty, propertyToText, richTextToPlainText, type PropertyValue } from "../../../src/core/property-text";

/** A property value as the API sends it (the id is irrelevant here). */
const v = (value: Record<string, unknown>): PropertyValue => ({ id: "x", ...value }) as unknown as PropertyValue;

const annotations = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" };
const rt = (content: string) => ({ type: "text", text: { content, link: null }, plain_text: content, href: null, annotations });
const mention = (plain: string) => ({
  type: "mention",
  mention: { type: "date", date: { start: "2026-01-01", end: null, time_zone: null } },
  plain_text: plain,
  href: null,
  annotations,
});
const option = (name: string) => ({ id: name, name, color: "default" });
const date = (start: string, end: string | null = null) => ({ start, end, time_zone: null });
const user = (name: string | null, email?: string) => ({
  object: "user",
  id: "u",
  type: "person",
  name,
  avatar_url: null,
  person: email === undefined ? {} : { email },
});

describe("propertyToText", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["title", { type: "title", title: [rt("Hello "), rt("world")] }, "Hello world"],
    ["title, empty", { type: "title", title: [] }, ""],
    ["title with a mention", { type: "title", title: [rt("Due "), mention("January 1, 2026")] }, "Due January 1, 2026"],
    ["rich_text", { type: "rich_text", rich_text: [rt("a\nb")] }, "a\nb"],
    ["select", { type: "select", select: option("High") }, "High"],
    ["select, none", { type: "select", select: null }, ""],
    ["multi_select", { type: "multi_select", multi_select: [option("a"), option("b c")] }, "a, b c"],
    ["multi_select, none", { type: "multi_select", multi_select: [] }, ""],
    ["status", { type: "status", status: option("In progress") }, "In progress"],
    ["status, none", { type: "status", status: null }, ""],
    ["number", { type: "number", number: 1234.5 }, "1234.5"],
    ["number, zero", { type: "number", number: 0 }, "0"],
    ["number, negative", { type: "number", number: -3 }, "-3"],
    ["number, null", { type: "number", number: null }, ""],
    ["date", { type: "date", date: date("2026-03-01") }, "2026-03-01"],
    ["date with time", { type: "date", date: date("2026-03-01T09:30:00.000+01:00") }, "2026-03-01T09:30:00.000+01:00"],
    ["date range", { type: "date", date: date("2026-03-01", "2026-03-05") }, "2026-03-01 → 2026-03-05"],
    ["date, none", { type: "date", date: null }, ""],
    ["url", { type: "url", url: "https://example.com" }, "https://example.com"],
    ["url, none", { type: "url", url: null }, ""],
    ["email", { type: "email", email: "a@b.co" }, "a@b.co"],
    ["email, none", { type: "email", email: null }, ""],
    ["phone_number", { type: "phone_number", phone_number: "+33 1 23" }, "+33 1 23"],
    ["phone_number, none", { type: "phone_number", phone_number: null }, ""],
    ["checkbox, ticked", { type: "checkbox", checkbox: true }, "Yes"],
    ["checkbox, not ticked", { type: "checkbox", checkbox: false }, "No"],
    ["people", { type: "people", people: [user("Ada"), user(null, "bob@x.io"), user("Cy")] }, "Ada, bob@x.io, Cy"],
    ["people, partial user and group", { type: "people", people: [{ object: "user", id: "u1" }, { object: "group", id: "g", name: "Team" }] }, "Team"],
    ["people, none", { type: "people", people: [] }, ""],
    ["created_by", { type: "created_by", created_by: user("Ada") }, "Ada"],
    ["last_edited_by", { type: "last_edited_by", last_edited_by: user(null, "e@x.io") }, "e@x.io"],
    ["created_time", { type: "created_time", created_time: "2026-01-02T03:04:00.000Z" }, "2026-01-02T03:04:00.000Z"],
    ["last_edited_time", { type: "last_edited_time", last_edited_time: "2026-01-02T03:05:00.000Z" }, "2026-01-02T03:05:00.000Z"],
    ["formula string", { type: "formula", formula: { type: "string", string: "abc" } }, "abc"],
    ["formula string, null", { type: "formula", formula: { type: "string", string: null } }, ""],
    ["formula number", { type: "formula", formula: { type: "number", number: 42 } }, "42"],
    ["formula number, null", { type: "formula", formula: { type: "number", number: null } }, ""],
    ["formula boolean true", { type: "formula", formula: { type: "boolean", boolean: true } }, "Yes"],
    ["formula boolean false", { type: "formula", formula: { type: "boolean", boolean: false } }, "No"],
    ["formula boolean null", { type: "formula", formula: { type: "boolean", boolean: null } }, ""],
    ["formula date", { type: "formula", formula: { type: "date", date: date("2026-05-05", "2026-05-06") } }, "2026-05-05 → 2026-05-06"],
    ["formula unsupported", { type: "formula", formula: { type: "unsupported", unsupported: {} } }, ""],
    ["unique_id with prefix", { type: "unique_id", unique_id: { prefix: "TASK", number: 12 } }, "TASK-12"],
    ["unique_id without prefix", { type: "unique_id", unique_id: { prefix: null, number: 7 } }, "7"],
    ["unique_id, no number", { type: "unique_id", unique_id: { prefix: "X", number: null } }, ""],
    ["relation, one", { type: "relation", relation: [{ id: "a" }] }, "1 linked page"],
    ["relation, two", { type: "relation", relation: [{ id: "a" }, { id: "b" }] }, "2 linked pages"],
    ["relation, none", { type: "relation", relation: [] }, ""],
    ["relation, has_more", { type: "relation", relation: Array.from({ length: 25 }, (_, i) => ({ id: String(i) })), has_more: true }, "25+ linked pages"],
    ["rollup number", { type: "rollup", rollup: { type: "number", number: 3.5, function: "average" } }, "3.5"],
    ["rollup number, null", { type: "rollup", rollup: { type: "number", number: null, function: "sum" } }, ""],
    ["rollup date", { type: "rollup", rollup: { type: "date", date: date("2026-02-02"), function: "latest_date" } }, "2026-02-02"],
    [
      "rollup array",
      {
        type: "rollup",
        rollup: {
          type: "array",
          function: "show_original",
          array: [
            { type: "title", title: [rt("Alpha")] },
            { type: "title", title: [] },
            { type: "number", number: 2 },
            { type: "select", select: option("Red") },
          ],
        },
      },
      "Alpha, 2, Red",
    ],
    ["rollup unsupported", { type: "rollup", rollup: { type: "unsupported", unsupported: {}, function: "count" } }, ""],
    ["rollup incomplete", { type: "rollup", rollup: { type: "incomplete", incomplete: {}, function: "count" } }, ""],
    ["files", { type: "files", files: [{ name: "a.pdf", type: "external", external: { url: "https://x/a.pdf" } }, { name: "b.png", type: "file", file: { url: "u", expiry_time: "t" } }] }, "a.pdf, b.png"],
    ["place with name", { type: "place", place: { lat: 1, lon: 2, name: "Paris", address: "France" } }, "Paris"],
    ["place with address only", { type: "place", place: { lat: 1, lon: 2, name: null, address: "1 rue X" } }, "1 rue X"],
    ["place with coordinates only", { type: "place", place: { lat: 48.85, lon: 2.35 } }, "48.85, 2.35"],
    ["place, none", { type: "place", place: null }, ""],
    ["verification verified", { type: "verification", verification: { state: "verified", date: null, verified_by: null } }, "Verified"],
    ["verification expired", { type: "verification", verification: { state: "expired", date: null, verified_by: null } }, "Expired"],
    ["verification unverified", { type: "verification", verification: { state: "unverified", date: null, verified_by: null } }, ""],
    ["button", { type: "button", button: {} }, ""],
    ["a type this code does not know", { type: "hologram", hologram: { x: 1 } }, ""],
  ])("%s", (_name, value, expected) => {
    expect(propertyToText(v(value))).toBe(expected);
  });

  test("tolerates missing fields and non-objects", () => {
    expect(propertyToText(v({ type: "title" }))).toBe("");
    expect(propertyToText(v({ type: "multi_select" }))).toBe("");
    expect(propertyToText(v({ type: "rollup" }))).toBe("");
    expect(propertyToText(v({ type: "formula" }))).toBe("");
    expect(propertyToText(v({ type: "people", people: [null] }))).toBe("");
    expect(propertyToText(null as unknown as PropertyValue)).toBe("");
  });
});

describe("richTextToPlainText", () => {
  test("uses plain_text, else the text content or equation expression", () => {
    expect(richTextToPlainText([rt("a"), { type: "text", text: { content: "b" } }, { type: "equation", equation: { expression: "x^2" } }] as never)).toBe("abx^2");
    expect(richTextToPlainText(undefined)).toBe("");
  });
});

describe("isEmptyProperty", () => {
  test.each<[string, Record<string, unknown>, boolean]>([
    ["blank title", { type: "title", title: [rt("  \n ")] }, true],
    ["title", { type: "title", title: [rt("x")] }, false],
    ["null number", { type: "number", number: null }, true],
    ["zero", { type: "number", number: 0 }, false],
    ["unticked checkbox (a value)", { type: "checkbox", checkbox: false }, false],
    ["no relation", { type: "relation", relation: [] }, true],
    ["a relation", { type: "relation", relation: [{ id: "a" }] }, false],
    ["no select", { type: "select", select: null }, true],
    ["no people", { type: "people", people: [] }, true],
    ["empty rich_text", { type: "rich_text", rich_text: [] }, true],
    ["button", { type: "button", button: {} }, true],
  ])("%s → %s", (_name, value, expected) => {
    expect(isEmptyProperty(v(value))).toBe(expected);
  });

  test("a missing value is empty", () => {
    expect(isEmptyProperty(undefined)).toBe(true);
    expect(isEmptyProperty(null)).toBe(true);
  });
});

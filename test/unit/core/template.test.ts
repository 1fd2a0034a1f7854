import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { PropertyValue } from "../../../src/core/property-text";
import {
  ALL_EMPTY_REASON,
  propertiesReadBy,
  EMPTY_TEMPLATE_MESSAGE,
  NO_TITLE_REASON,
  fillTemplate,
  parseTemplate,
  rowTitle,
  templateUsesRowData,
  tokenizeTemplate,
  usesPageContent,
  validateTemplate,
  type TemplateRow,
} from "../../../src/core/template";

const rt = (content: string) => ({
  type: "text",
  text: { content, link: null },
  plain_text: content,
  href: null,
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
});
const value = (v: Record<string, unknown>) => ({ id: "x", ...v }) as unknown as PropertyValue;
const title = (s: string) => value({ type: "title", title: s === "" ? [] : [rt(s)] });
const text = (s: string) => value({ type: "rich_text", rich_text: s === "" ? [] : [rt(s)] });
const select = (name: string | null) => value({ type: "select", select: name === null ? null : { id: "o", name, color: "default" } });
const checkbox = (checked: boolean) => value({ type: "checkbox", checkbox: checked });
const row = (properties: Record<string, PropertyValue>): TemplateRow => ({ properties });

/** A typical row: the title property is called "Name". */
const article = row({ Name: title("Green tea"), Audience: text("beginners"), Tone: select("friendly"), Generate: checkbox(true) });

describe("parseTemplate", () => {
  test("finds placeholders, trimmed, each once, in order", () => {
    expect(parseTemplate("Write about {{ Topic }} for {{Audience}}; again {{topic}} and {{Audience}}.")).toEqual({ placeholders: ["Topic", "Audience"] });
  });
  test("no placeholders", () => {
    expect(parseTemplate("Write a haiku.")).toEqual({ placeholders: [] });
    expect(parseTemplate("")).toEqual({ placeholders: [] });
  });
  test("names may contain spaces, punctuation, non-ASCII and a lone }", () => {
    expect(parseTemplate("{{Due date}} {{Prix (€)}} {{日本語}} {{a}b}}").placeholders).toEqual(["Due date", "Prix (€)", "日本語", "a}b"]);
  });
  test("\\{{ is a literal {{", () => {
    expect(parseTemplate("Use \\{{Name}} syntax")).toEqual({ placeholders: [] });
    expect(tokenizeTemplate("Use \\{{Name}} syntax")).toEqual([{ kind: "text", text: "Use {{Name}} syntax" }]);
  });
  test("an unclosed {{ is literal text", () => {
    expect(parseTemplate("a {{Name and more")).toEqual({ placeholders: [] });
    expect(tokenizeTemplate("a {{Name and more")).toEqual([{ kind: "text", text: "a {{Name and more" }]);
  });
  test("an empty {{ }} is literal text", () => {
    expect(parseTemplate("x {{}} y {{   }} z")).toEqual({ placeholders: [] });
  });
  test("a {{ running into another { is literal; the inner placeholder still counts", () => {
    expect(tokenizeTemplate("{{a {{b}}")).toEqual([{ kind: "text", text: "{{a " }, { kind: "placeholder", name: "b", raw: "{{b}}" }]);
    expect(tokenizeTemplate("{{{b}}}")).toEqual([{ kind: "text", text: "{" }, { kind: "placeholder", name: "b", raw: "{{b}}" }, { kind: "text", text: "}" }]);
  });
  test("multi-line names are trimmed", () => {
    expect(parseTemplate("{{\n Topic \n}}").placeholders).toEqual(["Topic"]);
  });
  test("tokenizing then joining text and raw placeholders gives the template back (without escapes)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("{", "}", "a", " ", "B", "\n") }), (template) => {
        const joined = tokenizeTemplate(template)
          .map((s) => (s.kind === "text" ? s.text : s.raw))
          .join("");
        expect(joined).toBe(template);
      }),
    );
  });
});

describe("templateUsesRowData", () => {
  test("false without placeholders (every row gets the same prompt)", () => {
    expect(templateUsesRowData("Write a poem.")).toBe(false);
    expect(templateUsesRowData("Literal \\{{Name}}")).toBe(false);
  });
  test("true with one", () => {
    expect(templateUsesRowData("About {{title}}")).toBe(true);
  });
});

describe("validateTemplate", () => {
  const names = ["Name", "Audience", "Tone", "Generate"];

  test("an empty template", () => {
    expect(validateTemplate("", names)).toEqual({ ok: false, unknown: [], message: EMPTY_TEMPLATE_MESSAGE });
    expect(validateTemplate("  \n\t ", names)).toMatchObject({ ok: false, message: "Write a prompt first." });
  });
  test("known placeholders, any case and spacing", () => {
    expect(validateTemplate("{{name}} for {{ AUDIENCE }} in a {{tone}} tone", names)).toEqual({ ok: true });
  });
  test("{{title}} is always known, in any case", () => {
    expect(validateTemplate("About {{title}} / {{Title}} / {{TITLE}}", names)).toEqual({ ok: true });
    expect(validateTemplate("About {{title}}", [])).toEqual({ ok: true });
  });
  test("no placeholders is valid", () => {
    expect(validateTemplate("Write a haiku about autumn.", names)).toEqual({ ok: true });
  });
  test("inner whitespace is tolerated", () => {
    expect(validateTemplate("{{due   date}}", ["Due Date"])).toEqual({ ok: true });
  });
  test("an unknown placeholder lists the available names", () => {
    const result = validateTemplate("Write about {{Topik}} for {{Audience}}", ["Name", "Audience"]);
    expect(result).toEqual({
      ok: false,
      unknown: ["Topik"],
      message: "Unknown placeholder {{Topik}}. Available: {{title}}, {{Name}}, {{Audience}}.",
    });
  });
  test("a likely typo gets a suggestion", () => {
    const result = validateTemplate("Write about {{Topik}}", ["Topic", "Audience"]);
    expect(result).toEqual({
      ok: false,
      unknown: ["Topik"],
      message: "Unknown placeholder {{Topik}}. Did you mean {{Topic}}? Available: {{title}}, {{Topic}}, {{Audience}}.",
    });
  });
  test("several unknown placeholders", () => {
    const result = validateTemplate("{{A}} {{B}} {{Name}} {{a}}", ["Name"]);
    expect(result).toEqual({ ok: false, unknown: ["A", "B"], message: "Unknown placeholders {{A}}, {{B}}. Available: {{title}}, {{Name}}." });
  });
  test("a property named Title is not listed twice", () => {
    const result = validateTemplate("{{x}}", ["Title", "Body"]);
    expect(result).toEqual({ ok: false, unknown: ["x"], message: "Unknown placeholder {{x}}. Available: {{title}}, {{Body}}." });
  });
  test("a long list of names is shortened", () => {
    const many = Array.from({ length: 40 }, (_, i) => `P${i}`);
    const result = validateTemplate("{{nothing like it}}", many);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain("{{P28}}, … (11 more).");
      expect(result.message).not.toContain("{{P29}}");
    }
  });
  test("escaped placeholders are not checked", () => {
    expect(validateTemplate("Use \\{{Whatever}} literally", names)).toEqual({ ok: true });
  });
});

describe("rowTitle", () => {
  test("the title property, whatever it is called", () => {
    expect(rowTitle(article)).toBe("Green tea");
    expect(rowTitle(row({ Topic: title("  Tea  "), Title: text("not the title") }))).toBe("Tea");
  });
  test("no title property, or an empty one", () => {
    expect(rowTitle(row({ Body: text("x") }))).toBe("");
    expect(rowTitle(row({ Name: title("") }))).toBe("");
  });
});

describe("fillTemplate", () => {
  test("fills from the row, case-insensitively and whitespace-tolerantly", () => {
    expect(fillTemplate("Write about {{ name }} for {{AUDIENCE}} in a {{Tone}} tone.", article)).toEqual({
      ok: true,
      prompt: "Write about Green tea for beginners in a friendly tone.",
    });
  });
  test("{{title}} with a title property named Name", () => {
    expect(fillTemplate("About {{title}}", article)).toEqual({ ok: true, prompt: "About Green tea" });
  });
  test("{{Title}} with a title property named Topic", () => {
    const r = row({ Topic: title("Rust lifetimes"), Level: select("advanced") });
    expect(fillTemplate("Explain {{Title}} ({{level}})", r)).toEqual({ ok: true, prompt: "Explain Rust lifetimes (advanced)" });
    expect(fillTemplate("Explain {{topic}}", r)).toEqual({ ok: true, prompt: "Explain Rust lifetimes" });
  });
  test("a real property named Title wins over the alias", () => {
    const r = row({ Name: title("The row"), Title: text("Job title") });
    expect(fillTemplate("{{title}} / {{Name}}", r)).toEqual({ ok: true, prompt: "Job title / The row" });
  });
  test("an exact-case match wins over a case-insensitive one", () => {
    const r = row({ Name: title("Row"), note: text("lower"), Note: text("Upper") });
    expect(fillTemplate("{{note}} {{Note}} {{NOTE}}", r)).toEqual({ ok: true, prompt: "lower Upper lower" });
  });
  test("values are trimmed and inserted once (not expanded again)", () => {
    const r = row({ Name: title("  {{Audience}} "), Audience: text("x") });
    expect(fillTemplate("[{{title}}] [{{Audience}}]", r)).toEqual({ ok: true, prompt: "[{{Audience}}] [x]" });
  });
  test("escapes and literal braces survive", () => {
    expect(fillTemplate("Say \\{{title}} for {{title}}, {{unclosed", article)).toEqual({ ok: true, prompt: "Say {{title}} for Green tea, {{unclosed" });
  });
  test("a template without placeholders gives the same prompt for every row", () => {
    expect(fillTemplate("Write a haiku.", article)).toEqual({ ok: true, prompt: "Write a haiku." });
    expect(fillTemplate("Write a haiku.", row({ Name: title("") }))).toEqual({ ok: true, prompt: "Write a haiku." });
  });
  test("a renamed or deleted property skips the row", () => {
    expect(fillTemplate("About {{title}} for {{ Readers }}", article)).toEqual({ ok: false, reason: "Property “Readers” no longer exists in the database." });
  });
  test("an empty title skips the row when the template uses it", () => {
    const untitled = row({ Name: title("   "), Audience: text("beginners") });
    expect(fillTemplate("About {{title}} for {{Audience}}", untitled)).toEqual({ ok: false, reason: NO_TITLE_REASON });
    expect(fillTemplate("About {{Name}} for {{Audience}}", untitled)).toEqual({ ok: false, reason: "The row has no title." });
    expect(fillTemplate("For {{Audience}}", untitled)).toEqual({ ok: true, prompt: "For beginners" });
  });
  test("a row without any title property has no title", () => {
    expect(fillTemplate("About {{title}}", row({ Audience: text("x") }))).toEqual({ ok: false, reason: NO_TITLE_REASON });
  });
  test("the missing-property reason comes before the title reason", () => {
    expect(fillTemplate("{{title}} {{Gone}}", row({ Name: title("") }))).toEqual({ ok: false, reason: "Property “Gone” no longer exists in the database." });
  });
  test("other empty values fill as empty text", () => {
    const r = row({ Name: title("Tea"), Audience: text(""), Tone: select(null) });
    expect(fillTemplate("About {{title}} for [{{Audience}}] tone [{{Tone}}]", r)).toEqual({ ok: true, prompt: "About Tea for [] tone []" });
  });
  test("every placeholder empty → skip", () => {
    const r = row({ Name: title("Tea"), Audience: text(""), Tone: select(null) });
    expect(fillTemplate("For {{Audience}} in {{Tone}} and {{audience}}", r)).toEqual({ ok: false, reason: ALL_EMPTY_REASON });
    expect(ALL_EMPTY_REASON).toBe("All the fields the prompt uses are empty.");
  });
  test("an unticked checkbox is a value, not an empty field", () => {
    const r = row({ Name: title("Tea"), Urgent: checkbox(false) });
    expect(fillTemplate("Urgent: {{Urgent}}", r)).toEqual({ ok: true, prompt: "Urgent: No" });
  });
  test("works with a page object as returned by the API", () => {
    const page = {
      object: "page",
      id: "p",
      properties: { Name: { id: "title", type: "title", title: [rt("From the API")] }, Count: { id: "c", type: "number", number: 3 } },
    } as unknown as TemplateRow;
    expect(fillTemplate("{{title}} ×{{count}}", page)).toEqual({ ok: true, prompt: "From the API ×3" });
  });
  test("validation and filling agree on which names are known", () => {
    const props: Record<string, PropertyValue> = { Name: title("T"), "Due Date": text("soon"), Tags: text("a") };
    const nameArb = fc.constantFrom("title", "TITLE", "Name", "name", " due  date ", "Due Date", "tags", "Missing", "Tag");
    fc.assert(
      fc.property(fc.array(nameArb, { maxLength: 4 }), (used) => {
        const template = `x ${used.map((n) => `{{${n}}}`).join(" ")}`;
        const valid = validateTemplate(template, Object.keys(props)).ok;
        const filled = fillTemplate(template, row(props));
        expect(filled.ok || !filled.reason.startsWith("Property")).toBe(valid);
      }),
    );
  });
});

describe("propertiesReadBy", () => {
  test("names the properties a template reads, matched as filling matches them (exact first, then any case), each once", () => {
    const names = ["Name", "Audience", "audience", "Notes", "Budget (USD)"];
    expect(propertiesReadBy("{{ Audience }} / {{AUDIENCE}} / {{audience}} / {{Budget (USD)}} / {{Gone}}", names)).toEqual(["Audience", "audience", "Budget (USD)"]);
    expect(propertiesReadBy("No placeholders", names)).toEqual([]);
  });
});

describe("propertiesReadBy with fillTemplate", () => {
  test("a row holding only the title and the properties read fills exactly as the whole row", () => {
    const nameUnit = fc.constantFrom("a", "A", "b", " ", "é", "e\u0301", "t", "i", "l", "T");
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: nameUnit, minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        // A placeholder: a property's name as is, in another case or padded, the title alias, or anything.
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("same", "upper", "lower", "padded", "title", "other"), fc.string({ unit: nameUnit, maxLength: 6 })), { maxLength: 4 }),
        fc.array(fc.string({ unit: fc.constantFrom("x", " ", ""), maxLength: 2 }), { minLength: 7, maxLength: 7 }),
        (others, picks, values) => {
          // The title property is called "Name".
          const names = ["Name", ...others.filter((name) => name !== "Name")];
          const placeholders = picks.map(([index, how, other]) => {
            const name = names[index % names.length]!;
            return { same: name, upper: name.toUpperCase(), lower: name.toLowerCase(), padded: ` ${name}  `, title: "title", other }[how]!;
          });
          const full: Record<string, PropertyValue> = {};
          names.forEach((name, i) => (full[name] = i === 0 ? title(values[i] ?? "") : text(values[i] ?? "")));
          const template = placeholders.map((name) => `{{${name}}}`).join(" and ");
          const read = new Set(["Name", ...propertiesReadBy(template, names)]);
          const restricted = Object.fromEntries(Object.entries(full).filter(([name]) => read.has(name)));
          expect(fillTemplate(template, row(restricted))).toEqual(fillTemplate(template, row(full)));
        },
      ),
    );
  });
});

describe("{{Page content}}", () => {
  const row = { properties: { Name: { type: "title", title: [rt("Row 1")] } } } as unknown as TemplateRow;

  test("stands for the row's body in any case and spacing, and is not an unknown placeholder", () => {
    expect(validateTemplate("Summarise {{ page   CONTENT }} for {{Name}}", ["Name"])).toEqual({ ok: true });
    expect(usesPageContent("Summarise {{Page content}}", ["Name"])).toBe(true);
    expect(fillTemplate("{{Name}}: {{page content}}", row, { pageContent: "  # Body\n\ntext " })).toEqual({ ok: true, prompt: "Row 1: # Body\n\ntext" });
  });

  test("a real property of that name wins, as for the title", () => {
    expect(usesPageContent("{{Page content}}", ["Name", "Page content"])).toBe(false);
  });

  test("an empty body fills as empty text; a template using only it skips the row", () => {
    expect(fillTemplate("{{Page content}}", row, {})).toEqual({ ok: false, reason: ALL_EMPTY_REASON });
  });
});

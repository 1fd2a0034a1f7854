import { describe, expect, it } from "vitest";
import { toConnectionDraft } from "../../../src/ui/popup/create/connectionDraft";
import { DEFAULT_CONTENT_CAP_CHARS } from "../../../src/core/context/assemble";
import { MAX_CONTENT_CAP_CHARS, MIN_CONTENT_CAP_CHARS } from "../../../src/shared/protocol/schemas";
import { CONTENT_CAP_DEFAULT, CONTENT_CAP_MAX, CONTENT_CAP_MIN, describeCap } from "../../../src/ui/popup/create/contentCap";
import { applyInspection } from "../../../src/ui/popup/create/databaseDraft";
import { editableSnapshot, emptyDraft, type CreateDraft } from "../../../src/ui/popup/create/draft";
import { parseDraft } from "../../../src/ui/popup/create/draftParse";
import { draftFromConnection, hasUnsavedWork } from "../../../src/ui/popup/create/loadConnection";
import { toggleTyped, typedCandidates } from "../../../src/ui/popup/create/typedDraft";
import { databaseDraft, makeInspection } from "./db-fixtures";
import { makeConnection, PAGE_URL, RESOLVED_PAGE } from "./fixtures";

const stored = (draft: CreateDraft) => parseDraft(JSON.parse(JSON.stringify(draft)));

/** A database with fillable properties of every kind next to the ones Inkwell sets itself. */
const typedInspection = () =>
  makeInspection({
    properties: [
      { name: "Name", type: "title" },
      { name: "Generate", type: "checkbox" },
      { name: "Summary", type: "rich_text" },
      { name: "Tags", type: "multi_select", options: ["Tea", "Coffee"] },
      { name: "Sentiment", type: "select", options: [] },
      { name: "Score", type: "number" },
      { name: "Due", type: "date" },
      { name: "AI status", type: "status" },
      { name: "Owner", type: "people" },
    ],
  });

const typedDraft = (overrides: Partial<NonNullable<CreateDraft["database"]>> = {}): CreateDraft => {
  const draft = databaseDraft(typedInspection(), { prompt: "Summarise {{Page content}}" });
  return { ...draft, database: { ...draft.database!, ...overrides } };
};

describe("Create drafts with typed outputs, placement and context", () => {
  it("loads a draft stored before these fields existed with every new choice off", () => {
    const old = JSON.parse(JSON.stringify(databaseDraft(makeInspection(), { prompt: "About {{title}}" }))) as Record<string, unknown>;
    delete old.placement;
    delete old.context;
    const database = old.database as Record<string, unknown>;
    delete database.typedProperties;
    delete database.allowNewOptions;
    const parsed = parseDraft(old);
    expect(parsed.placement).toBe("append");
    expect(parsed.context).toEqual({ pageContent: false, standingInstructions: false, contentCap: "" });
    expect(parsed.database).toMatchObject({ output: "body", typedProperties: [], allowNewOptions: false, selectionProperty: "Generate" });
    expect(parsed.prompt).toBe("About {{title}}");
  });

  it("keeps every new choice through storage", () => {
    const draft: CreateDraft = {
      ...typedDraft({ output: "typed", typedProperties: [{ property: "Tags", instruction: "1–3 of the existing options" }, { property: "Score", instruction: "" }], allowNewOptions: true }),
      placement: "replace",
      context: { pageContent: false, standingInstructions: true, contentCap: "8000" },
    };
    expect(stored(draft)).toEqual(draft);
  });

  it("reads damaged new fields safely", () => {
    const parsed = parseDraft({ ...typedDraft(), placement: "sideways", context: { pageContent: "yes", contentCap: 5 }, database: { ...typedDraft().database, typedProperties: [{ property: 3 }, "Tags", { property: "Tags", instruction: 7 }] } });
    expect(parsed.placement).toBe("append");
    expect(parsed.context).toEqual({ pageContent: false, standingInstructions: false, contentCap: "" });
    expect(parsed.database?.typedProperties).toEqual([{ property: "Tags", instruction: "" }]);
  });

  it("offers only fillable properties Inkwell doesn't set itself, and keeps the database's order when ticking", () => {
    const draft = typedDraft({ statusProperty: "AI status" });
    expect(typedCandidates(draft.database!).map((property) => property.name)).toEqual(["Summary", "Tags", "Sentiment", "Score", "Due"]);
    const withScore = { ...draft.database!, ...toggleTyped(draft.database!, "Score", true) };
    expect(toggleTyped(withScore, "Tags", true).typedProperties.map((entry) => entry.property)).toEqual(["Tags", "Score"]);
  });

  it("brings back an instruction typed before its property was unticked, also after the popup reopens", () => {
    const database = { ...typedDraft().database!, typedProperties: [{ property: "Tags", instruction: "1–3 tags" }] };
    const off = { ...database, ...toggleTyped(database, "Tags", false) };
    expect(off.typedProperties).toEqual([]);
    const reopened = stored({ ...typedDraft(), database: off }).database!;
    expect(toggleTyped(reopened, "Tags", true).typedProperties).toEqual([{ property: "Tags", instruction: "1–3 tags" }]);
    // Parked instructions are never saved.
    const built = toConnectionDraft({ ...typedDraft(), database: off });
    expect(built.ok && built.draft.database).toEqual({ dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "body" }, statusProperty: "AI status" });
  });

  it("saves typed properties with trimmed instructions, typed-only output and the consent to add options", () => {
    const built = toConnectionDraft(typedDraft({ output: "typed", typedProperties: [{ property: "Tags", instruction: "  1–3 tags " }, { property: "Score", instruction: " " }], allowNewOptions: true }));
    expect(built.ok && built.draft.database).toMatchObject({
      output: { type: "typed" },
      typedProperties: [{ property: "Tags", instruction: "1–3 tags" }, { property: "Score" }],
      allowNewOptions: true,
    });
    const plain = toConnectionDraft(typedDraft({ allowNewOptions: true }));
    expect(plain.ok && plain.draft.database).toEqual({ dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "body" }, statusProperty: "AI status" });
  });

  it("says what to fix for typed-only output without properties, and for the status chosen as an output", () => {
    expect(toConnectionDraft(typedDraft({ output: "typed" }))).toEqual({ ok: false, message: "Pick at least one property to fill, or write the answer to the row's body or a text property." });
    const clash = toConnectionDraft(typedDraft({ statusProperty: "AI status", typedProperties: [{ property: "AI status", instruction: "" }] }));
    expect(clash).toEqual({ ok: false, message: "“AI status” is already used by Inkwell (the selection checkbox or the status): untick it under “Properties to fill”." });
  });

  it("doesn't save typed properties with a text-property answer (the worker doesn't combine them), and keeps them in the form", () => {
    const draft = typedDraft({ output: "property", outputProperty: "Summary", typedProperties: [{ property: "Tags", instruction: "two" }], allowNewOptions: true });
    const built = toConnectionDraft(draft);
    expect(built.ok && built.draft.database).toEqual({ dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "property", property: "Summary", overwrite: "if_empty" }, statusProperty: "AI status" });
    expect(stored(draft).database?.typedProperties).toEqual([{ property: "Tags", instruction: "two" }]);
  });

  it("saves placement only where it applies, and context only for the target's kind", () => {
    const page: CreateDraft = { ...emptyDraft(), url: PAGE_URL, target: RESOLVED_PAGE, prompt: "Summarise this page", placement: "top", context: { pageContent: true, standingInstructions: true, contentCap: "20,000" } };
    const built = toConnectionDraft(page);
    expect(built.ok && { placement: built.draft.placement, context: built.draft.context }).toEqual({ placement: "top", context: { pageContent: true, contentCapChars: 20_000 } });
    const intoProperty = toConnectionDraft({ ...typedDraft({ output: "property", outputProperty: "Summary" }), placement: "replace" });
    expect(intoProperty.ok && intoProperty.draft.placement).toBeUndefined();
    const appended = toConnectionDraft({ ...page, placement: "append", context: { pageContent: false, standingInstructions: false, contentCap: "" } });
    expect(appended.ok && "placement" in appended.draft).toBe(false);
    expect(appended.ok && "context" in appended.draft).toBe(false);
  });

  it("shows the worker's own cap bounds and default (copied to keep the schema and the parser out of the popup)", () => {
    expect([CONTENT_CAP_MIN, CONTENT_CAP_MAX, CONTENT_CAP_DEFAULT]).toEqual([MIN_CONTENT_CAP_CHARS, MAX_CONTENT_CAP_CHARS, DEFAULT_CONTENT_CAP_CHARS]);
  });

  it("refuses a content cap out of bounds, and shows the cap in characters and tokens", () => {
    const page: CreateDraft = { ...emptyDraft(), target: RESOLVED_PAGE, prompt: "Summarise", context: { pageContent: true, standingInstructions: false, contentCap: "100" } };
    expect(toConnectionDraft(page)).toEqual({ ok: false, message: "The content cap must be a whole number of characters from 500 to 400,000 (or empty for the default)." });
    expect(describeCap("8000")).toEqual({ ok: true, text: "8,000 characters ≈ 2,000 tokens of English text." });
    expect(describeCap("").text).toMatch(/^Default: [\d,]+ characters ≈ [\d,]+ tokens/);
    expect(describeCap("lots").ok).toBe(false);
  });

  it("opens a saved connection with its typed properties, placement and context, and saves them back unchanged", () => {
    const connection = makeConnection({
      kind: "database",
      prompt: "Summarise {{Page content}}",
      placement: "top",
      context: { standingInstructions: true, contentCapChars: 6_000 },
      database: { dataSourceId: "ds-1", selectionProperty: "Generate", output: { type: "typed" }, typedProperties: [{ property: "Tags", instruction: "1–3 tags" }, { property: "Due" }], allowNewOptions: true },
    });
    const draft = draftFromConnection(connection);
    expect(draft.context).toEqual({ pageContent: false, standingInstructions: true, contentCap: "6000" });
    const built = toConnectionDraft(draft);
    expect(built.ok && built.draft.database).toEqual({ ...connection.database });
    expect(built.ok && built.draft.context).toEqual(connection.context);
    // Typed output isn't body output, so the placement isn't sent back.
    expect(built.ok && built.draft.placement).toBeUndefined();
    // Reading the database again keeps the choices whose properties still exist.
    const fresh = applyInspection(draft.database, typedInspection());
    expect(fresh.typedProperties).toEqual([{ property: "Tags", instruction: "1–3 tags" }, { property: "Due", instruction: "" }]);
    expect(fresh.output).toBe("typed");
  });

  it("counts a form saved before these fields existed as saved, and a changed typed instruction as unsaved", () => {
    const draft = { ...typedDraft(), connectionId: "conn-1" };
    const oldSnapshot = JSON.stringify([draft.name, draft.kind, draft.url.trim(), draft.prompt, draft.options, "", ""]);
    expect(editableSnapshot(draft)).toBe(oldSnapshot);
    expect(hasUnsavedWork({ ...draft, savedSnapshot: oldSnapshot })).toBe(false);
    const edited = { ...draft, database: { ...draft.database!, typedProperties: [{ property: "Tags", instruction: "two tags" }] } };
    expect(hasUnsavedWork({ ...edited, savedSnapshot: oldSnapshot })).toBe(true);
  });
});

/**
 * Typed autofill through the production build: one answer fills Summary,
 * Tags, Sentiment, Score and Due from a row's name and its own page content;
 * a page is summarised at its top; Replace swaps an output and Undo brings
 * the previous one back; a dry run previews and "Write these" writes exactly
 * that; an answer that breaks the schema is retried once, then fails its row.
 * Every value is checked in the emulated Notion.
 */
import type { Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outline } from "../integration/helpers";
import { FEEDBACK_DESCRIPTION, GEMINI_DEMO_KEY, MEETING_NOTES, notionWebUrl, seedCustomerFeedback } from "../sandbox/demo-workspace";
import { createPageConnection, generateAndWait, openTab, playwrightUi, saveSettings, type Ui } from "./flows";
import { useExtensionTest } from "./fixtures";
import {
  answerTypedRows,
  createTypedConnection,
  EMPTY_TYPED_VALUES,
  expectTypedRowsFilled,
  FEEDBACK_ANSWERS,
  generations,
  notionWrites,
  notesOf,
  setPagePlacement,
  TICKED_ROW_NAMES,
  TYPED_PROPERTIES,
  typedValuesOf,
  type TypedValues,
} from "./typed-flows";

describe("typed autofill (production build, sandbox)", () => {
  const t = useExtensionTest();
  let ui: Ui;

  beforeAll(async () => {
    ui = playwrightUi(await t().openPopup());
    await saveSettings(ui, "gemini", GEMINI_DEMO_KEY);
  });

  beforeEach(() => {
    // Rules from an earlier test would answer first: every test scripts its own.
    t().sandbox.gemini.reset();
  });

  it("fills Summary, Tags, Sentiment, Score and Due of every ticked row from {{Name}} and {{Page content}}", async () => {
    const { sandbox, demo } = t();
    const db = seedCustomerFeedback(sandbox, demo.homePageId, { title: "Typed run" });
    const seen = answerTypedRows(sandbox);
    await createTypedConnection(ui, "Typed run", notionWebUrl("Typed run", db.databaseId), { standingInstructions: true });
    // The preview shows what will be sent for the first ticked row, its notes included.
    const previewed = { prompt: await ui.text("#preview-prompt"), system: await ui.text("#preview-system") };
    expect(previewed.prompt).toContain(notesOf("Call with Northwind Traders")[0]);

    await generateAndWait(ui, /^Done: 3 rows written, 0 failed/);

    expectTypedRowsFilled(sandbox, db);
    // One generation per row, each with its own notes, the options and the standing instructions.
    expect(seen).toHaveLength(3);
    // …and exactly that was sent.
    const first = seen.find((request) => request.prompt.includes("“Call with Northwind Traders”"))!;
    expect({ prompt: first.prompt, system: first.system }).toEqual(previewed);
    for (const name of TICKED_ROW_NAMES) {
      const request = seen.find((candidate) => candidate.prompt.includes(`“${name}”`))!;
      for (const note of notesOf(name)) expect(request.prompt).toContain(note);
      expect(request.system).toContain(FEEDBACK_DESCRIPTION);
      expect(request.system).toContain("Urgency from 1 (can wait) to 10 (drop everything).");
      const schema = JSON.stringify(request.body);
      for (const option of ["Pricing", "Onboarding", "Performance", "Integrations", "Support", "Positive", "Neutral", "Negative"]) expect(schema).toContain(`"${option}"`);
    }
    await t().screenshot(ui.page as Page, "typed-run-done");
  });

  it("“Summarise this page” inserts its summary at the top, above the notes", async () => {
    const { sandbox, demo } = t();
    const pageId = sandbox.notion.createPage({ parentPageId: demo.homePageId, title: "Sync notes", blocks: MEETING_NOTES });
    const summary = "## Summary\n\n- Onboarding checklist lifted setup completion from 41% to 58%.\n- Android offline crash fix ships by Friday.";
    let prompt = "";
    sandbox.gemini.answerWhen("Summarise this page", (request) => {
      prompt = request.prompt;
      return summary;
    });
    await createPageConnection(ui, "Summarise this page", notionWebUrl("Sync notes", pageId), "Summarise this page in two bullet points.");
    await setPagePlacement(ui, "top", true);
    await generateAndWait(ui, /^Done/);

    expect(outline(sandbox.notion.blockTree(pageId) as never)).toEqual([
      "heading_2:Summary",
      "bulleted_list_item:Onboarding checklist lifted setup completion from 41% to 58%.",
      "bulleted_list_item:Android offline crash fix ships by Friday.",
      ...MEETING_NOTES.map((text) => `paragraph:${text}`),
    ]);
    // The page's own content went with the prompt.
    for (const note of MEETING_NOTES) expect(prompt).toContain(note);
  });

  it("Replace swaps this connection's last output for the new one, and Undo restores the previous one", async () => {
    const { sandbox, demo } = t();
    const intro = "The digest below is rewritten every Monday.";
    const pageId = sandbox.notion.createPage({ parentPageId: demo.homePageId, title: "Digest", blocks: [intro] });
    const digest = (week: number) => `## Week ${week}\n\n- ${week === 49 ? "Beta invites sent" : "Beta feedback triaged"}`;
    const page = () => outline(sandbox.notion.blockTree(pageId) as never);
    sandbox.gemini.scriptAnswer(digest(49));
    await createPageConnection(ui, "Weekly digest", notionWebUrl("Digest", pageId), "Write this week's digest.");
    await setPagePlacement(ui, "replace", false);
    await generateAndWait(ui, /^Done/);
    expect(page()).toEqual([`paragraph:${intro}`, "heading_2:Week 49", "bulleted_list_item:Beta invites sent"]);

    sandbox.gemini.scriptAnswer(digest(50));
    // The status still reads "Done" from the first run: wait for the page instead (the previous output goes last).
    await ui.click("#generate");
    await expect.poll(page, { timeout: 30_000 }).toEqual([`paragraph:${intro}`, "heading_2:Week 50", "bulleted_list_item:Beta feedback triaged"]);
    await ui.waitForText("#run-status", /^Done/);

    await undoLastRun(ui, "Weekly digest");
    expect(page()).toEqual([`paragraph:${intro}`, "heading_2:Week 49", "bulleted_list_item:Beta invites sent"]);
  });

  it("a dry run previews the first 3 rows without touching Notion, and Write these writes exactly the preview, with no second generation", async () => {
    const { sandbox, demo } = t();
    const db = seedCustomerFeedback(sandbox, demo.homePageId, { title: "Dry run", tickAll: true });
    // Every generation is numbered: a second one would write different text than the preview showed.
    answerTypedRows(sandbox, (values, take) => ({ ...values, Summary: `${values.Summary} (take ${take})` }));
    await createTypedConnection(ui, "Dry run", notionWebUrl("Dry run", db.databaseId));
    const logBefore = sandbox.notion.requestLog().length;

    await ui.click("#dry-run");
    await ui.waitForText("#run-status", /^Preview: 3 rows ready, 0 failed/, 60_000);
    expect(await ui.count("#dry-run-rows li[data-row-id]")).toBe(3);
    expect(await ui.text("#dry-run-estimate")).toMatch(/^The whole run \(4 ticked rows\)/);
    const previewed = await readPreview(ui, db.rowIds.slice(0, 3));
    expect(generations(sandbox)).toBe(3);
    // Notion was not touched: no writes, every row as it was.
    expect(notionWrites(sandbox.notion.requestLog().slice(logBefore))).toEqual([]);
    for (const rowId of db.rowIds) expect(typedValuesOf(sandbox, db.databaseId, rowId)).toMatchObject({ ...EMPTY_TYPED_VALUES, Autofill: true });

    await ui.click("#write-previewed");
    await ui.waitForText("#run-status", /^Done: 3 rows written, 0 failed/, 60_000);
    expect(generations(sandbox)).toBe(3);
    for (const [index, rowId] of db.rowIds.slice(0, 3).entries()) {
      const written = typedValuesOf(sandbox, db.databaseId, rowId);
      expect(renderForPreview(written as never), `row ${index + 1}`).toEqual(previewed[index]);
      expect(written.Summary).toMatch(/\(take [123]\)$/);
      expect(written).toMatchObject({ Autofill: false, "AI status": "Done" });
    }
    // The fourth ticked row was not part of the preview: untouched.
    expect(typedValuesOf(sandbox, db.databaseId, db.rowIds[3]!)).toEqual({ ...EMPTY_TYPED_VALUES, Autofill: true, "AI status": null });
  });

  it("an answer that breaks the schema is retried once; a second bad answer fails that row with its reason and writes none of it", async () => {
    const { sandbox, demo } = t();
    const db = seedCustomerFeedback(sandbox, demo.homePageId, { title: "Bad answers" });
    const [northwind, contoso] = TICKED_ROW_NAMES as [string, string, string];
    const requestsFor = new Map<string, number>();
    const retryPrompts: string[] = [];
    // Northwind: an unknown option first, then a good answer. Contoso: an unknown option, then a date that isn't one.
    sandbox.gemini.answerWhen(
      (request) => request.prompt.includes(`“${northwind}”`) || request.prompt.includes(`“${contoso}”`),
      (request) => {
        const name = request.prompt.includes(`“${northwind}”`) ? northwind : contoso;
        const take = (requestsFor.get(name) ?? 0) + 1;
        requestsFor.set(name, take);
        const good = FEEDBACK_ANSWERS[name]!;
        if (take === 1) return JSON.stringify({ ...good, Sentiment: "Furious" });
        retryPrompts.push(request.prompt);
        return JSON.stringify(name === northwind ? good : { ...good, Due: "next Tuesday" });
      },
    );
    answerTypedRows(sandbox);
    await createTypedConnection(ui, "Bad answers", notionWebUrl("Bad answers", db.databaseId));
    await generateAndWait(ui, /^Done: 2 rows written, 1 failed/);

    expect(Object.fromEntries(requestsFor)).toEqual({ [northwind]: 2, [contoso]: 2 });
    // The corrective retry told the model what was wrong.
    for (const prompt of retryPrompts) expect(prompt).toMatch(/Your previous answer could not be used:\n- .*Sentiment.*Furious.*not one of its options/);
    expect(typedValuesOf(sandbox, db.databaseId, db.rowIds[0]!)).toEqual({ ...FEEDBACK_ANSWERS[northwind], Autofill: false, "AI status": "Done" });
    // Nothing of the failed row is half-written; its reason names the property and the value.
    expect(typedValuesOf(sandbox, db.databaseId, db.rowIds[1]!)).toMatchObject({ ...EMPTY_TYPED_VALUES, "AI status": "Error" });
    const reason = await ui.waitForText(`#row-list li[data-row-id="${db.rowIds[1]}"]`, /Failed/);
    expect(reason).toMatch(/even after one corrective retry, so nothing of this row was written: .*Due.*next Tuesday.*not a valid date/);
    expect(typedValuesOf(sandbox, db.databaseId, db.rowIds[2]!)).toEqual({ ...FEEDBACK_ANSWERS[TICKED_ROW_NAMES[2]!], Autofill: false, "AI status": "Done" });
  });
});

/** Connections tab → the connection's Details → Undo last run (confirmed). */
async function undoLastRun(ui: Ui, name: string): Promise<void> {
  await openTab(ui, "connections");
  const page = ui.page as Page;
  await page.locator("#connection-list li[data-connection-id]").filter({ hasText: name }).getByRole("button", { name: "Details" }).click();
  await page.locator("#connection-details").getByRole("button", { name: "Undo last run" }).click();
  await ui.waitForText("#confirm-message", /removes/);
  await ui.click("#confirm-ok");
  await ui.waitForText("#details-status", /^Undone/, 30_000);
  await page.locator("#connection-details").getByRole("button", { name: "Back to the list" }).click();
}

/** A value as the preview renders it: text as is, options joined by ", ", numbers and dates as written. */
function renderForPreview(values: TypedValues): Record<string, string> {
  return Object.fromEntries(TYPED_PROPERTIES.map((property) => [property, Array.isArray(values[property]) ? (values[property] as string[]).join(", ") : String(values[property])]));
}

/** Each previewed row's property values as shown: option chips joined by ", ", anything else as its text. */
async function readPreview(ui: Ui, rowIds: string[]): Promise<Record<string, string>[]> {
  return ui.evaluate(
    ([ids, properties]) =>
      ids.map((id) => {
        const row = document.querySelector(`#dry-run-rows li[data-row-id="${id}"]`);
        const shown = (property: string) => {
          const value = row?.querySelector(`[data-value-of="${property}"]`);
          const chips = [...(value?.querySelectorAll(".option-chip") ?? [])];
          return chips.length > 0 ? chips.map((chip) => chip.textContent ?? "").join(", ") : (value?.textContent ?? "");
        };
        return Object.fromEntries(properties.map((property) => [property, shown(property)]));
      }),
    [rowIds, [...TYPED_PROPERTIES]] as [string[], string[]],
  );
}

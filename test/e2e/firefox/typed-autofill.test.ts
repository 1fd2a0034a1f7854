/**
 * Typed autofill in Firefox ESR with the unchanged dist/firefox: one run
 * fills Summary, Tags, Sentiment, Score and Due of every ticked Customer
 * feedback row from {{Name}} and {{Page content}}, through the same flows as
 * the Chromium test; every value is checked in the emulated Notion.
 */
import { expect, it } from "vitest";
import { GEMINI_DEMO_KEY, notionWebUrl, seedCustomerFeedback } from "../../sandbox/demo-workspace";
import { generateAndWait, saveSettings } from "../flows";
import { answerTypedRows, createTypedConnection, expectTypedRowsFilled, notesOf, TICKED_ROW_NAMES } from "../typed-flows";
import { describeInFirefox, useFirefoxTest } from "./fixtures";

describeInFirefox("Firefox: typed autofill (production build, sandbox)", () => {
  const t = useFirefoxTest();

  it("fills every typed property of the ticked rows from one answer each", async () => {
    const { sandbox, demo, openPopup } = t();
    const db = seedCustomerFeedback(sandbox, demo.homePageId, { title: "Typed in Firefox" });
    const seen = answerTypedRows(sandbox);
    const popup = await openPopup();
    await saveSettings(popup, "gemini", GEMINI_DEMO_KEY);
    await createTypedConnection(popup, "Typed in Firefox", notionWebUrl("Typed in Firefox", db.databaseId));
    await generateAndWait(popup, /^Done: 3 rows written, 0 failed/);
    expectTypedRowsFilled(sandbox, db);
    expect(seen).toHaveLength(3);
    for (const name of TICKED_ROW_NAMES) expect(seen.find((request) => request.prompt.includes(`“${name}”`))?.prompt).toContain(notesOf(name)[0]);
    await popup.close();
  });
});

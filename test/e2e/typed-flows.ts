/**
 * Typed autofill, written once for both browsers like flows.ts: what the
 * emulated model answers for each Customer feedback row, the popup steps that
 * set up a typed run, and reading the typed values back out of the emulated
 * Notion.
 */
import { expect } from "vitest";
import { outline } from "../integration/helpers";
import type { AnswerRequest } from "../sandbox/ai/script";
import { FEEDBACK_ROWS } from "../sandbox/demo-workspace";
import type { Sandbox } from "../sandbox/server";
import { freshCreateForm, type Ui } from "./flows";

/** The typed properties a run fills, in the order the popup lists them. */
export const TYPED_PROPERTIES = ["Summary", "Tags", "Sentiment", "Score", "Due"] as const;
export type TypedProperty = (typeof TYPED_PROPERTIES)[number];
export interface TypedValues {
  Summary: string;
  Tags: string[];
  Sentiment: string;
  Score: number;
  Due: string;
}

export const TYPED_PROMPT = "Fill in the call “{{Name}}” from its notes.\n\nNotes:\n{{Page content}}";

/** What a careful model would answer for each ticked row, from its notes. */
export const FEEDBACK_ANSWERS: Readonly<Record<string, TypedValues>> = {
  "Call with Northwind Traders": {
    Summary: "Northwind saves two hours a week with the invoice export but worries about per-seat pricing before renewal.",
    Tags: ["Pricing"],
    Sentiment: "Positive",
    Score: 6,
    Due: "2027-01-15",
  },
  "Call with Contoso Health": {
    Summary: "Contoso struggled to set up SSO and finds daily reports slow; they may switch unless both are fixed.",
    Tags: ["Onboarding", "Performance"],
    Sentiment: "Negative",
    Score: 9,
    Due: "2026-12-14",
  },
  "Call with Fabrikam Studio": {
    Summary: "Fabrikam is happy and asks for a Slack integration; a roadmap update in spring is enough.",
    Tags: ["Integrations"],
    Sentiment: "Positive",
    Score: 3,
    Due: "2027-04-01",
  },
  "Call with Tailspin Toys": {
    Summary: "Tailspin's notes are not typed up yet.",
    Tags: ["Support"],
    Sentiment: "Neutral",
    Score: 1,
    Due: "2027-02-01",
  },
};

export const TICKED_ROW_NAMES = FEEDBACK_ROWS.filter(([, , ticked]) => ticked).map(([name]) => name);
export const notesOf = (name: string): readonly string[] => FEEDBACK_ROWS.find(([row]) => row === name)![1];

/** The row a request is about, from the call name the prompt quotes (every prompt here names its row). */
export function rowNameIn(request: Pick<AnswerRequest, "prompt">): string | undefined {
  return Object.keys(FEEDBACK_ANSWERS).find((name) => request.prompt.includes(`“${name}”`));
}

/** Gemini generation requests so far (each one is a generation the user pays for). */
export const generations = (sandbox: Sandbox): number => sandbox.gemini.requests.filter((entry) => /:(stream)?generateContent/i.test(entry.path)).length;

/**
 * Every request about a Customer feedback row gets that row's answer as JSON;
 * returns the requests as the model saw them. `decorate` can change an answer
 * per generation (e.g. number the takes, so a second generation would show).
 */
export function answerTypedRows(sandbox: Sandbox, decorate: (values: TypedValues, take: number) => unknown = (values) => values): AnswerRequest[] {
  const seen: AnswerRequest[] = [];
  sandbox.gemini.answerWhen(
    (request) => request.output !== undefined && rowNameIn(request) !== undefined,
    (request) => {
      seen.push(request);
      return JSON.stringify(decorate(FEEDBACK_ANSWERS[rowNameIn(request)!]!, seen.length));
    },
  );
  return seen;
}

/** Requests that change something in Notion (reads and queries left out), as "METHOD path". */
export function notionWrites(log: readonly { method: string; path: string }[]): string[] {
  return log.filter(({ method, path }) => method === "PATCH" || method === "DELETE" || (method === "POST" && !/\/query(\?|$)/.test(path))).map(({ method, path }) => `${method} ${path}`);
}

// ---- What Notion holds -------------------------------------------------------------------------------------------

type PropertyValue = {
  rich_text?: { plain_text: string }[];
  multi_select?: { name: string }[];
  select?: { name: string } | null;
  number?: number | null;
  date?: { start: string } | null;
  checkbox?: boolean;
};

/** The row's typed properties as plain values (empty ones as "", [], null). */
export function typedValuesOf(sandbox: Sandbox, databaseId: string, rowId: string): Record<TypedProperty | "Autofill" | "AI status", unknown> {
  const row = sandbox.notion.rows(databaseId).find((candidate) => candidate.id === rowId);
  if (!row) throw new Error(`no row ${rowId}`);
  const property = (name: string) => row.properties[name] as unknown as PropertyValue;
  return {
    Summary: (property("Summary").rich_text ?? []).map((item) => item.plain_text).join(""),
    Tags: (property("Tags").multi_select ?? []).map((option) => option.name),
    Sentiment: property("Sentiment").select?.name ?? null,
    Score: property("Score").number ?? null,
    Due: property("Due").date?.start ?? null,
    Autofill: property("Autofill").checkbox,
    "AI status": property("AI status").select?.name ?? null,
  };
}

export const EMPTY_TYPED_VALUES = { Summary: "", Tags: [], Sentiment: null, Score: null, Due: null } as const;

/**
 * After a typed run over a fresh Customer feedback copy: each ticked row holds
 * its own answer in every typed property, is unticked and Done, and keeps its
 * notes as they were; the unticked row is untouched.
 */
export function expectTypedRowsFilled(sandbox: Sandbox, db: { databaseId: string; rowIds: string[] }): void {
  for (const [index, rowId] of db.rowIds.entries()) {
    const name = TICKED_ROW_NAMES[index];
    const values = typedValuesOf(sandbox, db.databaseId, rowId);
    if (name !== undefined) {
      expect(values, name).toEqual({ ...FEEDBACK_ANSWERS[name], Autofill: false, "AI status": "Done" });
      // Typed outputs go to the properties only: the notes stay as they were.
      expect(outline(sandbox.notion.blockTree(rowId) as never)).toEqual(notesOf(name).map((text) => `paragraph:${text}`));
    } else {
      expect(values, "the unticked row").toEqual({ ...EMPTY_TYPED_VALUES, Autofill: false, "AI status": null });
    }
  }
}

// ---- The popup ---------------------------------------------------------------------------------------------------

/** A typed property's row in "Properties to fill". */
const typedProperty = (name: string) => `#typed-outputs .typed-property[data-property="${name}"]`;

/**
 * A database connection that fills typed properties from one answer, as a
 * user sets it up: the target, the "Autofill" checkbox, "AI status", Write the
 * answer to "Only the properties chosen below", each property ticked under
 * "Properties to fill" (Tags with its own instruction), optionally the
 * descriptions as instructions, and the prompt. Stops once the preview shows
 * what is sent for the first ticked row.
 */
export async function createTypedConnection(ui: Ui, name: string, url: string, options: { standingInstructions?: boolean } = {}): Promise<void> {
  await freshCreateForm(ui);
  await ui.fill("#create-name", name);
  await ui.select("#create-kind", "database");
  await ui.fill("#create-url", url);
  await ui.click("#target-next");
  await ui.waitFor("#ticked-count");
  await ui.select("#db-selection", "Autofill");
  await ui.select("#db-status", "AI status");
  await ui.select("#db-output", "typed");
  for (const property of TYPED_PROPERTIES) await ui.click(`${typedProperty(property)} input[type=checkbox]`);
  await ui.fill(`${typedProperty("Tags")} input:not([type=checkbox])`, "1–3 of the existing options");
  if (options.standingInstructions) await ui.click("#context-standing");
  await ui.fill("#create-prompt", TYPED_PROMPT);
  await ui.waitForText("#prompt-preview", /Call with Northwind Traders/);
}

export type Placement = "append" | "top" | "replace";

/** A page connection's context and placement: "Include the page's current content", and "Where in the page". */
export async function setPagePlacement(ui: Ui, placement: Placement, includeContent: boolean): Promise<void> {
  if (includeContent) await ui.click("#context-page-content");
  await ui.select("#create-placement", placement);
}

/**
 * The runtime validators of the message protocol: every payload the worker
 * accepts is checked against these valibot schemas before a handler sees it
 * (background/messaging/router.ts). Worker only: extension pages and the content
 * script import the types derived from them (./types) and never this file's values,
 * so valibot stays out of their bundles.
 *
 * Requests are grouped by sender (as Dark Reader does), so each receiver only
 * accepts what its senders may legitimately send:
 *  - pageRequestSchemas: extension pages (popup, options) → worker. Trusted origin.
 *  - contentRequestSchemas: the content script in a Notion tab → worker. Untrusted page
 *    context next door, so a deliberately small set that never returns secrets.
 */
import * as v from "valibot";
import { ENGINE_IDS, MAX_CONCURRENCY, WATCH_MAX_MINUTES, WATCH_MIN_MINUTES } from "../storage/schema";

const engineId = v.picklist(ENGINE_IDS);
const shortText = v.pipe(v.string(), v.maxLength(2_000));
const secret = v.pipe(v.string(), v.maxLength(500));

const money = v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000));

export const priceEstimateSchema = v.strictObject({
  model: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  inputPerMillion: money,
  outputPerMillion: money,
});

export const settingsPatchSchema = v.strictObject({
  engine: v.optional(engineId),
  models: v.optional(
    v.strictObject({
      gemini: v.optional(shortText),
      openai: v.optional(shortText),
      anthropic: v.optional(shortText),
      compatible: v.optional(shortText),
      builtin: v.optional(shortText),
    }),
  ),
  connectionsDatabaseUrl: v.optional(shortText),
  concurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CONCURRENCY))),
  /** The OpenAI-compatible server, e.g. http://localhost:11434/v1 ("" to remove). */
  compatibleBaseUrl: v.optional(shortText),
  usage: v.optional(
    v.strictObject({
      prices: v.optional(v.pipe(v.array(priceEstimateSchema), v.maxLength(200))),
      monthlyBudget: v.optional(v.nullable(money)),
    }),
  ),
  secrets: v.optional(
    v.strictObject({
      notionToken: v.optional(secret),
      geminiKey: v.optional(secret),
      openaiKey: v.optional(secret),
      anthropicKey: v.optional(secret),
      compatibleKey: v.optional(secret),
    }),
  ),
});

const empty = v.strictObject({});
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const idList = v.pipe(v.array(id), v.minLength(1), v.maxLength(1_000));
const targetKind = v.picklist(["page", "database"]);

export const generationOptionsSchema = v.strictObject({
  tone: v.picklist(["", "neutral", "friendly", "formal", "persuasive"]),
  length: v.picklist(["", "short", "medium", "long"]),
  systemInstruction: v.pipe(v.string(), v.maxLength(8_000)),
  temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
  maxOutputTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(1_000_000))),
});

const propertyName = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

// ---- Typed outputs, placement and context: connection fields (issue "Autofill, done better") ----
/** The most typed properties one connection fills. */
export const MAX_TYPED_PROPERTIES = 50;
/** Bounds of a connection's content cap (characters of page or row content sent). */
export const MIN_CONTENT_CAP_CHARS = 500;
export const MAX_CONTENT_CAP_CHARS = 400_000;

function typedPropertiesSchema() {
  return v.pipe(
    v.array(v.strictObject({ property: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), instruction: v.optional(v.pipe(v.string(), v.maxLength(2_000))) })),
    v.maxLength(MAX_TYPED_PROPERTIES),
  );
}

function placementSchema() {
  return v.picklist(["append", "top", "replace"]);
}

function contextSettingsSchema() {
  return v.strictObject({
    pageContent: v.optional(v.boolean()),
    standingInstructions: v.optional(v.boolean()),
    contentCapChars: v.optional(v.pipe(v.number(), v.integer(), v.minValue(MIN_CONTENT_CAP_CHARS), v.maxValue(MAX_CONTENT_CAP_CHARS))),
  });
}
// ---- end connection fields ----

export const databaseSettingsSchema = v.strictObject({
  dataSourceId: id,
  selectionProperty: propertyName,
  output: v.variant("type", [
    v.strictObject({ type: v.literal("body") }),
    v.strictObject({ type: v.literal("property"), property: propertyName, overwrite: v.picklist(["if_empty", "always"]) }),
    v.strictObject({ type: v.literal("typed") }),
  ]),
  statusProperty: v.optional(propertyName),
  typedProperties: v.optional(typedPropertiesSchema()),
  allowNewOptions: v.optional(v.boolean()),
});

/** A connection as the Create form submits it (no id yet when new). */
export const connectionDraftSchema = v.strictObject({
  id: v.optional(id),
  name: v.pipe(v.string(), v.maxLength(200)),
  kind: targetKind,
  url: v.pipe(v.string(), v.maxLength(4_096)),
  prompt: v.pipe(v.string(), v.maxLength(100_000)),
  options: generationOptionsSchema,
  database: v.optional(databaseSettingsSchema),
  /** Overrides Settings' engine for this connection (absent = use the default). */
  engine: v.optional(engineId),
  /** With `engine`: the model ("" = that engine's model from Settings). */
  model: v.optional(shortText),
  /** Page connections and database body output: where the output goes (absent = "append"). */
  placement: v.optional(placementSchema()),
  /** Context read from Notion for each generation (absent = none). */
  context: v.optional(contextSettingsSchema()),
  /**
   * The `updatedAt` of the stored connection the form was loaded from. If the
   * stored one has changed since (another popup or the options page saved it),
   * the save is refused with code "edit_conflict" instead of silently overwriting.
   */
  baseUpdatedAt: v.optional(v.number()),
});

// --- Automations: watched databases and scheduled page runs ---
const wholeNumber = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const automationSchema = v.variant("type", [
  v.strictObject({
    type: v.literal("watch"),
    enabled: v.boolean(),
    intervalMinutes: wholeNumber(WATCH_MIN_MINUTES, WATCH_MAX_MINUTES),
    match: v.picklist(["ticked", "output_empty"]),
    notify: v.boolean(),
  }),
  v.strictObject({
    type: v.literal("schedule"),
    enabled: v.boolean(),
    days: v.pipe(v.array(wholeNumber(0, 6)), v.minLength(1), v.maxLength(7)),
    minuteOfDay: wholeNumber(0, 24 * 60 - 1),
    notify: v.boolean(),
  }),
]);

const automationRequestSchemas = {
  /** Turns a connection's watch (database) or schedule (page) on, changes it, or removes it (null). */
  "automation.set": v.strictObject({ connectionId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), automation: v.nullable(automationSchema) }),
  /** Resume after a pause: the user fixed the cause. */
  "automation.resume": v.strictObject({ connectionId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
} as const;

// --- end automations ---

// ==== Preview, dry run and "Write these" (pages → worker) ====
/**
 * - "send.preview" { draft }: exactly what would be sent for the draft being
 *   edited (saved or not): for a database, for the first ticked row; for a
 *   page, for the page. Reads Notion (the row or page content, descriptions),
 *   never writes, never calls the AI. Reply: SendPreview (below). Fails like
 *   "connection.save" does for a draft that can't be used (unknown placeholder,
 *   a typed property that no longer exists…), with the reason.
 * - "run.dryRun" { connectionId, rowLimit? (1–3, default 3) }: a dry run of a
 *   saved database connection on its first ticked rows: generates and
 *   validates like a run, writes nothing to Notion. Reply: the Run (mode
 *   "dry"), followed like any run through storage (run:<id>): each row ends
 *   "previewed" with `row.preview` (RowPreview: body excerpt, each property's
 *   displayed value, new options), or "failed"/"skipped" with its reason; the
 *   finished run has `estimate` (RunEstimate: the whole run's rows, tokens and
 *   cost from the price table, cost null when the model has no price).
 * - "run.writePreview" { runId }: "Write these": writes exactly what the dry
 *   run `runId` previewed, with no generation, as a new run (its own record,
 *   progress and Undo; `previewOf` = runId). Refused if the dry run isn't
 *   finished, was already written, or its previews are gone. A row no longer
 *   ticked is skipped. Reply: the new Run.
 */
const previewRequestSchemas = {
  "send.preview": v.strictObject({ draft: connectionDraftSchema }),
  "run.dryRun": v.strictObject({ connectionId: id, rowLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3))) }),
  "run.writePreview": v.strictObject({ runId: id }),
} as const;

// ==== end preview, dry run and "Write these" ====

export const pageRequestSchemas = {
  ...automationRequestSchemas,
  ping: empty,
  "settings.get": empty,
  "settings.save": v.strictObject({ patch: settingsPatchSchema }),
  "settings.clear": empty,
  /** Checks a Notion secret live (the given one, or the stored one when omitted). */
  "notion.check": v.strictObject({ secret: v.optional(secret) }),
  /** Lists the engine's models with the given key (or the stored one): the Settings "Test" for AI keys. */
  "ai.models": v.strictObject({
    engine: engineId,
    apiKey: v.optional(secret),
    /** The OpenAI-compatible server's address as typed, not yet saved (default: the stored one). */
    baseUrl: v.optional(shortText),
  }),
  /** Checks that a URL points at a page or database the Notion token can see. */
  "target.resolve": v.strictObject({ url: v.pipe(v.string(), v.maxLength(4_096)), kind: targetKind }),
  "connection.save": v.strictObject({ draft: connectionDraftSchema }),
  "connection.list": empty,
  "connection.get": v.strictObject({ id }),
  /** Reads a database for setup: its data sources, the chosen one's schema, and a preview of its rows. */
  "database.inspect": v.strictObject({ url: v.pipe(v.string(), v.maxLength(4_096)), dataSourceId: v.optional(id), selectionProperty: v.optional(propertyName) }),
  /** Adds a property to a data source, after the user agreed in the UI. */
  "database.addProperty": v.strictObject({ dataSourceId: id, name: propertyName, type: v.picklist(["checkbox", "rich_text"]) }),
  /** Fills the template from the first ticked row, or lists the available property names when a placeholder is unknown. */
  /** Starts a run of a saved connection; progress is published in storage under run:<id>. `rowLimit` runs only the first N ticked rows. */
  "run.start": v.strictObject({ connectionId: id, rowLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))) }),
  /** Runs the failed rows of a finished database run again (as a new run). */
  "run.retryFailed": v.strictObject({ runId: id }),
  "run.cancel": v.strictObject({ runId: id }),
  /** Removes exactly what a run wrote: its blocks, or the property values it replaced. */
  "run.undo": v.strictObject({ runId: id }),

  /** Moves connections to Inkwell's trash (restorable with connection.restore) and trashes their Notion mirror rows. */
  "connection.delete": v.strictObject({ ids: idList }),
  /** "Undo" after a delete. */
  "connection.restore": v.strictObject({ ids: idList }),
  "connection.duplicate": v.strictObject({ id }),
  /** All connections as a JSON export (never any secret). */
  "connection.export": empty,
  /** Imports an export file's text; validated by the worker, reported as added/updated/skipped. */
  "connection.import": v.strictObject({ json: v.pipe(v.string(), v.maxLength(20_000_000)) }),

  /** The connections database in Notion: is it set up, and how many changes wait to sync. */
  "mirror.status": empty,
  /** "Create it for me": creates the connections database under a page the Notion token can see. */
  "mirror.create": v.strictObject({ parentUrl: v.pipe(v.string(), v.maxLength(4_096)) }),
  /** Uses an existing database: validates it and lists missing columns; adds them only when `addMissing` (the user agreed). */
  "mirror.connect": v.strictObject({ url: v.pipe(v.string(), v.maxLength(4_096)), addMissing: v.boolean() }),
  /** Writes every waiting change now. */
  "mirror.retry": empty,
  /** Restores connections from the Notion connections database (new browser, or after Clear). */
  "mirror.import": empty,

  /** Prompts and tokens per connection, run and month, with cost estimates from the user's price table. */
  "usage.summary": empty,
  /** Text for "Copy diagnostics": versions, settings without secrets, the last errors (scrubbed). */
  "diagnostics.get": empty,

  ...previewRequestSchemas,

  // ---- Exactly-once writes: the answer kept beyond the preview ----
  /** A page run's whole answer received so far (Markdown), for "Copy answer"; null when none is kept. */
  "run.answer": v.strictObject({ runId: id }),
  // ---- end exactly-once writes ----

  // ==== New features' requests: each in its own delimited block below (its responses go in types.ts' PageResponses). ====
} as const;

const notionUrl = v.pipe(v.string(), v.maxLength(4_096), v.url());

export const contentRequestSchemas = {
  /** The content script reports the Notion URL it shows; the worker says what Inkwell can do there. */
  "content.status": v.strictObject({ url: notionUrl }),
  /** "Connect this page": creates a connection for the page or database on screen (kind found through the API). */
  "content.connect": v.strictObject({ url: notionUrl, name: v.pipe(v.string(), v.maxLength(200)), prompt: v.pipe(v.string(), v.maxLength(100_000)) }),
  /** Generates with the connection of the page on screen; the (possibly edited) prompt is saved first. */
  "content.generate": v.strictObject({
    url: notionUrl,
    connectionId: id,
    prompt: v.pipe(v.string(), v.maxLength(100_000)),
    /** The connection's `updatedAt` the panel showed: an edited prompt is refused if the connection changed since. */
    baseUpdatedAt: v.optional(v.number()),
  }),
  "content.cancel": v.strictObject({ runId: id }),
  /** Removes exactly what a run wrote (only runs of the connection on screen). */
  "content.undo": v.strictObject({ url: notionUrl, runId: id }),
  /** Opens Inkwell's options page at Settings or at a connection. */
  "content.open": v.strictObject({ what: v.picklist(["settings", "connection"]), connectionId: v.optional(id) }),
  // --- The in-Notion surface resists the page: a new copy of the content script takes over through the worker.
  "content.takeover": v.strictObject({ copy: v.pipe(v.string(), v.uuid()) }),
} as const;

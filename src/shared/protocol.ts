/**
 * The one message protocol between Inkwell's contexts. Message types are
 * grouped by direction (as Dark Reader does), so each receiver only accepts
 * what its senders may legitimately send:
 *
 *  - PageRequests: extension pages (popup, options) → worker. Trusted origin.
 *  - ContentRequests: content script in a Notion tab → worker. Untrusted page
 *    context next door, so a deliberately small set that never returns secrets.
 *
 * Every payload is validated at runtime by the worker with these valibot schemas;
 * TypeScript types are derived from the same schemas so the two can't drift.
 * Content scripts import this file with `import type` only, so the validator never
 * lands in the content bundle.
 */
import * as v from "valibot";
import type { SerializedError } from "../core/errors";
import type { ModelInfo } from "../ai/engine";
import type { Connection, EngineId, Run, StoredSecrets, StoredSettings, TargetKind } from "./storage/schema";

const engineId = v.picklist(["gemini", "openai"]);
const shortText = v.pipe(v.string(), v.maxLength(2_000));
const secret = v.pipe(v.string(), v.maxLength(500));

export const settingsPatchSchema = v.strictObject({
  engine: v.optional(engineId),
  models: v.optional(v.strictObject({ gemini: v.optional(shortText), openai: v.optional(shortText) })),
  connectionsDatabaseUrl: v.optional(shortText),
  concurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10))),
  secrets: v.optional(v.strictObject({ notionToken: v.optional(secret), geminiKey: v.optional(secret), openaiKey: v.optional(secret) })),
});
export type SettingsPatch = v.InferOutput<typeof settingsPatchSchema>;

const empty = v.strictObject({});
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const targetKind = v.picklist(["page", "database"]);

export const generationOptionsSchema = v.strictObject({
  tone: v.picklist(["", "neutral", "friendly", "formal", "persuasive"]),
  length: v.picklist(["", "short", "medium", "long"]),
  systemInstruction: v.pipe(v.string(), v.maxLength(8_000)),
  temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
  maxOutputTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(1_000_000))),
});

const propertyName = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

export const databaseSettingsSchema = v.strictObject({
  dataSourceId: id,
  selectionProperty: propertyName,
  output: v.variant("type", [
    v.strictObject({ type: v.literal("body") }),
    v.strictObject({ type: v.literal("property"), property: propertyName, overwrite: v.picklist(["if_empty", "always"]) }),
  ]),
  statusProperty: v.optional(propertyName),
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
});
export type ConnectionDraft = v.InferOutput<typeof connectionDraftSchema>;

export const pageRequestSchemas = {
  ping: empty,
  "settings.get": empty,
  "settings.save": v.strictObject({ patch: settingsPatchSchema }),
  "settings.clear": empty,
  /** Checks a Notion secret live (the given one, or the stored one when omitted). */
  "notion.check": v.strictObject({ secret: v.optional(secret) }),
  /** Lists the engine's models with the given key (or the stored one): the Settings "Test" for AI keys. */
  "ai.models": v.strictObject({ engine: engineId, apiKey: v.optional(secret) }),
  /** Checks that a URL points at a page or database the integration can see. */
  "target.resolve": v.strictObject({ url: v.pipe(v.string(), v.maxLength(4_096)), kind: targetKind }),
  "connection.save": v.strictObject({ draft: connectionDraftSchema }),
  "connection.list": empty,
  "connection.get": v.strictObject({ id }),
  /** Reads a database for setup: its data sources, the chosen one's schema, and a preview of its rows. */
  "database.inspect": v.strictObject({ url: v.pipe(v.string(), v.maxLength(4_096)), dataSourceId: v.optional(id), selectionProperty: v.optional(propertyName) }),
  /** Adds a property to a data source, after the user agreed in the UI. */
  "database.addProperty": v.strictObject({ dataSourceId: id, name: propertyName, type: v.picklist(["checkbox", "rich_text"]) }),
  /** Fills the template from the first ticked row, or lists the available property names when a placeholder is unknown. */
  "database.previewPrompt": v.strictObject({ dataSourceId: id, selectionProperty: propertyName, template: v.pipe(v.string(), v.maxLength(100_000)) }),
  /** Starts a run of a saved connection; progress is published in storage under run:<id>. `rowLimit` runs only the first N ticked rows. */
  "run.start": v.strictObject({ connectionId: id, rowLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))) }),
  /** Runs the failed rows of a finished database run again (as a new run). */
  "run.retryFailed": v.strictObject({ runId: id }),
  "run.cancel": v.strictObject({ runId: id }),
  /** Removes exactly what a run wrote: its blocks, or the property values it replaced. */
  "run.undo": v.strictObject({ runId: id }),
} as const;

const notionUrl = v.pipe(v.string(), v.maxLength(4_096), v.url());

export const contentRequestSchemas = {
  /** The content script reports the Notion URL it shows; the worker says what Inkwell can do there. */
  "content.status": v.strictObject({ url: notionUrl }),
  /** "Connect this page": creates a connection for the page or database on screen (kind found through the API). */
  "content.connect": v.strictObject({ url: notionUrl, name: v.pipe(v.string(), v.maxLength(200)), prompt: v.pipe(v.string(), v.maxLength(100_000)) }),
  /** Generates with the connection of the page on screen; the (possibly edited) prompt is saved first. */
  "content.generate": v.strictObject({ url: notionUrl, connectionId: id, prompt: v.pipe(v.string(), v.maxLength(100_000)) }),
  "content.cancel": v.strictObject({ runId: id }),
  /** Removes exactly what a run wrote (only runs of the connection on screen). */
  "content.undo": v.strictObject({ url: notionUrl, runId: id }),
  /** Opens Inkwell's options page at Settings or at a connection. */
  "content.open": v.strictObject({ what: v.picklist(["settings", "connection"]), connectionId: v.optional(id) }),
} as const;

/** Port name for run progress pushed to a Notion tab (the content script can't read storage). */
export const RUN_PROGRESS_PORT = "inkwell-run-progress";
/** Message the worker sends to a Notion tab's content script (keyboard command, context menu). */
export const OPEN_PANEL_MESSAGE = "inkwell.openPanel";

export type PageRequestType = keyof typeof pageRequestSchemas;
export type ContentRequestType = keyof typeof contentRequestSchemas;
export type PageRequestPayload<K extends PageRequestType> = v.InferOutput<(typeof pageRequestSchemas)[K]>;
export type ContentRequestPayload<K extends ContentRequestType> = v.InferOutput<(typeof contentRequestSchemas)[K]>;

export interface SettingsView {
  settings: StoredSettings;
  secrets: StoredSecrets;
}

export interface NotionIdentity {
  botName: string;
  workspaceName: string;
}

export interface ResolvedTarget {
  kind: TargetKind;
  id: string;
  title: string;
  /** A canonical link to open it in Notion. */
  url: string;
}

export interface PropertySummary {
  name: string;
  type: string;
}

export interface DatabaseInspection {
  databaseId: string;
  title: string;
  url: string;
  dataSources: { id: string; name: string }[];
  /** The data source the rest describes (the requested one, or the first). */
  dataSourceId: string;
  properties: PropertySummary[];
  /** The selection checkbox used for the preview: the requested one, else "Generate", else the first checkbox; null if none. */
  selectionProperty: string | null;
  /** A status or select property that looks meant for progress ("AI status", "Status"…), if any. */
  suggestedStatusProperty: string | null;
  preview: { rows: { id: string; title: string; checked: boolean }[]; tickedCount: number; tickedCountIsLowerBound: boolean };
}

export interface PageResponses {
  ping: { version: string; engine: EngineId };
  "settings.get": SettingsView;
  "settings.save": SettingsView;
  "settings.clear": SettingsView;
  "notion.check": NotionIdentity;
  "ai.models": { models: ModelInfo[] };
  "target.resolve": ResolvedTarget;
  "connection.save": Connection;
  "connection.list": Connection[];
  "connection.get": { connection: Connection; runs: Run[] };
  "database.inspect": DatabaseInspection;
  "database.addProperty": DatabaseInspection;
  "database.previewPrompt": { rowTitle: string; prompt: string } | { rowTitle: null; prompt: null };
  "run.start": Run;
  "run.retryFailed": Run;
  "run.cancel": { cancelled: boolean };
  "run.undo": UndoResult;
}

export interface UndoResult {
  /** Blocks deleted plus property values restored. */
  removed: number;
}

/** What the in-Notion panel may know about a connection: no secrets, no settings beyond the prompt. */
export interface ContentConnection {
  id: string;
  name: string;
  kind: TargetKind;
  prompt: string;
  /** Database connections: rows currently ticked (null when unknown). */
  tickedCount: number | null;
  /** The selection checkbox's name, for "tick the … checkbox" advice. */
  selectionProperty: string | null;
}

/** A run's progress as the in-Notion toast shows it. */
export interface RunSummary {
  runId: string;
  status: Run["status"];
  kind: TargetKind;
  blocksWritten: number;
  outputTokens: number;
  rowsTotal: number;
  rowsDone: number;
  rowsFailed: number;
  /** Set while Notion rate-limits us. */
  waitingUntil: number | null;
  error: string | null;
  canUndo: boolean;
}

export interface ContentResponses {
  "content.status": {
    /** The page or database id the URL points at, when it points at one. */
    targetId: string | null;
    /** False until a Notion secret and an AI key are saved. */
    configured: boolean;
    connection: ContentConnection | null;
    /** The newest run of that connection, so a reopened tab can show it. */
    lastRun: RunSummary | null;
  };
  "content.connect": ContentConnection;
  "content.generate": RunSummary;
  "content.cancel": { cancelled: boolean };
  "content.undo": UndoResult;
  "content.open": { opened: boolean };
}

/** Wire envelope for every request. */
export interface RequestEnvelope<T extends string = string> {
  type: T;
  payload: unknown;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

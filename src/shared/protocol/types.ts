/**
 * The message protocol's types: what each request carries and what the worker
 * answers. Payload types are derived from the worker's valibot schemas (./schemas)
 * with type-only imports, so the two can't drift and no validator reaches a page's
 * or the content script's bundle. Plain-value names live in ./names.
 */
import type { InferOutput } from "valibot";
import type { SerializedError } from "../errors";
import type { AutomationState, Connection, EngineId, NotionIdentity, RateLimitScope, Run, StoredSecrets, StoredSettings, TargetKind } from "../storage/schema";
import type { connectionDraftSchema, contentRequestSchemas, pageRequestSchemas, settingsPatchSchema } from "./schemas";


/** Requests an extension page (popup, options) may send. */
export type PageRequestType = keyof typeof pageRequestSchemas;
/** Requests the content script in a Notion tab may send. */
export type ContentRequestType = keyof typeof contentRequestSchemas;
export type PageRequestPayload<K extends PageRequestType> = InferOutput<(typeof pageRequestSchemas)[K]>;
export type ContentRequestPayload<K extends ContentRequestType> = InferOutput<(typeof contentRequestSchemas)[K]>;
export type SettingsPatch = InferOutput<typeof settingsPatchSchema>;
export type ConnectionDraft = InferOutput<typeof connectionDraftSchema>;

interface AutomationResponses {
  "automation.set": Connection;
  "automation.resume": AutomationState;
}

// --- Secrets stay in the worker: what a page may learn of each key.
/** A saved key as a page sees it: whether it is set and, for a long key, its last four characters. */
export interface SecretHint {
  set: boolean;
  ending: string;
}
export type SecretsView = Record<keyof StoredSecrets, SecretHint>;
/** Whether keys are kept where no content script can read them. */
export type SecretProtection = { ok: true } | { ok: false; problem: string };

export interface SettingsView {
  settings: StoredSettings;
  secrets: SecretsView;
  protection: SecretProtection;
}
// --- end of the secrets block.

export type { NotionIdentity };

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
  /** select, multi_select and status: the existing option names, in Notion's order (for typed outputs' setup). */
  options?: string[];
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

/** An AI model as Settings lists it. */
export interface ModelInfo {
  id: string;
  label: string;
}

// ==== Preview, dry run and "Write these": replies (the requests are documented in ./schemas) ====
/** Content read from Notion and sent with the prompt, as the preview reports it. */
export interface IncludedContent {
  /** "row": a row's body ({{Page content}}); "page": the page's current content (page connections). */
  source: "row" | "page";
  /** The Markdown sent (already cut). */
  text: string;
  /** Characters sent, and their estimated tokens. */
  chars: number;
  estimatedTokens: number;
  /** True when the content was cut to `capChars`. */
  truncated: boolean;
  capChars: number;
}

/** Exactly what one generation sends: the preview and the run build it with the same function (src/core/context/assemble.ts). */
export interface SendPreview {
  /** Database: the row the preview was built for (the first ticked one); null for a page, or when no row is ticked. */
  rowTitle: string | null;
  /** Database: why nothing can be shown (no ticked row), or why that row would be skipped; null otherwise. */
  notice: string | null;
  systemInstruction: string;
  prompt: string;
  /** Content read from Notion, also inside `prompt`; null when none is sent. */
  included: IncludedContent | null;
  /** Typed outputs: the JSON schema the answer must follow (sent to the engine); null for Markdown output. */
  outputSchema: Record<string, unknown> | null;
  /** System instruction + prompt, estimated (see estimateTokens in core/markdown/content-cap). */
  estimatedInputTokens: number;
}

export interface PreviewResponses {
  "send.preview": SendPreview;
  "run.dryRun": Run;
  "run.writePreview": Run;
}
// ==== end preview, dry run and "Write these" ====

export interface PageResponses extends AutomationResponses, PreviewResponses {
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
  "run.start": Run;
  "run.retryFailed": Run;
  "run.cancel": { cancelled: boolean };
  "run.undo": UndoResult;
  "connection.delete": { deleted: number };
  "connection.restore": { restored: number };
  "connection.duplicate": Connection;
  "connection.export": ConnectionsExport;
  "connection.import": ImportReport;
  "mirror.status": MirrorStatus;
  "mirror.create": MirrorSetup;
  "mirror.connect": MirrorSetup;
  "mirror.retry": MirrorStatus;
  "mirror.import": ImportReport;
  "usage.summary": UsageSummary;
  "diagnostics.get": { text: string };
  "run.answer": { text: string | null };

  // ==== New features' responses: each in its own delimited block below (their schemas go in schemas.ts). ====
}

/** The export file. Versioned so later builds can still import it. Never holds secrets. */
export interface ConnectionsExport {
  format: "inkwell-connections";
  version: 1;
  exportedAt: string;
  connections: ExportedConnection[];
}

/** A connection as exported: no run history (it refers to this browser's records). */
export type ExportedConnection = Omit<Connection, "runIds" | "deletedAt">;

export interface ImportReport {
  added: string[];
  updated: string[];
  skipped: { name: string; reason: string }[];
}

export interface MirrorStatus {
  /** The connections database, once set up (its URL), else null. */
  databaseUrl: string | null;
  /** Changes not yet written to Notion. */
  pending: number;
  /** Why the last attempt failed (scrubbed), while changes are waiting. */
  lastError: string | null;
}

export interface MirrorSetup {
  databaseUrl: string;
  /** Columns the database lacks (empty once everything is in place). */
  missingColumns: string[];
  /** True once rows are being mirrored there. */
  active: boolean;
}

export interface UsageTotals {
  prompts: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated US dollars; null when a model has no price estimate. */
  estimatedCost: number | null;
}

export interface UsageSummary {
  /** "2026-11": the calendar month (browser's time zone) budgets count in. */
  month: string;
  thisMonth: UsageTotals;
  allTime: UsageTotals;
  months: ({ month: string } & UsageTotals)[];
  byConnection: ({ connectionId: string; name: string; deleted: boolean } & UsageTotals)[];
  runs: ({ runId: string; connectionId: string; connectionName: string; startedAt: number; engine: EngineId; model: string; status: Run["status"]; automatic?: boolean } & UsageTotals)[];
  /** Models used without a price estimate, so the UI can ask for one. */
  unpricedModels: string[];
  budget: { monthly: number | null; spent: number; reached: boolean };
  /** The rule that bounds stored runs, shown in the Usage tab: older runs are removed, their usage stays in every total. */
  retention?: { runsKeptPerConnection: number; prunedRuns: number };
}

export interface UndoResult {
  /** Blocks deleted plus property values restored. */
  removed: number;
  /** Typed outputs: values the user changed since the run, which Undo left as they are ("“Score” of “Row”"). */
  kept?: string[];
}

/** What the in-Notion panel may know about a connection: no secrets, no settings beyond the prompt. */
export interface ContentConnection {
  id: string;
  name: string;
  kind: TargetKind;
  prompt: string;
  /** When the connection was last edited: sent back with an edited prompt, so a newer edit elsewhere isn't overwritten. */
  updatedAt: number;
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
  /** Rows filled; for a dry run, rows previewed (it writes nothing). */
  rowsDone: number;
  rowsFailed: number;
  /** A dry run: its rows are previewed, nothing is written. */
  dry?: true;
  /** Set while Notion rate-limits us. */
  waitingUntil: number | null;
  /** Which limit Notion named for that wait. */
  waitingScope?: RateLimitScope;
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
  "content.takeover": { told: boolean };
}

/** Wire envelope for every request. */
export interface RequestEnvelope<T extends string = string> {
  type: T;
  payload: unknown;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

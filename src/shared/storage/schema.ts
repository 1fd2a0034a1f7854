/**
 * The typed shape of everything Inkwell keeps in storage.local. Each top-level
 * key is written on its own, so writers never rewrite unrelated data (and
 * later, each connection gets its own key so that concurrent edits don't clash).
 *
 * Bump STORAGE_SCHEMA_VERSION and add a migration in migrations.ts whenever a
 * stored shape changes.
 */

import type { Automation, RowSelection } from "./automations";
import type { EngineId, StoredSecrets, StoredSettings } from "./settings";
import type { LoggedError, MirrorState } from "./worker-state";

// The schema's other parts, each in its own file; importers keep using this one.
export * from "./automations";
export * from "./run-keys";
export * from "./settings";
export * from "./usage-archive";
export * from "./worker-state";

export const STORAGE_SCHEMA_VERSION = 4;

/** Which Notion limit asked for a wait: this connection's, the workspace's, an overload (529), or unnamed. */
export type RateLimitScope = "connection" | "workspace" | "overload" | "unknown";

export interface StorageMeta {
  schemaVersion: number;
}

export interface StorageItems {
  meta: StorageMeta;
  settings: StoredSettings;
  secrets: StoredSecrets;
  mirror: MirrorState;
  errorLog: LoggedError[];
}

export type StorageKey = keyof StorageItems;

/** Per-item keys: one key per connection and per run, so concurrent writers never overwrite each other's items. */
export const CONNECTION_KEY_PREFIX = "connection:";
export const RUN_KEY_PREFIX = "run:";
export const connectionKey = (id: string) => `${CONNECTION_KEY_PREFIX}${id}`;
export const runKey = (id: string) => `${RUN_KEY_PREFIX}${id}`;

export type TargetKind = "page" | "database";

/** Optional generation settings of a connection. */
export interface GenerationOptions {
  tone: "" | "neutral" | "friendly" | "formal" | "persuasive";
  length: "" | "short" | "medium" | "long";
  systemInstruction: string;
  /** 0–2; undefined = the provider's default. */
  temperature?: number;
  /** Output token cap; undefined = the provider's default. */
  maxOutputTokens?: number;
}

/** Where a database connection writes each row's answer. */
export type DatabaseOutput =
  | { type: "body" }
  | { type: "property"; property: string; overwrite: "if_empty" | "always" }
  /** Only the typed properties (DatabaseSettings.typedProperties), filled from one JSON answer; the body is left alone. */
  | { type: "typed" };

/**
 * Where Markdown output goes in a page, or in a row's body. Absent = "append".
 * "replace" removes what this connection wrote there last time, but only after
 * the new output is completely written; Undo brings the previous output back.
 */
export type OutputPlacement = "append" | "top" | "replace";

/** One database property a generation fills from its JSON answer (its type is read from the data source at run time). */
export interface TypedPropertySetting {
  property: string;
  /** The user's instruction for this property, e.g. "1–3 of the existing options". */
  instruction?: string;
}

/** What a generation reads from Notion besides the prompt. All opt-in; absent = off. */
export interface ContextSettings {
  /** Page connections: send the page's current content with the prompt ("summarise this page"). */
  pageContent?: boolean;
  /** Database connections: send the database's description and the used properties' descriptions as instructions. */
  standingInstructions?: boolean;
  /** Most characters of page or row content sent ({{Page content}}, pageContent); absent = the default cap. */
  contentCapChars?: number;
}

/** How a database connection picks rows and where it writes. */
export interface DatabaseSettings {
  dataSourceId: string;
  /** The checkbox property that selects rows (ticked = generate). */
  selectionProperty: string;
  output: DatabaseOutput;
  /** A select or status property set to "Done" or "Error" after each row, if the database has one. */
  statusProperty?: string;
  /**
   * Properties filled from the same generation as one JSON answer (with body
   * output, the answer also carries the body's Markdown). Absent or empty:
   * plain Markdown, as before.
   */
  typedProperties?: TypedPropertySetting[];
  /** Consent to create select / multi_select options that don't exist yet (status never can). Absent = false. */
  allowNewOptions?: boolean;
}

/** A saved link between a Notion target and a prompt. */
export interface Connection {
  id: string;
  name: string;
  kind: TargetKind;
  /** The URL as the user gave it (opened from the connection's details). */
  url: string;
  /** Resolved Notion id (dashed) of the page or database. */
  targetId: string;
  /** The target's title when it was last resolved. */
  targetTitle: string;
  /** For a database: a template with {{Property Name}} placeholders filled from each row. */
  prompt: string;
  options: GenerationOptions;
  /** Only for kind "database". */
  database?: DatabaseSettings;
  /** Page connections and database body output; absent = "append". */
  placement?: OutputPlacement;
  /** Context read from Notion for each generation; absent = none beyond the prompt (and a row's properties). */
  context?: ContextSettings;
  /** Overrides the default engine (and model) from Settings for this connection. */
  engine?: EngineId;
  /** With `engine`: the model to use ("" or absent = that engine's model from Settings). */
  model?: string;
  /** Set on a connection imported (file or Notion): its target is resolved again before it first runs. */
  targetUnchecked?: true;
  /** Set when the user deleted it: hidden everywhere, restorable by "Undo" until purged. */
  deletedAt?: number;
  /** Runs it on its own while the browser is open: a watch (database) or a schedule (page). Absent = only on a click. */
  automation?: Automation;
  createdAt: number;
  updatedAt: number;
  /** Ids of this connection's runs, newest last. */
  runIds: string[];
}

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled" | "partial";

/**
 * One generation run, persisted as it progresses: it is both the UI's progress
 * feed (via storage.onChanged) and what a restarted worker resumes from.
 */
export interface Run {
  id: string;
  connectionId: string;
  kind: TargetKind;
  targetId: string;
  engine: EngineId;
  model: string;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  /** Characters of the answer received so far. */
  receivedChars: number;
  /** Output tokens so far (estimated while streaming; the provider's count at the end). */
  outputTokens: number;
  inputTokens: number;
  /** Ids of the top-level blocks this run appended, in order (what "Undo" removes). */
  writtenBlockIds: string[];
  /** Number of blocks (all levels) written so far. */
  blocksWritten: number;
  /** Page runs: the first characters of the answer (Markdown), shown as the connection's last generated content. */
  preview?: string;
  /** Set while Notion rate-limits us, so the UI can say so. */
  waitingUntil?: number;
  /** Which limit Notion named for that wait (absent: it didn't say). */
  waitingScope?: RateLimitScope;
  error?: { code: string; message: string };
  /** Only for database runs: the state of every selected row. */
  rows?: RowState[];
  /** Only for database runs: limited to the first N ticked rows ("Try on the first 3 rows"). */
  rowLimit?: number;
  /** When "Undo" removed what this run wrote. */
  undoneAt?: number;
  /** Something the user should know about a run that otherwise succeeded (e.g. Notion's per-query row cap). */
  notice?: string;
  /** Started by a watch or a schedule, not by a click. Absent = manual. */
  trigger?: "automatic";
  /** Database runs: which rows it fills. Absent = the ticked rows (a manual run). */
  selection?: RowSelection;
  /**
   * "dry": a dry run ("Try on the first 3 rows" without writing): rows end
   * "previewed" with what would be written; Notion is only read.
   */
  mode?: "dry";
  /** A dry run: the estimate for the whole run (all ticked rows), from the previewed rows' tokens and the price table. */
  estimate?: RunEstimate;
  /** A dry run: the run that writes its previews ("Write these"); set before that run is created. */
  writtenBy?: string;
  /** A run that writes a dry run's previews (no generation): the dry run's id. */
  previewOf?: string;
  /** Page runs: where the output went (absent = appended at the end). */
  placement?: OutputPlacement;
  /**
   * Page runs with "replace": the blocks of this connection's previous output
   * that were removed (moved to Notion's trash) after the new output was
   * complete; Undo restores them.
   */
  replacedBlockIds?: string[];
}

/** What a whole database run would cost, extrapolated from a dry run's rows. */
export interface RunEstimate {
  /** Rows the full run would fill (ticked now). */
  rows: number;
  /** True when there are more ticked rows than were counted (counting stops at ESTIMATE_COUNT_LIMIT). */
  rowsIsLowerBound: boolean;
  inputTokens: number;
  outputTokens: number;
  /** Estimated US dollars from the user's price table; null when the model has no price (0 for free engines). */
  cost: number | null;
}

/** A dry run counts at most this many ticked rows for its estimate. */
export const ESTIMATE_COUNT_LIMIT = 1_000;

/** What a dry run would write to one row: shown instead of writing. */
export interface RowPreview {
  /** Body output: the start of the Markdown that would be written, and its whole length. */
  body?: { excerpt: string; chars: number };
  /** Each property that would be written, with its value as Notion would show it ("Tag A, Tag B", "42", "2026-12-24"). */
  properties: { name: string; type: string; display: string }[];
  /** Select / multi-select options the write would create (only with the connection's consent). */
  newOptions: { property: string; option: string }[];
}

/**
 * One row of a database run. The states make each row's write happen exactly
 * once across worker restarts (the machine and what resuming from each state
 * does: src/core/exactly-once/row-lifecycle.ts):
 *   pending → generating → generated (answer kept under runtext:<run>:<row>)
 *   body:     → writing (each append step journaled under runjournal:<run>:<row>)
 *             → written (block ids recorded) → done (checkbox cleared, status set)
 *   property: → patching (the original value saved) → done (patched).
 */
export interface RowState {
  rowId: string;
  title: string;
  state: "pending" | "generating" | "generated" | "writing" | "written" | "patching" | "done" | "failed" | "skipped" | "previewed";
  /** Top-level block ids written to the row's body (body output). */
  blockIds?: string[];
  /** The property's previous value as plain text (runs saved before previousRichText existed), for undo. */
  previousText?: string;
  /** The property's previous value exactly as Notion returned it (links, mentions, formatting), saved before the patch; Undo restores it. */
  previousRichText?: unknown[];
  /**
   * Typed outputs: the previous values of the properties the row's update
   * sets, as the pages.update values that put them back exactly (property
   * name → value, core/property-restore), saved before the update is sent;
   * Undo sends them in one update.
   */
  previousProperties?: Record<string, unknown>;
  /** Typed outputs: the values the row's update sets (saved with previousProperties), so Undo leaves a property the user changed since. */
  writtenProperties?: Record<string, unknown>;
  /** Body output with "replace": the blocks of this connection's previous output removed from the row; Undo restores them. */
  replacedBlockIds?: string[];
  /** A dry run: what would be written (state "previewed"). The whole answer is kept under runpreview:<run>:<row>. */
  preview?: RowPreview;
  /** The row's content ({{Page content}}) was cut to the connection's cap before it was sent; `reason` then says so (unless the row failed for another one). */
  contentTruncated?: boolean;
  /** Typed outputs: the first answer was invalid and one corrective retry was made. */
  retried?: boolean;
  /** The model refused to answer (state "failed"). */
  refused?: boolean;
  /** The model returned nothing for this row (state "failed"). */
  emptyAnswer?: boolean;
  /** True when the answer was cut to fit the property's limits. */
  truncated?: boolean;
  outputTokens?: number;
  inputTokens?: number;
  reason?: string;
  /**
   * The row's last_edited_time as Notion reported it after Inkwell's last write to the row
   * (Notion's clock, which may run ahead of the computer's): a watch counts only later edits as someone's.
   */
  notionEditedAt?: string;
}

export function defaultGenerationOptions(): GenerationOptions {
  return { tone: "", length: "", systemInstruction: "" };
}

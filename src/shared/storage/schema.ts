/**
 * The typed shape of everything Inkwell keeps in storage.local. Each top-level
 * key is written on its own, so writers never rewrite unrelated data (and
 * later, each connection gets its own key so that concurrent edits don't clash).
 *
 * Bump STORAGE_SCHEMA_VERSION and add a migration in migrations.ts whenever a
 * stored shape changes.
 */

export const STORAGE_SCHEMA_VERSION = 2;

export type EngineId = "gemini" | "openai";

export interface StoredSettings {
  engine: EngineId;
  /** Model id per engine; any id may be typed, the list is only a suggestion. */
  models: Record<EngineId, string>;
  /** The Notion database that mirrors connections (URL as pasted; validated on save). */
  connectionsDatabaseUrl: string;
  /** Database runs: how many rows are generated at once (Notion writes are paced separately). */
  concurrency: number;
}

export const DEFAULT_CONCURRENCY = 3;
export const MAX_CONCURRENCY = 10;

/** Credentials. Kept under their own key so that exports and diagnostics can never include them by accident. */
export interface StoredSecrets {
  notionToken: string;
  geminiKey: string;
  openaiKey: string;
}

export interface StorageMeta {
  schemaVersion: number;
}

export interface StorageItems {
  meta: StorageMeta;
  settings: StoredSettings;
  secrets: StoredSecrets;
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
  | { type: "property"; property: string; overwrite: "if_empty" | "always" };

/** How a database connection picks rows and where it writes. */
export interface DatabaseSettings {
  dataSourceId: string;
  /** The checkbox property that selects rows (ticked = generate). */
  selectionProperty: string;
  output: DatabaseOutput;
  /** A select or status property set to "Done" or "Error" after each row, if the database has one. */
  statusProperty?: string;
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
  createdAt: number;
  updatedAt: number;
  /** Ids of this connection's runs, newest last. */
  runIds: string[];
}

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "partial";

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
  /** Set while Notion rate-limits us, so the UI can say so. */
  waitingUntil?: number;
  error?: { code: string; message: string };
  /** Only for database runs: the state of every selected row. */
  rows?: RowState[];
  /** Only for database runs: limited to the first N ticked rows ("Try on the first 3 rows"). */
  rowLimit?: number;
  /** When "Undo" removed what this run wrote. */
  undoneAt?: number;
  /** Something the user should know about a run that otherwise succeeded (e.g. Notion's per-query row cap). */
  notice?: string;
}

/**
 * One row of a database run. The states make each row's write happen exactly
 * once across worker restarts:
 *   pending → generating → generated (answer kept under runtext:<run>:<row>)
 *   → written (block ids recorded) → done (checkbox cleared, status set).
 * A restarted worker regenerates "generating" rows, reconciles "generated"
 * rows against what the row already holds before writing, and only finishes
 * the property update for "written" rows.
 */
export interface RowState {
  rowId: string;
  title: string;
  state: "pending" | "generating" | "generated" | "written" | "done" | "failed" | "skipped";
  /** Top-level block ids written to the row's body (body output). */
  blockIds?: string[];
  /** The property's previous value (property output), for undo. */
  previousText?: string;
  /** True when the answer was cut to fit the property's limits. */
  truncated?: boolean;
  outputTokens?: number;
  inputTokens?: number;
  reason?: string;
}

export const RUN_TEXT_KEY_PREFIX = "runtext:";
export const runTextKey = (runId: string, rowId: string) => `${RUN_TEXT_KEY_PREFIX}${runId}:${rowId}`;

export function defaultGenerationOptions(): GenerationOptions {
  return { tone: "", length: "", systemInstruction: "" };
}

export const DEFAULT_MODELS: Record<EngineId, string> = {
  gemini: "gemini-flash-latest",
  openai: "gpt-5.6-mini",
};

export function defaultSettings(): StoredSettings {
  return { engine: "gemini", models: { ...DEFAULT_MODELS }, connectionsDatabaseUrl: "", concurrency: DEFAULT_CONCURRENCY };
}

export function emptySecrets(): StoredSecrets {
  return { notionToken: "", geminiKey: "", openaiKey: "" };
}

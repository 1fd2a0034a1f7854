/**
 * The typed shape of everything Inkwell keeps in storage.local. Each top-level
 * key is written on its own, so writers never rewrite unrelated data (and
 * later, each connection gets its own key so that concurrent edits don't clash).
 *
 * Bump STORAGE_SCHEMA_VERSION and add a migration in migrations.ts whenever a
 * stored shape changes.
 */

export const STORAGE_SCHEMA_VERSION = 1;

export type EngineId = "gemini" | "openai";

export interface StoredSettings {
  engine: EngineId;
  /** Model id per engine; any id may be typed, the list is only a suggestion. */
  models: Record<EngineId, string>;
  /** The Notion database that mirrors connections (URL as pasted; validated on save). */
  connectionsDatabaseUrl: string;
}

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
  prompt: string;
  options: GenerationOptions;
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
}

export function defaultGenerationOptions(): GenerationOptions {
  return { tone: "", length: "", systemInstruction: "" };
}

export const DEFAULT_MODELS: Record<EngineId, string> = {
  gemini: "gemini-flash-latest",
  openai: "gpt-5.6-mini",
};

export function defaultSettings(): StoredSettings {
  return { engine: "gemini", models: { ...DEFAULT_MODELS }, connectionsDatabaseUrl: "" };
}

export function emptySecrets(): StoredSecrets {
  return { notionToken: "", geminiKey: "", openaiKey: "" };
}

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

import { DEFAULT_CONCURRENCY, DEFAULT_MODELS, STORAGE_SCHEMA_VERSION, defaultPriceEstimates, emptyMirrorState, emptySecrets } from "./schema";

/** The raw storage area as migrations see it: untyped, because old data has old shapes. */
export type RawItems = Record<string, unknown>;

export interface MigrationResult {
  set: RawItems;
  remove: string[];
}

/** A migration turns the items of version N-1 into version N. Index i migrates to version i+1. */
type Migration = (items: RawItems) => MigrationResult;

const MIGRATIONS: Migration[] = [
  // 0 → 1: a fresh install (or data from before versioning): lay down defaults,
  // keeping any field an earlier build already stored.
  // (Version 1 had only Gemini and OpenAI; later fields are added by later steps.)
  (items) => {
    const settings = { engine: "gemini", models: { gemini: DEFAULT_MODELS.gemini, openai: DEFAULT_MODELS.openai }, connectionsDatabaseUrl: "", ...asRecord(items.settings) };
    const secrets = { notionToken: "", geminiKey: "", openaiKey: "", ...asRecord(items.secrets) };
    return { set: { settings, secrets }, remove: [] };
  },
  // 1 → 2: database runs got a configurable number of rows generated at once.
  (items) => ({ set: { settings: { concurrency: DEFAULT_CONCURRENCY, ...asRecord(items.settings) } }, remove: [] }),
  // 2 → 3: more engines (Claude, OpenAI-compatible servers, Chrome's built-in
  // model), usage estimates with a budget, the connections-database mirror and
  // the diagnostics error log. Existing choices are kept as they were.
  (items) => {
    const settings = asRecord(items.settings);
    return {
      set: {
        settings: {
          compatibleBaseUrl: "",
          usage: { prices: defaultPriceEstimates(), monthlyBudget: null },
          ...settings,
          models: { ...DEFAULT_MODELS, ...asRecord(settings.models) },
        },
        secrets: { ...emptySecrets(), ...asRecord(items.secrets) },
        mirror: items.mirror ?? emptyMirrorState(),
        errorLog: Array.isArray(items.errorLog) ? items.errorLog : [],
      },
      remove: [],
    };
  },
  // 3 → 4: "rows generated at once" became a cap on a number that adapts (see core/ai-concurrency).
  // 3 was the old fixed default and the cap leaves a run at 3 forever, so it becomes the new
  // default; any other number was the user's own choice and stays.
  (items) => {
    const settings = asRecord(items.settings);
    return settings.concurrency === LEGACY_DEFAULT_CONCURRENCY ? { set: { settings: { ...settings, concurrency: DEFAULT_CONCURRENCY } }, remove: [] } : { set: {}, remove: [] };
  },
];

/** The fixed number of rows generated at once before concurrency adapted (schema 2 and 3). */
const LEGACY_DEFAULT_CONCURRENCY = 3;

export class StorageFromNewerVersionError extends Error {
  constructor(readonly found: number) {
    super(`Stored data is from a newer Inkwell (schema ${found}, this build knows ${STORAGE_SCHEMA_VERSION}). Update Inkwell; nothing was changed.`);
  }
}

/**
 * Computes the writes that bring `items` to the current schema. Pure, so every
 * path from every earlier version is unit-tested. Refuses to touch data written
 * by a newer build rather than clobbering it.
 */
export function planMigration(items: RawItems): MigrationResult {
  const found = readVersion(items);
  if (found > STORAGE_SCHEMA_VERSION) throw new StorageFromNewerVersionError(found);
  let current: RawItems = { ...items };
  const removed = new Set<string>();
  for (let version = found; version < STORAGE_SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`No storage migration from version ${version}`);
    const { set, remove } = step(current);
    for (const key of remove) {
      delete current[key];
      removed.add(key);
    }
    current = { ...current, ...set };
    for (const key of Object.keys(set)) removed.delete(key);
  }
  if (found === STORAGE_SCHEMA_VERSION) return { set: {}, remove: [] };
  const set: RawItems = {};
  for (const [key, value] of Object.entries(current)) {
    if (items[key] !== value) set[key] = value;
  }
  set.meta = { schemaVersion: STORAGE_SCHEMA_VERSION };
  return { set, remove: [...removed] };
}

function readVersion(items: RawItems): number {
  const version = asRecord(items.meta).schemaVersion;
  return typeof version === "number" && Number.isInteger(version) && version >= 0 ? version : 0;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

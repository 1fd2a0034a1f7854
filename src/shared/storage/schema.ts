// Over 300 lines because the storage schema is one contract: every stored shape and key of storage.local, with the version its migrations follow, read as a whole whenever a stored shape changes.
/**
 * The typed shape of everything Inkwell keeps in storage.local. Each top-level
 * key is written on its own, so writers never rewrite unrelated data (and
 * later, each connection gets its own key so that concurrent edits don't clash).
 *
 * Bump STORAGE_SCHEMA_VERSION and add a migration in migrations.ts whenever a
 * stored shape changes.
 */

export const STORAGE_SCHEMA_VERSION = 4;

/** Which Notion limit asked for a wait: this connection's, the workspace's, an overload (529), or unnamed. */
export type RateLimitScope = "connection" | "workspace" | "overload" | "unknown";

/**
 * Every AI engine. "compatible" is any OpenAI-compatible server (Ollama, LM
 * Studio…) at a user-given base URL; "builtin" is Chrome's on-device model.
 */
export const ENGINE_IDS = ["gemini", "openai", "anthropic", "compatible", "builtin"] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export interface StoredSettings {
  engine: EngineId;
  /** Model id per engine; any id may be typed, the list is only a suggestion. */
  models: Record<EngineId, string>;
  /** The Notion database that mirrors connections (URL as pasted; validated on save). */
  connectionsDatabaseUrl: string;
  /**
   * Database runs: the most rows generated at once. A run adapts below it
   * (src/core/ai-concurrency.ts): more while Notion's budget goes unused, fewer
   * when the AI provider rate-limits.
   */
  concurrency: number;
  /** The OpenAI-compatible server's base URL, e.g. http://localhost:11434/v1 ("" = not set up). */
  compatibleBaseUrl: string;
  /** Cost estimates and the optional monthly budget (Usage tab). */
  usage: UsageSettings;
  /**
   * Who the saved Notion token acts as, learned from GET /v1/users/me (absent until
   * known; dropped whenever the token changes). Error advice depends on it.
   */
  notionIdentity?: NotionIdentity;
}

/**
 * An internal integration secret acts as its bot and sees what was shared with it;
 * a personal access token acts as the person who created it, with their permissions.
 */
export type NotionTokenKind = "integration" | "personal";

export interface NotionIdentity {
  kind: NotionTokenKind;
  /** The integration's name, or the person's ("" if Notion gives none). */
  name: string;
  /** The workspace, when Notion names it (it does for integrations, not for personal access tokens). */
  workspaceName: string;
}

/** A user-editable price estimate, in US dollars per million tokens. */
export interface PriceEstimate {
  /** A model id, or a prefix ending in "*" (e.g. "gpt-5.6*"). */
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
}

export interface UsageSettings {
  /** Estimates only: the user edits them; they are never presented as the provider's truth. */
  prices: PriceEstimate[];
  /** Estimated dollars per calendar month after which runs stop; null = no budget. */
  monthlyBudget: number | null;
}

/**
 * A cap, not a setting to tune: a run starts at 16 and grows only while it
 * helps. 48 lets a 600-requests-a-minute Notion budget be spent with answers
 * taking about 5 s (about 5 rows a second: 25 answers in flight, plus room to
 * catch up after a wait), while the provider's own limits bring it down when
 * they bite.
 */
export const DEFAULT_CONCURRENCY = 48;
export const MAX_CONCURRENCY = 64;

/** Credentials. Kept under their own key so that exports and diagnostics can never include them by accident. */
export interface StoredSecrets {
  notionToken: string;
  geminiKey: string;
  openaiKey: string;
  anthropicKey: string;
  /** Optional for local servers (Ollama accepts any non-empty string). */
  compatibleKey: string;
}

/** Which secret each engine needs; null = the engine needs no key. */
export const ENGINE_SECRET: Record<EngineId, keyof StoredSecrets | null> = {
  gemini: "geminiKey",
  openai: "openaiKey",
  anthropic: "anthropicKey",
  compatible: "compatibleKey",
  builtin: null,
};

export interface StorageMeta {
  schemaVersion: number;
}

/**
 * The worker's bookkeeping for the Notion connections database. Only the worker
 * writes it (serialised), so one key is safe.
 */
export interface MirrorState {
  /** The data source rows are written to, once the database is set up and validated. */
  dataSourceId: string | null;
  /** Connection id → the Notion page (row) that mirrors it. */
  rows: Record<string, string>;
  /** Connection id → a change not yet written to Notion. Retried until it lands. */
  pending: Record<string, PendingMirrorChange>;
  lastError: string | null;
}

export interface PendingMirrorChange {
  op: "upsert" | "trash";
  since: number;
  attempts: number;
}

/** One entry of the diagnostics error log (already scrubbed of secrets). */
export interface LoggedError {
  at: number;
  code: string;
  message: string;
  /** What was being done, e.g. "run.start" or "mirror". */
  context: string;
}

export const ERROR_LOG_LIMIT = 20;

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
  | { type: "property"; property: string; overwrite: "if_empty" | "always" };

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
}

/** How a database run (or a watch's check) picks its rows. */
export type RowSelection = "ticked" | "output_empty";

/** Watch intervals, in minutes: Chrome runs alarms at most about every 30 s, and a day is the longest useful gap. */
export const WATCH_MIN_MINUTES = 1;
export const WATCH_MAX_MINUTES = 24 * 60;

/** A database connection that fills matching rows on its own, checking every `intervalMinutes`. */
export interface WatchAutomation {
  type: "watch";
  enabled: boolean;
  intervalMinutes: number;
  /** "ticked": the selection checkbox is ticked; "output_empty": the output property is empty (property output only). */
  match: RowSelection;
  /** Show a notification after each automatic run (needs the optional "notifications" permission). */
  notify: boolean;
}

/** A page connection that runs at a local time on chosen weekdays ("every weekday at 8:00"). */
export interface ScheduleAutomation {
  type: "schedule";
  enabled: boolean;
  /** Days of the week it runs on, 0 = Sunday … 6 = Saturday (local time), sorted, at least one. */
  days: number[];
  /** Minutes after local midnight, e.g. 480 for 8:00. */
  minuteOfDay: number;
  notify: boolean;
}

export type Automation = WatchAutomation | ScheduleAutomation;

/** Why an automation stopped by itself; it waits for the user's Resume. */
export type PauseReason = "budget" | "credentials" | "failing" | "target" | "cancelled";

/**
 * The worker's bookkeeping for one connection's automation, under
 * automation:<connectionId> (never edited by the UI, so it can't clash with an
 * edit of the connection). Everything the next check needs survives a stopped
 * worker: a check that didn't reach `lastCheckAt` simply happens again.
 */
export interface AutomationState {
  connectionId: string;
  /** When the next check (or scheduled run) is due, ms. */
  nextAt: number | null;
  lastCheckAt?: number;
  /** What the last check found, for the list ("Nothing new", "3 rows to fill"…). */
  lastResult?: string;
  /**
   * Rows last edited before this (ISO, minute-rounded as Notion reports it)
   * were seen by an earlier complete check and handed to a run: checks ask
   * only for rows edited since. Absent = the next check looks at every row.
   */
  watermark?: string;
  /** What `watermark` and the settled rows are about (core/automation.ts watchScope): another scope looks at every row. */
  watchScope?: string;
  /** Failed checks in a row (offline ones don't count); the 3rd pauses. */
  failures: number;
  paused?: { reason: PauseReason; message: string; at: number };
  /** Runs started before this are ignored when choosing rows (Resume retries what earlier runs skipped). */
  resumedAt?: number;
  /** Rows filled by automatic runs on `filledDay` (local "2026-12-07"). */
  filledDay?: string;
  filledToday: number;
  /** Automatic runs already counted in `filledToday` (their ids), so a run is counted once. */
  countedRunIds?: string[];
}

export const AUTOMATION_KEY_PREFIX = "automation:";
export const automationKey = (connectionId: string) => `${AUTOMATION_KEY_PREFIX}${connectionId}`;

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
  state: "pending" | "generating" | "generated" | "writing" | "written" | "patching" | "done" | "failed" | "skipped";
  /** Top-level block ids written to the row's body (body output). */
  blockIds?: string[];
  /** The property's previous value as plain text (runs saved before previousRichText existed), for undo. */
  previousText?: string;
  /** The property's previous value exactly as Notion returned it (links, mentions, formatting), saved before the patch; Undo restores it. */
  previousRichText?: unknown[];
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

export const RUN_TEXT_KEY_PREFIX = "runtext:";
export const runTextKey = (runId: string, rowId: string) => `${RUN_TEXT_KEY_PREFIX}${runId}:${rowId}`;
/** A page run's whole answer received so far (the run record keeps only a preview). */
export const PAGE_ANSWER_SLOT = "page";
export const pageAnswerKey = (runId: string) => runTextKey(runId, PAGE_ANSWER_SLOT);
/** A row's append journal (completed steps of its body write), kept until the row is "written". */
export const RUN_JOURNAL_KEY_PREFIX = "runjournal:";
export const runJournalKey = (runId: string, rowId: string) => `${RUN_JOURNAL_KEY_PREFIX}${runId}:${rowId}`;

/**
 * Everything stored for one run lives under a key named `run<part>:<runId>`
 * or `run<part>:<runId>:<more>`: the record (run:<id>), a row's answer between
 * generating and writing it (runtext:<id>:<row>), and any later per-run data
 * (journals, whole answers) that follows the same rule. Pruning a run removes
 * every such key without knowing each feature's keys. Nothing else may start
 * with "run".
 */
export const RUN_DATA_KEY = /^run[a-z]*:([^:]+)(?::|$)/;

/** The run a key belongs to, when it is one of a run's keys. */
export function runIdOfKey(key: string): string | undefined {
  return RUN_DATA_KEY.exec(key)?.[1];
}

/**
 * How many runs each connection keeps (newest first). Older runs, with every
 * key of theirs, are removed once a run ends; their usage is folded into
 * `usageArchive` first, so the Usage tab's totals never change. The Usage tab
 * states this rule. A connection that was purged from the trash keeps none.
 */
export const RUNS_KEPT_PER_CONNECTION = 20;

/** Usage of pruned runs, kept for good under USAGE_ARCHIVE_KEY. Absent = nothing pruned yet. */
export interface UsageArchive {
  /** One entry per calendar month, connection and model. */
  buckets: ArchivedUsage[];
  /**
   * Runs already counted in `buckets` whose keys may not all be removed yet
   * (the worker stopped midway): the next prune finishes removing them, and
   * usage summaries skip them so they are never counted twice.
   */
  folding: string[];
}

export interface ArchivedUsage {
  /** "2026-11", as `monthOf` the run's start. */
  month: string;
  connectionId: string;
  engine: EngineId;
  model: string;
  runs: number;
  prompts: number;
  inputTokens: number;
  outputTokens: number;
}

export const USAGE_ARCHIVE_KEY = "usageArchive";

export function emptyUsageArchive(): UsageArchive {
  return { buckets: [], folding: [] };
}

/**
 * Per-row keys (`<prefix><runId>:<rowId>`, for each row of a database run)
 * that are working state only: they have no use once the run ended (a failed
 * or cancelled row's answer), and are removed when it ends. Keys of the run
 * itself (not of one of its rows) stay until the run is pruned.
 */
export const RUN_SCRATCH_KEY_PREFIXES: readonly string[] = [RUN_TEXT_KEY_PREFIX];

export function defaultGenerationOptions(): GenerationOptions {
  return { tone: "", length: "", systemInstruction: "" };
}

export const DEFAULT_MODELS: Record<EngineId, string> = {
  gemini: "gemini-flash-latest",
  openai: "gpt-5.6-mini",
  anthropic: "claude-sonnet-4-6",
  // Local servers name models freely; the user picks one from the server's list.
  compatible: "",
  builtin: "gemini-nano",
};

/**
 * Starting estimates for the Usage tab. They are placeholders the user is asked
 * to check against the provider's pricing page, not facts Inkwell vouches for.
 */
export function defaultPriceEstimates(): PriceEstimate[] {
  return [
    { model: "gemini-flash*", inputPerMillion: 0.3, outputPerMillion: 2.5 },
    { model: "gemini-*pro*", inputPerMillion: 1.25, outputPerMillion: 10 },
    { model: "gpt-5.6-mini*", inputPerMillion: 0.25, outputPerMillion: 2 },
    { model: "gpt-*", inputPerMillion: 1.25, outputPerMillion: 10 },
    { model: "claude-*", inputPerMillion: 3, outputPerMillion: 15 },
  ];
}

export function defaultSettings(): StoredSettings {
  return {
    engine: "gemini",
    models: { ...DEFAULT_MODELS },
    connectionsDatabaseUrl: "",
    concurrency: DEFAULT_CONCURRENCY,
    compatibleBaseUrl: "",
    usage: { prices: defaultPriceEstimates(), monthlyBudget: null },
  };
}

export function emptySecrets(): StoredSecrets {
  return { notionToken: "", geminiKey: "", openaiKey: "", anthropicKey: "", compatibleKey: "" };
}

export function emptyMirrorState(): MirrorState {
  return { dataSourceId: null, rows: {}, pending: {}, lastError: null };
}

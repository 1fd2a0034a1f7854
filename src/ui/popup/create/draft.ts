import type { ConnectionDraft, ResolvedTarget } from "../../../shared/protocol/types";
import { ENGINE_IDS, type EngineId, type GenerationOptions, type TargetKind } from "../../../shared/storage/schema";
import { parseDatabaseDraft, toDatabaseSettings, type DatabaseDraft } from "./databaseDraft";

/** storage.local key of the Create form, so that closing the popup loses nothing. */
export const DRAFT_KEY = "ui:createDraft";

export type CreateStep = "target" | "prompt";

/** The option inputs exactly as typed: numbers stay strings until Generate, so a half-typed "0." survives. */
export interface DraftOptions {
  tone: GenerationOptions["tone"];
  length: GenerationOptions["length"];
  systemInstruction: string;
  temperature: string;
  maxOutputTokens: string;
}

/** Everything the Create tab shows, persisted under DRAFT_KEY. */
export interface CreateDraft {
  step: CreateStep;
  name: string;
  kind: TargetKind;
  url: string;
  prompt: string;
  options: DraftOptions;
  /** The target as the worker resolved it for `url` + `kind`; cleared when either changes. */
  target?: ResolvedTarget;
  /** For a database: its inspection and the setup chosen on it (kept across link edits, re-checked on the next inspection). */
  database?: DatabaseDraft;
  /** Set once the connection is saved, so that generating again updates it instead of adding another. */
  connectionId?: string;
  /** The latest run of this draft, whose progress the tab shows. */
  runId?: string;
  /** The connection's own engine (absent = Settings' engine). */
  engine?: EngineId;
  /** With `engine`: its model ("" = that engine's model from Settings). */
  model?: string;
  /**
   * The saved connection's `updatedAt` when it was loaded (or last saved from
   * here): the worker refuses a save over a newer edit made elsewhere.
   */
  baseUpdatedAt?: number;
  /**
   * With `connectionId`: the fields a user edits (editableSnapshot) as they were
   * last loaded or saved, so edits not saved yet are told apart from the saved
   * connection before the form is replaced.
   */
  savedSnapshot?: string;
}

/** The fields of the form a user edits, as one comparable value (kept in `savedSnapshot`). */
export const editableSnapshot = (draft: CreateDraft): string =>
  JSON.stringify([draft.name, draft.kind, draft.url.trim(), draft.prompt, draft.options, draft.engine ?? "", draft.engine ? (draft.model ?? "") : ""]);

export const TONES: ReadonlyArray<[GenerationOptions["tone"], string]> = [
  ["", "Default"],
  ["neutral", "Neutral"],
  ["friendly", "Friendly"],
  ["formal", "Formal"],
  ["persuasive", "Persuasive"],
];

export const LENGTHS: ReadonlyArray<[GenerationOptions["length"], string]> = [
  ["", "Default"],
  ["short", "Short"],
  ["medium", "Medium"],
  ["long", "Long"],
];

export function emptyDraft(): CreateDraft {
  return {
    step: "target",
    name: "",
    kind: "page",
    url: "",
    prompt: "",
    options: { tone: "", length: "", systemInstruction: "", temperature: "", maxOutputTokens: "" },
  };
}

const str = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : fallback);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

/** Reads a stored draft defensively: storage may hold an older shape, or nothing. */
export function parseDraft(raw: unknown): CreateDraft {
  const item = record(raw);
  const options = record(item.options);
  const target = record(item.target);
  const draft: CreateDraft = {
    step: oneOf<CreateStep>(item.step, ["target", "prompt"], "target"),
    name: str(item.name),
    kind: oneOf<TargetKind>(item.kind, ["page", "database"], "page"),
    url: str(item.url),
    prompt: str(item.prompt),
    options: {
      tone: oneOf(options.tone, TONES.map(([value]) => value), ""),
      length: oneOf(options.length, LENGTHS.map(([value]) => value), ""),
      systemInstruction: str(options.systemInstruction),
      temperature: str(options.temperature),
      maxOutputTokens: str(options.maxOutputTokens),
    },
  };
  if (typeof target.id === "string" && typeof target.title === "string" && (target.kind === "page" || target.kind === "database")) {
    draft.target = { kind: target.kind, id: target.id, title: target.title, url: str(target.url) };
  }
  const database = parseDatabaseDraft(item.database);
  if (database) draft.database = database;
  // The prompt step needs a resolved target (and, for a database, its inspection).
  if (!draft.target || (draft.kind === "database" && !draft.database)) draft.step = "target";
  if (typeof item.connectionId === "string" && item.connectionId) draft.connectionId = item.connectionId;
  if (typeof item.runId === "string" && item.runId) draft.runId = item.runId;
  if (ENGINE_IDS.includes(item.engine as EngineId)) {
    draft.engine = item.engine as EngineId;
    draft.model = str(item.model);
  }
  if (typeof item.baseUpdatedAt === "number") draft.baseUpdatedAt = item.baseUpdatedAt;
  if (draft.connectionId && typeof item.savedSnapshot === "string") draft.savedSnapshot = item.savedSnapshot;
  return draft;
}

export type BuildResult = { ok: true; draft: ConnectionDraft } | { ok: false; message: string };

/** Turns the form into what connection.save accepts, or says what to fix. */
export function toConnectionDraft(draft: CreateDraft): BuildResult {
  if (!draft.prompt.trim()) return { ok: false, message: "Write a prompt first." };
  const options: GenerationOptions = {
    tone: draft.options.tone,
    length: draft.options.length,
    systemInstruction: draft.options.systemInstruction.trim(),
  };
  const temperature = draft.options.temperature.trim();
  if (temperature) {
    const value = Number(temperature);
    if (!Number.isFinite(value) || value < 0 || value > 2) return { ok: false, message: "Temperature must be a number from 0 to 2 (or empty for the default)." };
    options.temperature = value;
  }
  const maxTokens = draft.options.maxOutputTokens.trim();
  if (maxTokens) {
    const value = Number(maxTokens);
    if (!Number.isInteger(value) || value < 16 || value > 1_000_000) {
      return { ok: false, message: "Maximum length must be a whole number of tokens from 16 to 1,000,000 (or empty for the default)." };
    }
    options.maxOutputTokens = value;
  }
  let database: ConnectionDraft["database"];
  if (draft.kind === "database") {
    const settings = toDatabaseSettings(draft.database);
    if (!settings.ok) return settings;
    database = settings.settings;
  }
  return {
    ok: true,
    draft: {
      ...(draft.connectionId ? { id: draft.connectionId } : {}),
      name: draft.name.trim() || draft.target?.title || "Untitled",
      kind: draft.kind,
      url: draft.url.trim(),
      prompt: draft.prompt,
      options,
      ...(database ? { database } : {}),
      ...(draft.engine ? { engine: draft.engine, model: draft.model ?? "" } : {}),
      ...(draft.connectionId && draft.baseUpdatedAt !== undefined ? { baseUpdatedAt: draft.baseUpdatedAt } : {}),
    },
  };
}

export function kindLabel(kind: TargetKind): string {
  return kind === "page" ? "Page" : "Database";
}

import type { ResolvedTarget } from "../../../shared/protocol/types";
import type { EngineId, GenerationOptions, OutputPlacement, TargetKind } from "../../../shared/storage/schema";
import type { DatabaseDraft } from "./databaseDraft";

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

/** What a generation reads from Notion besides the prompt, as typed (the cap stays a string until Generate). */
export interface DraftContext {
  /** Page connections: "Include the page's current content". */
  pageContent: boolean;
  /** Database connections: the database's description and property descriptions as instructions. */
  standingInstructions: boolean;
  /** Most characters of page or row content sent; "" = the default cap. */
  contentCap: string;
}

/** Everything the Create tab shows, persisted under DRAFT_KEY. */
export interface CreateDraft {
  step: CreateStep;
  name: string;
  kind: TargetKind;
  url: string;
  prompt: string;
  options: DraftOptions;
  /** Pages and row bodies: where the answer goes. */
  placement: OutputPlacement;
  context: DraftContext;
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

export const emptyContext = (): DraftContext => ({ pageContent: false, standingInstructions: false, contentCap: "" });

/** The newer choices (placement, context, typed outputs) that differ from their defaults, or null when none does. */
function newerChoices(draft: CreateDraft): Record<string, unknown> | null {
  const choices: Record<string, unknown> = {};
  if (draft.placement !== "append") choices.placement = draft.placement;
  if (JSON.stringify(draft.context) !== JSON.stringify(emptyContext())) choices.context = draft.context;
  const database = draft.database;
  if (database?.output === "typed") choices.output = "typed";
  if (database?.typedProperties.length) choices.typed = database.typedProperties;
  if (database?.allowNewOptions) choices.allowNewOptions = true;
  return Object.keys(choices).length ? choices : null;
}

/**
 * The fields of the form a user edits, as one comparable value (kept in
 * `savedSnapshot`). The newer choices join only when set, so a snapshot stored
 * before they existed still matches its unchanged form.
 */
export function editableSnapshot(draft: CreateDraft): string {
  const base = [draft.name, draft.kind, draft.url.trim(), draft.prompt, draft.options, draft.engine ?? "", draft.engine ? (draft.model ?? "") : ""];
  const newer = newerChoices(draft);
  return JSON.stringify(newer ? [...base, newer] : base);
}

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
    placement: "append",
    context: emptyContext(),
  };
}

export function kindLabel(kind: TargetKind): string {
  return kind === "page" ? "Page" : "Database";
}

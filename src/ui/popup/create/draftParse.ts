import { ENGINE_IDS, type EngineId, type OutputPlacement, type TargetKind } from "../../../shared/storage/schema";
import { parseDatabaseDraft } from "./databaseDraft";
import { LENGTHS, TONES, type CreateDraft, type CreateStep, type DraftContext } from "./draft";

const str = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : fallback);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

export const PLACEMENTS: readonly OutputPlacement[] = ["append", "top", "replace"];

/** A draft stored before context existed has none: every option off, the default cap. */
function parseContext(raw: unknown): DraftContext {
  const item = record(raw);
  return { pageContent: item.pageContent === true, standingInstructions: item.standingInstructions === true, contentCap: str(item.contentCap) };
}

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
    placement: oneOf(item.placement, PLACEMENTS, "append"),
    context: parseContext(item.context),
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

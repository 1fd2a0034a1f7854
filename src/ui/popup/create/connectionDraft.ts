import type { ConnectionDraft } from "../../../shared/protocol/types";
import type { ContextSettings, GenerationOptions } from "../../../shared/storage/schema";
import { toDatabaseSettings } from "./databaseDraft";
import type { CreateDraft, DraftOptions } from "./draft";
import { CONTENT_CAP_MAX, CONTENT_CAP_MIN } from "./contentCap";

export type BuildResult = { ok: true; draft: ConnectionDraft } | { ok: false; message: string };
type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function buildOptions(typed: DraftOptions): Checked<GenerationOptions> {
  const options: GenerationOptions = { tone: typed.tone, length: typed.length, systemInstruction: typed.systemInstruction.trim() };
  const temperature = typed.temperature.trim();
  if (temperature) {
    const value = Number(temperature);
    if (!Number.isFinite(value) || value < 0 || value > 2) return { ok: false, message: "Temperature must be a number from 0 to 2 (or empty for the default)." };
    options.temperature = value;
  }
  const maxTokens = typed.maxOutputTokens.trim();
  if (maxTokens) {
    const value = Number(maxTokens);
    if (!Number.isInteger(value) || value < 16 || value > 1_000_000) {
      return { ok: false, message: "Maximum length must be a whole number of tokens from 16 to 1,000,000 (or empty for the default)." };
    }
    options.maxOutputTokens = value;
  }
  return { ok: true, value: options };
}

/** Only what applies to the target's kind is saved: a page's content option means nothing to a database. */
function buildContext(draft: CreateDraft): Checked<ContextSettings | undefined> {
  const context: ContextSettings = {};
  if (draft.kind === "page" && draft.context.pageContent) context.pageContent = true;
  if (draft.kind === "database" && draft.context.standingInstructions) context.standingInstructions = true;
  const cap = draft.context.contentCap.trim();
  if (cap) {
    const value = Number(cap.replace(/[,\s]/g, ""));
    if (!Number.isInteger(value) || value < CONTENT_CAP_MIN || value > CONTENT_CAP_MAX) {
      return { ok: false, message: `The content cap must be a whole number of characters from ${CONTENT_CAP_MIN.toLocaleString("en-US")} to ${CONTENT_CAP_MAX.toLocaleString("en-US")} (or empty for the default).` };
    }
    context.contentCapChars = value;
  }
  return { ok: true, value: Object.keys(context).length ? context : undefined };
}

/** Turns the form into what connection.save accepts, or says what to fix. */
export function toConnectionDraft(draft: CreateDraft): BuildResult {
  if (!draft.prompt.trim()) return { ok: false, message: "Write a prompt first." };
  const options = buildOptions(draft.options);
  if (!options.ok) return options;
  const context = buildContext(draft);
  if (!context.ok) return context;
  let database: ConnectionDraft["database"];
  if (draft.kind === "database") {
    const settings = toDatabaseSettings(draft.database);
    if (!settings.ok) return settings;
    database = settings.settings;
  }
  // Placement applies to a page, and to a database's row bodies.
  const placed = draft.kind === "page" || database?.output.type === "body";
  return {
    ok: true,
    draft: {
      ...(draft.connectionId ? { id: draft.connectionId } : {}),
      name: draft.name.trim() || draft.target?.title || "Untitled",
      kind: draft.kind,
      url: draft.url.trim(),
      prompt: draft.prompt,
      options: options.value,
      ...(database ? { database } : {}),
      ...(placed && draft.placement !== "append" ? { placement: draft.placement } : {}),
      ...(context.value ? { context: context.value } : {}),
      ...(draft.engine ? { engine: draft.engine, model: draft.model ?? "" } : {}),
      ...(draft.connectionId && draft.baseUpdatedAt !== undefined ? { baseUpdatedAt: draft.baseUpdatedAt } : {}),
    },
  };
}

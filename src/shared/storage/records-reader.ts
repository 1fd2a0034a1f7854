/**
 * The one reader of per-item records (connection:<id>, run:<id>) for the
 * worker and the extension pages alike. A record is validated before anyone
 * uses it: one damaged by a crash mid-write, a bug, or a newer Inkwell is
 * reported (see RecordProblem) and left out, instead of crashing whatever
 * reads it.
 *
 * Each stored record carries `recordVersion` (RECORD_VERSION, added by the
 * worker's writes; absent on records written before versions, read as
 * version 1). A record from a newer version is refused, never half-read.
 * Readers hand out records without it.
 *
 * Objects are loose: fields this reader doesn't know (added by a later build,
 * or optional ones other features keep) pass through untouched. Statuses and
 * row states are checked as text, because the run lifecycle defines them.
 */
import * as v from "valibot";
import { AUTOMATION_KEY_PREFIX, CONNECTION_KEY_PREFIX, ENGINE_IDS, RUN_KEY_PREFIX, type AutomationState, type Connection, type Run } from "./schema";

export const RECORD_VERSION = 1;

const text = v.string();
const count = v.pipe(v.number(), v.minValue(0));
const time = v.number();
const engineId = v.picklist(ENGINE_IDS);
const targetKind = v.picklist(["page", "database"]);
const recordVersion = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(RECORD_VERSION, "it was written by a newer Inkwell")));

const connectionSchema = v.looseObject({
  recordVersion,
  id: text,
  name: text,
  kind: targetKind,
  url: text,
  targetId: text,
  targetTitle: text,
  prompt: text,
  options: v.looseObject({ tone: text, length: text, systemInstruction: text, temperature: v.optional(v.number()), maxOutputTokens: v.optional(v.number()) }),
  database: v.optional(
    v.looseObject({
      dataSourceId: text,
      selectionProperty: text,
      output: v.variant("type", [
        v.looseObject({ type: v.literal("body") }),
        v.looseObject({ type: v.literal("property"), property: text, overwrite: v.picklist(["if_empty", "always"]) }),
        v.looseObject({ type: v.literal("typed") }),
      ]),
      statusProperty: v.optional(text),
      typedProperties: v.optional(v.array(v.looseObject({ property: text, instruction: v.optional(text) }))),
      allowNewOptions: v.optional(v.boolean()),
    }),
  ),
  engine: v.optional(engineId),
  model: v.optional(text),
  placement: v.optional(v.picklist(["append", "top", "replace"])),
  context: v.optional(v.looseObject({ pageContent: v.optional(v.boolean()), standingInstructions: v.optional(v.boolean()), contentCapChars: v.optional(count) })),
  deletedAt: v.optional(time),
  createdAt: time,
  updatedAt: time,
  runIds: v.array(text),
});

const rowSchema = v.looseObject({
  rowId: text,
  title: text,
  state: text,
  blockIds: v.optional(v.array(text)),
  previousText: v.optional(text),
  truncated: v.optional(v.boolean()),
  outputTokens: v.optional(count),
  inputTokens: v.optional(count),
  reason: v.optional(text),
  notionEditedAt: v.optional(text),
});

const runSchema = v.looseObject({
  recordVersion,
  id: text,
  connectionId: text,
  kind: targetKind,
  targetId: text,
  engine: engineId,
  model: text,
  status: text,
  startedAt: time,
  endedAt: v.optional(time),
  receivedChars: count,
  outputTokens: count,
  inputTokens: count,
  writtenBlockIds: v.array(text),
  blocksWritten: count,
  preview: v.optional(text),
  waitingUntil: v.optional(time),
  error: v.optional(v.looseObject({ code: text, message: text })),
  rows: v.optional(v.array(rowSchema)),
  rowLimit: v.optional(count),
  undoneAt: v.optional(time),
  notice: v.optional(text),
});

/** A stored record that could not be used, and why (no field values: they may hold prompts). */
export interface RecordProblem {
  key: string;
  reason: string;
}

export type RecordRead<T> = { ok: true; record: T } | { ok: false; problem: RecordProblem };

function read<T>(schema: v.GenericSchema, key: string, value: unknown, idOf: string): RecordRead<T> {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join(".") || "(record)";
    // Never the value itself: it may be a prompt or an answer, and the reason goes to diagnostics.
    const reason = issue.type === "max_value" ? issue.message : issue.input === undefined ? "missing" : `expected ${issue.expected ?? "a valid value"}, found ${describe(issue.input)}`;
    return { ok: false, problem: { key, reason: `${path}: ${reason}` } };
  }
  // The version is storage's business: records in memory (and in exports) never carry it.
  const { recordVersion: _version, ...record } = parsed.output as { id: string; recordVersion?: number };
  // A record stored under another item's key would be shown (and edited) as that item.
  if (record.id !== idOf) return { ok: false, problem: { key, reason: "id: does not match its key" } };
  return { ok: true, record: record as T };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function readConnectionRecord(key: string, value: unknown): RecordRead<Connection> {
  return read<Connection>(connectionSchema, key, value, key.slice(CONNECTION_KEY_PREFIX.length));
}

export function readRunRecord(key: string, value: unknown): RecordRead<Run> {
  return read<Run>(runSchema, key, value, key.slice(RUN_KEY_PREFIX.length));
}

/**
 * Reads every record of one kind from a storage snapshot (e.g. `get(null)`):
 * the valid ones, and a problem for each invalid one.
 */
export function readRecords<T>(items: Record<string, unknown>, prefix: typeof CONNECTION_KEY_PREFIX | typeof RUN_KEY_PREFIX): { records: T[]; problems: RecordProblem[] } {
  const records: T[] = [];
  const problems: RecordProblem[] = [];
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(prefix) || value === undefined) continue;
    const result = (prefix === CONNECTION_KEY_PREFIX ? readConnectionRecord(key, value) : readRunRecord(key, value)) as RecordRead<T>;
    if (result.ok) records.push(result.record);
    else problems.push(result.problem);
  }
  return { records, problems };
}

/**
 * The fields of a connection's automation state (automation:<connectionId>) the pages show; the rest
 * passes through untouched. Only the worker writes these.
 */
const automationStateSchema = v.looseObject({
  connectionId: text,
  nextAt: v.nullable(time),
  lastCheckAt: v.optional(time),
  lastResult: v.optional(text),
  failures: v.optional(count),
  filledToday: v.optional(count),
  paused: v.optional(v.looseObject({ reason: text, message: text, at: time })),
});

export function readAutomationRecord(key: string, value: unknown): RecordRead<AutomationState> {
  const parsed = v.safeParse(automationStateSchema, value);
  if (!parsed.success) return { ok: false, problem: { key, reason: `${parsed.issues[0].path?.map((item) => String(item.key)).join(".") || "(record)"}: invalid` } };
  if (parsed.output.connectionId !== key.slice(AUTOMATION_KEY_PREFIX.length)) return { ok: false, problem: { key, reason: "connectionId: does not match its key" } };
  return { ok: true, record: parsed.output as unknown as AutomationState };
}

/** A record as stored: the item plus its version. */
export function toStoredRecord<T extends object>(record: T): T & { recordVersion: number } {
  return { ...record, recordVersion: RECORD_VERSION };
}

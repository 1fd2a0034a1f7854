/**
 * The connections database in the user's Notion: its schema, and reading and
 * writing its rows. A gateway over a Client with no storage of its own; the
 * mirror (background/connections/mirror.ts) decides what to write and when.
 *
 * This module turns a connection into a row's values; the schema is in
 * connections-db-layout.ts, reading and writing rows in connections-db-rows.ts.
 *
 * Each row carries the connection's id ("Inkwell ID", how rows are matched, so
 * a lost mapping never creates a second row) and "Inkwell config" (JSON of
 * everything else needed to restore the connection on another browser). Only
 * connection fields are ever written: no key, token or setting.
 */
import { splitText } from "../core/markdown/split-rich-text";
import { rowCounts, runOutcome } from "../core/run-view";
import type { Connection, EngineId, Run } from "../shared/storage/schema";
import { INKWELL_CONFIG, INKWELL_ID, type ColumnLayout, type ColumnType } from "./connections-db-layout";

export * from "./connections-db-layout";
export * from "./connections-db-rows";

const MAX_TEXT_ITEM = 2_000;
const MAX_TEXT_ITEMS = 100;
const MAX_URL = 2_000;
const MAX_SELECT = 100;

const ENGINE_LABELS: Record<EngineId, string> = {
  gemini: "Gemini",
  openai: "OpenAI",
  anthropic: "Claude",
  compatible: "OpenAI-compatible",
  builtin: "Built-in (Chrome)",
};

/** Rich text for a long string: ≤ 2000-character items, at most 100 of them (cut with an ellipsis beyond). */
export function longText(text: string): { type: "text"; text: { content: string } }[] {
  let pieces = splitText(text, MAX_TEXT_ITEM);
  if (pieces.length > MAX_TEXT_ITEMS) {
    pieces = pieces.slice(0, MAX_TEXT_ITEMS);
    pieces[MAX_TEXT_ITEMS - 1] = `${pieces[MAX_TEXT_ITEMS - 1]!.slice(0, MAX_TEXT_ITEM - 1)}…`;
  }
  return text === "" ? [] : pieces.map((content) => ({ type: "text", text: { content } }));
}

/** The settings a row must carry to restore its connection (name and prompt have their own columns). */
export interface RowConfig {
  v: 1;
  kind: Connection["kind"];
  url: string;
  targetId: string;
  targetTitle: string;
  options: Connection["options"];
  database?: Connection["database"];
  engine?: EngineId;
  model?: string;
  placement?: Connection["placement"];
  context?: Connection["context"];
  createdAt: number;
  updatedAt: number;
}

export function rowConfig(connection: Connection): RowConfig {
  const { kind, url, targetId, targetTitle, options, database, engine, model, placement, context, createdAt, updatedAt } = connection;
  return {
    v: 1,
    kind,
    url,
    targetId,
    targetTitle,
    options,
    ...(database ? { database } : {}),
    ...(engine ? { engine } : {}),
    ...(engine && model !== undefined ? { model } : {}),
    ...(placement ? { placement } : {}),
    ...(context ? { context } : {}),
    createdAt,
    updatedAt,
  };
}

/**
 * A row's values, by our column names, as plain values. Columns that only a
 * local run can fill (Engine and Model without an override, Last run, Last
 * result) are left out when this browser has no run of the connection, e.g.
 * after "Import from Notion": writing them would blank history only Notion has.
 */
export function rowValues(connection: Connection, lastRun: Run | undefined): Record<string, string | null> {
  const values: Record<string, string | null> = {
    Name: connection.name,
    Type: connection.kind === "database" ? "Database" : "Page",
    Target: targetUrl(connection),
    Prompt: connection.prompt,
    Created: new Date(connection.createdAt).toISOString(),
    [INKWELL_ID]: connection.id,
    [INKWELL_CONFIG]: JSON.stringify(rowConfig(connection)),
  };
  const engine = connection.engine ?? lastRun?.engine;
  if (engine) {
    values.Engine = ENGINE_LABELS[engine];
    values.Model = connection.engine ? connection.model || lastRun?.model || "" : (lastRun?.model ?? "");
  }
  if (lastRun) {
    values["Last run"] = new Date(lastRun.startedAt).toISOString();
    values["Last result"] = describeResult(lastRun);
  }
  return values;
}

/** The Notion properties payload for a row, written only into columns this database has. */
export function rowProperties(connection: Connection, lastRun: Run | undefined, layout: ColumnLayout): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rowValues(connection, lastRun))) {
    const column = layout.columns[name];
    if (column) properties[column.property] = propertyValue(column.type, value);
  }
  return properties;
}

function propertyValue(type: ColumnType, value: string | null): unknown {
  switch (type) {
    case "title":
      return { title: longText(value ?? "") };
    case "rich_text":
      return { rich_text: longText(value ?? "") };
    case "select":
      // Notion refuses commas in option names.
      return { select: value ? { name: value.replace(/,/g, " ").slice(0, MAX_SELECT) } : null };
    case "url":
      return { url: value || null };
    case "date":
      return { date: value ? { start: value } : null };
  }
}

/** The link a user can open: as they gave it when it fits Notion's URL limit, else the target's canonical one. */
function targetUrl(connection: Connection): string {
  if (connection.url && connection.url.length <= MAX_URL && /^https?:\/\//i.test(connection.url)) return connection.url;
  return `https://www.notion.so/${connection.targetId.replace(/-/g, "")}`;
}

const STATUS_WORDS: Record<Run["status"], string> = {
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  partial: "Partly done",
};

/**
 * "Succeeded · 12 blocks" / "Partly done · 4 of 5 rows · 1 failed" / "Failed: <reason>" / "Dry run · 3 rows
 * previewed · nothing written" (a dry run's rows are never "done"). Run errors are already scrubbed.
 */
export function describeResult(run: Run): string {
  const parts = [STATUS_WORDS[runOutcome(run)]];
  if (run.mode === "dry") {
    const { previewed, failed } = rowCounts(run);
    const status = run.status === "succeeded" ? "" : ` ${STATUS_WORDS[run.status].toLowerCase()}`;
    parts.splice(0, 1, `Dry run${status}`, `${previewed} ${previewed === 1 ? "row" : "rows"} previewed`, "nothing written");
    if (failed > 0) parts.push(`${failed} failed`);
  } else if (run.rows) {
    const { done, failed, total } = rowCounts(run);
    parts.push(`${done} of ${total} rows`);
    if (failed > 0) parts.push(`${failed} failed`);
  } else if (run.blocksWritten > 0) {
    parts.push(`${run.blocksWritten} blocks`);
  }
  if (run.undoneAt) parts.push("undone");
  const text = parts.join(" · ") + (run.error ? `: ${run.error.message}` : run.notice ? ` (${run.notice})` : "");
  return text.slice(0, MAX_TEXT_ITEM);
}

/**
 * What a database run sends for each row, decided once per run (the typed
 * spec, standing instructions, whether rows' bodies are read) and then per
 * row. The run, the dry run and the preview all build requests here, so the
 * preview shows exactly what a run sends.
 */
import type { NotionClient as Client } from "../../notion/rows";
import { assembleRequest, contentCutNotice, DEFAULT_CONTENT_CAP_CHARS, includedContent, type AssembledRequest } from "../../core/context/assemble";
import { InkwellError } from "../../core/errors";
import type { RowOutput } from "../../core/exactly-once/row-lifecycle";
import { fillTemplate, propertiesReadBy, usesPageContent } from "../../core/template";
import { answersWithJson, connectionSpec, rowOutputOf } from "../../core/typed-output/connection-spec";
import { bodyKeyFor } from "../../core/typed-output/row-answer";
import type { DataSourceProperty, TypedOutputSpec } from "../../core/typed-output";
import type { DatabaseRow, SchemaProperty } from "../../notion/databases";
import type { IncludedContent } from "../../shared/protocol/types";
import type { Connection, DatabaseSettings } from "../../shared/storage/schema";

/** The reads a run needs beyond rows (the gateway's; tests may hand in others). */
export interface ContextReaders {
  /** A page's or row's body as Markdown, cut to `maxChars`. */
  pageContent(client: Client, pageId: string, maxChars: number): Promise<{ markdown: string; truncated: boolean }>;
  /** The data source's properties with their configuration (options, formats). */
  dataSourceProperties(client: Client, dataSourceId: string): Promise<DataSourceProperty[]>;
  /** The database's and the named properties' descriptions, as system-instruction text ("" when none). */
  standingInstructions(client: Client, target: { databaseId: string; dataSourceId: string; propertyNames: readonly string[] }): Promise<string>;
}

export interface RowRequestPlan {
  output: RowOutput;
  /** Typed outputs: the spec and (with body output) the body's key. */
  spec?: TypedOutputSpec;
  bodyKey?: string;
  /** Standing instructions text ("" = none or not asked for). */
  standing: string;
  /** Whether the template reads each row's body. */
  readsPageContent: boolean;
  capChars: number;
  /** The properties each row is read with (beyond the title). */
  propertyNames: string[];
}

type DatabaseConnection = Connection & { database: DatabaseSettings };

/** The per-run part, from the current schema; refuses with every reason a connection can't run. */
export async function planRowRequests(client: Client, connection: DatabaseConnection, schema: readonly SchemaProperty[], readers: ContextReaders): Promise<RowRequestPlan> {
  const settings = connection.database;
  const output = rowOutputOf(settings);
  const names = schema.map((property) => property.name);
  const promptNames = propertiesReadBy(connection.prompt, names);
  const typedNames = (settings.typedProperties ?? []).map((choice) => choice.property);
  let spec: TypedOutputSpec | undefined;
  if (answersWithJson(output)) {
    const built = connectionSpec(settings, await readers.dataSourceProperties(client, settings.dataSourceId));
    if (!built.ok) throw new InkwellError("invalid_input", built.problems.join(" "));
    spec = built.spec;
  }
  const standing = connection.context?.standingInstructions
    ? await readers.standingInstructions(client, { databaseId: connection.targetId, dataSourceId: settings.dataSourceId, propertyNames: [...new Set([...promptNames, ...typedNames])] })
    : "";
  return {
    output,
    ...(spec ? { spec } : {}),
    ...(spec && output === "body+typed" ? { bodyKey: bodyKeyFor(spec.properties.map((property) => property.name)) } : {}),
    standing,
    readsPageContent: usesPageContent(connection.prompt, names),
    capChars: connection.context?.contentCapChars ?? DEFAULT_CONTENT_CAP_CHARS,
    propertyNames: promptNames,
  };
}

export type RowRequest = { ok: true; request: AssembledRequest; notice?: string } | { ok: false; reason: string };

/** One row's request, or why the row is skipped. Reads the row's body when the template asks for it. */
export async function buildRowRequest(client: Client, plan: RowRequestPlan, connection: DatabaseConnection, row: DatabaseRow, readers: ContextReaders): Promise<RowRequest> {
  let included: IncludedContent | null = null;
  if (plan.readsPageContent) {
    const content = await readers.pageContent(client, row.id, plan.capChars);
    included = includedContent("row", { text: content.markdown, truncated: content.truncated }, plan.capChars);
  }
  const filled = fillTemplate(connection.prompt, row, included ? { pageContent: included.text } : {});
  if (!filled.ok) return { ok: false, reason: filled.reason };
  const request = assembleRequest({
    prompt: filled.prompt,
    options: connection.options,
    included,
    standing: plan.standing,
    typed: plan.spec ? { spec: plan.spec, ...(plan.bodyKey !== undefined ? { bodyKey: plan.bodyKey } : {}) } : null,
  });
  return { ok: true, request, ...(included?.truncated ? { notice: contentCutNotice(included) } : {}) };
}

/**
 * "Exactly what will be sent": the request a run would send now, for the
 * draft being edited, built by the same functions the run uses. Reads Notion,
 * never writes, never calls the AI.
 */
import { assembleRequest, type AssembledRequest } from "../../core/context/assemble";
import { InkwellError } from "../../core/errors";
import { validateTemplate } from "../../core/template";
import { propertyIds, queryTickedRows, readSchema } from "../../notion/databases";
import type { NotionClient } from "../../notion/rows";
import type { SendPreview } from "../../shared/protocol/types";
import type { Connection, DatabaseSettings } from "../../shared/storage/schema";
import { pageRequest } from "./page-execution";
import { buildRowRequest, planRowRequests, type ContextReaders } from "./row-request";

/** The fields of a connection a request depends on (a saved connection, or a draft with its resolved target). */
export type PreviewedConnection = Pick<Connection, "kind" | "targetId" | "prompt" | "options" | "context" | "database" | "placement">;

function preview(request: AssembledRequest, rowTitle: string | null, notice: string | null): SendPreview {
  return {
    rowTitle,
    notice,
    systemInstruction: request.systemInstruction,
    prompt: request.prompt,
    included: request.included,
    outputSchema: request.output ? { ...request.output.schema } : null,
    estimatedInputTokens: request.estimatedInputTokens,
  };
}

export async function previewSend(client: NotionClient, connection: PreviewedConnection, readers: ContextReaders, now: Date): Promise<SendPreview> {
  if (connection.kind === "page" || !connection.database) {
    if (connection.kind === "database") throw new InkwellError("invalid_input", "Choose the database's checkbox and output first.");
    return preview(await pageRequest(client, connection as Connection, readers, now), null, null);
  }
  const database = connection as Connection & { database: DatabaseSettings };
  const settings = database.database;
  const schema = await readSchema(client, settings.dataSourceId);
  const template = validateTemplate(connection.prompt, schema.map((property) => property.name));
  if (!template.ok) throw new InkwellError("invalid_input", template.message);
  const plan = await planRowRequests(client, database, schema, readers);
  const [first] = (await queryTickedRows(client, settings.dataSourceId, settings.selectionProperty, 1, propertyIds(schema, [settings.selectionProperty, ...plan.propertyNames]))).rows;
  const typed = plan.spec ? { spec: plan.spec, ...(plan.bodyKey !== undefined ? { bodyKey: plan.bodyKey } : {}) } : null;
  if (!first) {
    const unfilled = assembleRequest({ prompt: connection.prompt, options: connection.options, standing: plan.standing, typed });
    return preview(unfilled, null, `No rows are ticked. Tick the “${settings.selectionProperty}” checkbox on a row to see exactly what it would send.`);
  }
  const built = await buildRowRequest(client, plan, database, first, readers);
  if (!built.ok) {
    const unfilled = assembleRequest({ prompt: connection.prompt, options: connection.options, standing: plan.standing, typed });
    return preview(unfilled, first.title, `This row would be skipped: ${built.reason}`);
  }
  return preview(built.request, first.title, built.notice ?? null);
}

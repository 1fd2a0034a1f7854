/**
 * Dry runs ("Try on the first 3 rows" without writing): what each row would
 * get, and what the whole run would cost. Notion is only read.
 */
import { markdownPreview, typedPreview } from "../../core/row-preview";
import { estimateRun } from "../../core/run-estimate";
import { matchFilter } from "../../core/automation";
import { propertyIds, queryMatchingRows, readSchema } from "../../notion/databases";
import type { NotionClient } from "../../notion/rows";
import { ESTIMATE_COUNT_LIMIT, type Connection, type DatabaseSettings, type PriceEstimate, type RowPreview, type Run, type RunEstimate } from "../../shared/storage/schema";
import type { RowAnswer } from "./row-generation";
import type { RowRequestPlan } from "./row-request";

/** What the row would get, from the answer that would be written. */
export function previewOf(answer: Extract<RowAnswer, { kind: "answer" }>, plan: RowRequestPlan, settings: DatabaseSettings): RowPreview {
  if (answer.typed && plan.spec) return typedPreview(answer.typed, plan.spec);
  const markdown = answer.markdown ?? answer.stored;
  return settings.output.type === "property" ? markdownPreview(markdown, { property: settings.output.property }) : markdownPreview(markdown, { body: true });
}

/** The whole run's estimate: the dry run's rows' average, times the rows ticked now (counted up to a limit). */
export async function dryRunEstimate(client: NotionClient, run: Run, connection: Connection & { database: DatabaseSettings }, prices: readonly PriceEstimate[]): Promise<RunEstimate | null> {
  const sample = (run.rows ?? []).filter((row) => row.state === "previewed").map((row) => ({ inputTokens: row.inputTokens ?? 0, outputTokens: row.outputTokens ?? 0 }));
  if (sample.length === 0) return null;
  const settings = connection.database;
  const schema = await readSchema(client, settings.dataSourceId);
  const counted = await queryMatchingRows(client, settings.dataSourceId, matchFilter(settings, "ticked"), settings.selectionProperty, ESTIMATE_COUNT_LIMIT + 1, propertyIds(schema, []));
  const count = Math.min(counted.rows.length, ESTIMATE_COUNT_LIMIT);
  return estimateRun(sample, { count, isLowerBound: counted.rows.length > ESTIMATE_COUNT_LIMIT || counted.hitResultCap }, { engine: run.engine, model: run.model, prices });
}

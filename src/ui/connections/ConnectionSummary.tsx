import type { Connection } from "../../shared/storage/schema";
import { engineLabel, formatNumber } from "./model";

const TONE_LABELS: Record<string, string> = { neutral: "Neutral", friendly: "Friendly", formal: "Formal", persuasive: "Persuasive" };

/** The one-line summary of a connection's generation options ("Default" when none is set). */
export function optionsSummary({ options }: Connection): string {
  const parts: string[] = [];
  if (options.tone) parts.push(`tone ${TONE_LABELS[options.tone] ?? options.tone}`);
  if (options.length) parts.push(`${options.length} length`);
  if (options.temperature !== undefined) parts.push(`temperature ${options.temperature}`);
  if (options.maxOutputTokens !== undefined) parts.push(`max ${formatNumber(options.maxOutputTokens)} tokens`);
  if (options.systemInstruction) parts.push("system instruction");
  return parts.length ? parts.join(", ") : "Default";
}

function databaseSummary(connection: Connection): string {
  const settings = connection.database;
  if (!settings) return "Not set up";
  const output =
    settings.output.type === "body"
      ? "writes to each row's page body"
      : settings.output.type === "typed"
        ? "fills the chosen properties"
        : `writes to “${settings.output.property}” (${settings.output.overwrite === "always" ? "replacing" : "only if empty"})`;
  return `Rows ticked in “${settings.selectionProperty}”; ${output}${settings.statusProperty ? `; status in “${settings.statusProperty}”` : ""}.`;
}

/** Type, target, engine, rows, options and prompt of a connection. */
export function ConnectionSummary({ connection }: { connection: Connection }) {
  return (
    <dl class="summary">
      <dt>Type</dt>
      <dd>{connection.kind === "page" ? "Page" : "Database"}</dd>
      <dt>Target</dt>
      <dd>
        <a id="details-open-notion" href={connection.url} target="_blank" rel="noreferrer">
          {connection.targetTitle || connection.url} ↗
        </a>
      </dd>
      <dt>Engine</dt>
      <dd>{engineLabel(connection)}</dd>
      {connection.kind === "database" && (
        <>
          <dt>Rows</dt>
          <dd>{databaseSummary(connection)}</dd>
        </>
      )}
      <dt>Options</dt>
      <dd>{optionsSummary(connection)}</dd>
      <dt>Prompt</dt>
      <dd>
        <pre class="prompt-text">{connection.prompt || "(empty)"}</pre>
      </dd>
    </dl>
  );
}

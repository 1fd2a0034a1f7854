import type { Connection } from "../../shared/storage/schema";
import { CONTENT_CAP_DEFAULT, usesPageContent } from "../popup/create/contentCap";
import { PLACEMENT_LABELS } from "../popup/create/PlacementField";

const count = (value: number) => value.toLocaleString("en-US");

/** "up to 20,000 characters (≈ 5,000 tokens)": the cap on page or row content sent, as the Create form describes it. */
function capText(connection: Connection): string {
  const chars = connection.context?.contentCapChars ?? CONTENT_CAP_DEFAULT;
  return `up to ${count(chars)} characters (≈ ${count(Math.ceil(chars / 4))} tokens)`;
}

function contextItems(connection: Connection): string[] {
  const context = connection.context ?? {};
  if (connection.kind === "page") return context.pageContent ? [`The page's current content, ${capText(connection)}`] : [];
  const items: string[] = [];
  if (usesPageContent(connection.prompt)) items.push(`Each row's content ({{Page content}}), ${capText(connection)}`);
  if (context.standingInstructions) items.push("The database's description and the used properties' descriptions, as standing instructions");
  return items;
}

/**
 * What a connection fills and reads besides its prompt, for its details view:
 * the typed properties with their instructions, where the answer goes, and the
 * context sent from Notion. Text only: every value is the user's or Notion's.
 */
export function GenerationSettings({ connection }: { connection: Connection }) {
  const typed = connection.database?.typedProperties ?? [];
  const showsPlacement = connection.kind === "page" || connection.database?.output.type === "body";
  const context = contextItems(connection);
  return (
    <dl class="summary" id="details-generation">
      {typed.length > 0 && (
        <>
          <dt>Properties</dt>
          <dd>
            <ul id="details-typed-properties">
              {typed.map(({ property, instruction }) => (
                <li key={property}>
                  <strong>{property}</strong>
                  {instruction ? `: ${instruction}` : ""}
                </li>
              ))}
            </ul>
            <p class="hint" id="details-new-options">
              {connection.database?.allowNewOptions ? "May add new select and multi-select options." : "Uses only the existing options."}
            </p>
          </dd>
        </>
      )}
      {showsPlacement && (
        <>
          <dt>Placement</dt>
          <dd id="details-placement">{PLACEMENT_LABELS[connection.placement ?? "append"]}</dd>
        </>
      )}
      <dt>Context</dt>
      <dd id="details-context">
        {context.length === 0 ? (
          connection.kind === "page" ? "The prompt only." : "The prompt and each row's properties."
        ) : (
          <ul>
            {context.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

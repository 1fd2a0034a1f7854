/**
 * Standing instructions: what the user wrote in Notion about a database (its
 * description) and about the properties a prompt uses (their descriptions),
 * gathered for the system instruction. Pure: the gateway reads the objects
 * (src/notion/standing-instructions.ts), the pipeline decides where the text goes.
 *
 * API:
 *   standingInstructionsFrom({ databaseDescription?, dataSourceDescription?, properties }, names): StandingInstructions
 *   standingInstructionsText(instructions): string   ("" when there is nothing to say)
 */

/** A rich text array as Notion returns it (only `plain_text` is read). */
type RichText = readonly { readonly plain_text?: string }[] | undefined;

export interface StandingInstructions {
  /** The database's description (and its data source's, when that differs), trimmed; absent when empty. */
  readonly database?: string;
  /** The descriptions of the requested properties that have one, in the order asked. */
  readonly properties: readonly { readonly name: string; readonly description: string }[];
}

export interface DescribedSchema {
  readonly databaseDescription?: RichText;
  readonly dataSourceDescription?: RichText;
  /** `dataSources.retrieve(...).properties`: a property's `description` is a string or null. */
  readonly properties: Readonly<Record<string, { readonly name?: string; readonly description?: string | null }>>;
}

const plain = (text: RichText) => (text ?? []).map((item) => item.plain_text ?? "").join("").trim();

/** The instructions for the properties named in `names` (unknown names and empty descriptions are left out). */
export function standingInstructionsFrom(schema: DescribedSchema, names: readonly string[]): StandingInstructions {
  const parts = [...new Set([plain(schema.databaseDescription), plain(schema.dataSourceDescription)].filter((text) => text !== ""))];
  const properties: { name: string; description: string }[] = [];
  for (const name of new Set(names)) {
    const description = schema.properties[name]?.description?.trim();
    if (description) properties.push({ name, description });
  }
  return { ...(parts.length > 0 ? { database: parts.join("\n\n") } : {}), properties };
}

/** The instructions as text for a system instruction; "" when there are none. */
export function standingInstructionsText(instructions: StandingInstructions): string {
  const sections: string[] = [];
  if (instructions.database) sections.push(`About this database:\n${instructions.database}`);
  if (instructions.properties.length > 0) {
    sections.push(`About its properties:\n${instructions.properties.map((p) => `- ${p.name}: ${p.description.replace(/\s*\n\s*/g, " ")}`).join("\n")}`);
  }
  return sections.join("\n\n");
}

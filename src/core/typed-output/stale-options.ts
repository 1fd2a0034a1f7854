/**
 * A stored typed answer checked again just before it is written: the answer
 * was validated when it was generated, but "Write these" may come much later
 * (and a resumed run a little later), and by then an option it uses may have
 * been removed or renamed, or the consent to create options withdrawn. Notion
 * would silently create such an option, so the row fails instead, naming it.
 */
import type { PropertyPatch, TypedOutputSpec } from "./types";

function optionNames(patch: PropertyPatch): string[] {
  if ("select" in patch) return [patch.select.name];
  if ("status" in patch) return [patch.status.name];
  if ("multi_select" in patch) return patch.multi_select.map((option) => option.name);
  return [];
}

/** Why the answer can't be written as it is now (empty when it can): properties no longer filled, options they no longer have and may not create. */
export function unavailableOptions(properties: Readonly<Record<string, PropertyPatch>>, spec: TypedOutputSpec): string[] {
  const reasons: string[] = [];
  for (const [name, patch] of Object.entries(properties)) {
    const property = spec.properties.find((candidate) => candidate.name === name);
    if (!property) {
      reasons.push(`“${name}” is no longer one of the properties this connection fills.`);
      continue;
    }
    const used = optionNames(patch);
    if (used.length === 0) continue;
    // Status options can't be created through the API; select options only with the connection's consent.
    if (spec.allowNewOptions && property.type !== "status") continue;
    const missing = used.filter((option) => !(property.options ?? []).includes(option));
    if (missing.length > 0) reasons.push(`“${name}” no longer has the option${missing.length > 1 ? "s" : ""} ${missing.map((option) => `“${option}”`).join(", ")}.`);
  }
  return reasons;
}

/**
 * A connection's typed outputs as a spec for one run: the chosen properties
 * with their current types and options, read from the data source at run
 * time (the user may have renamed a property or added options since setup).
 */
import type { DatabaseSettings } from "../../shared/storage/schema";
import type { RowOutput } from "../exactly-once/row-lifecycle";
import { specProblems, typedPropertyFromDataSource } from "./schema";
import type { DataSourceProperty, TypedOutputSpec, TypedProperty } from "./types";

export type ConnectionSpec = { readonly ok: true; readonly spec: TypedOutputSpec } | { readonly ok: false; readonly problems: readonly string[] };

/** What each row's answer becomes, from the connection's output and typed properties. */
export function rowOutputOf(settings: Pick<DatabaseSettings, "output" | "typedProperties">): RowOutput {
  const typed = (settings.typedProperties ?? []).length > 0;
  switch (settings.output.type) {
    case "typed":
      return "typed";
    case "body":
      return typed ? "body+typed" : "body";
    case "property":
      // One text property from a Markdown answer; typed properties are not combined with it.
      return "property";
  }
}

/** Whether rows are answered with JSON (typed properties), not Markdown. */
export function answersWithJson(output: RowOutput): boolean {
  return output === "typed" || output === "body+typed";
}

/** The spec for a run, or every reason it can't run (in words for the person who set it up). */
export function connectionSpec(settings: Pick<DatabaseSettings, "output" | "typedProperties" | "allowNewOptions">, properties: readonly DataSourceProperty[]): ConnectionSpec {
  const chosen = settings.typedProperties ?? [];
  if (chosen.length === 0) return settings.output.type === "typed" ? { ok: false, problems: ["Choose at least one property for the answer to fill."] } : { ok: true, spec: { properties: [], allowNewOptions: false } };
  const problems: string[] = [];
  const typed: TypedProperty[] = [];
  for (const choice of chosen) {
    const config = properties.find((property) => property.name === choice.property);
    if (!config) {
      problems.push(`The property “${choice.property}” no longer exists in the database (renamed or deleted?). Open the connection and choose again.`);
      continue;
    }
    const instruction = choice.instruction?.trim();
    const property = typedPropertyFromDataSource(config, instruction ? { instruction } : {});
    if (!property) {
      problems.push(`“${choice.property}” is a ${config.type.replace(/_/g, " ")} property, which an answer can't fill.`);
      continue;
    }
    typed.push(property);
  }
  const spec: TypedOutputSpec = { properties: typed, allowNewOptions: settings.allowNewOptions === true };
  problems.push(...specProblems(spec));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, spec };
}

/**
 * Typed outputs: several database properties filled from one JSON answer.
 *
 *   const schema = buildOutputSchema(spec);            // to the engine
 *   const parsed = parseAnswerJson(answerText);
 *   const result = parsed.ok ? validateAnswer(parsed.value, spec) : { ok: false, reasons: [parsed.reason] };
 *   if (!result.ok) retry once with correctiveInstruction(result.reasons)
 *   else pages.update({ properties: result.properties })
 *     (Notion creates a select option that does not exist yet; result.newOptions lists them for the preview)
 */
export * from "./types";
export { buildOutputSchema, propertySchema, specProblems, typedPropertyFromDataSource, MAX_ENUM_VALUES, MAX_MULTI_SELECT_ITEMS, type JsonSchema } from "./schema";
export { validateAnswer } from "./validate";
export { parseAnswerJson, type ParsedAnswer } from "./answer-json";
export { correctiveInstruction, reasonsSummary } from "./retry";
export { isEmail, isIsoDate, isWebUrl, isOptionName, textToRichText } from "./values";

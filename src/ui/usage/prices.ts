/** The price table's rows as typed, and reading them as estimates. */
import type { PriceEstimate } from "../../shared/storage/schema";

export interface PriceRow {
  key: number;
  model: string;
  input: string;
  output: string;
}

let nextKey = 0;
/** A new row's key: unique for this page's life, so rows keep their inputs when others are removed. */
export const newRowKey = (): number => nextKey++;
export const toRow = (price: PriceEstimate): PriceRow => ({ key: newRowKey(), model: price.model, input: String(price.inputPerMillion), output: String(price.outputPerMillion) });

type Parsed = { ok: true; prices: PriceEstimate[] } | { ok: false; message: string };

/** The typed rows as estimates, or what to fix. Empty rows are dropped. */
export function parsePrices(rows: readonly Pick<PriceRow, "model" | "input" | "output">[]): Parsed {
  const prices: PriceEstimate[] = [];
  for (const row of rows) {
    const model = row.model.trim();
    if (!model && !row.input.trim() && !row.output.trim()) continue;
    if (!model) return { ok: false, message: "Each price needs a model (or a pattern such as gpt-5*)." };
    const input = Number(row.input);
    const output = Number(row.output);
    if (!row.input.trim() || !row.output.trim() || !Number.isFinite(input) || !Number.isFinite(output) || input < 0 || output < 0 || input > 1_000_000 || output > 1_000_000) {
      return { ok: false, message: `“${model}”: prices must be dollar amounts from 0 to 1,000,000 per million tokens.` };
    }
    prices.push({ model, inputPerMillion: input, outputPerMillion: output });
  }
  return { ok: true, prices };
}

import { useEffect, useState } from "preact/hooks";
import type { PriceEstimate } from "../../shared/storage/schema";
import { errorMessage, request } from "../messaging";
import { newRowKey, parsePrices, toRow, type PriceRow } from "./prices";

export { parsePrices } from "./prices";

interface PriceTableProps {
  prices: PriceEstimate[];
  /** Models used without an estimate, offered as rows to fill in. */
  unpriced: string[];
  onSaved: () => void;
}

/**
 * The user's price estimates, US$ per million tokens, matched against each
 * run's model (a pattern ending in * matches by prefix). They are estimates to
 * check against the provider's pricing page, never presented as the truth.
 *
 * Stable hooks: table#price-table (inputs labelled "Model pattern N",
 * "Input $ per 1M tokens N", "Output $ per 1M tokens N"), buttons "Add a price",
 * "Save prices", #prices-status.
 */
export function PriceTable({ prices, unpriced, onSaved }: PriceTableProps) {
  const [rows, setRows] = useState<PriceRow[]>(() => prices.map(toRow));
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const [dirty, setDirty] = useState(false);

  // Saved elsewhere (another popup, the options page): shown unless this one holds unsaved edits.
  const pricesKey = JSON.stringify(prices);
  useEffect(() => {
    if (!dirty) setRows(prices.map(toRow));
  }, [pricesKey]);

  const edit = (key: number, patch: Partial<PriceRow>) => {
    setDirty(true);
    setStatus({ text: "" });
    setRows(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };
  const add = (model = "") => {
    setDirty(true);
    setRows([...rows, { key: newRowKey(), model, input: "", output: "" }]);
  };
  const remove = (key: number) => {
    setDirty(true);
    setRows(rows.filter((row) => row.key !== key));
  };

  const save = async () => {
    const parsed = parsePrices(rows);
    if (!parsed.ok) {
      setStatus({ text: parsed.message, error: true });
      return;
    }
    setStatus({ text: "Saving…" });
    try {
      await request("settings.save", { patch: { usage: { prices: parsed.prices } } });
      setDirty(false);
      setStatus({ text: "Saved. Costs are re-estimated with these prices." });
      onSaved();
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    }
  };

  const missing = unpriced.filter((model) => !rows.some((row) => row.model.trim() === model));
  return (
    <fieldset id="prices">
      <legend>Price estimates</legend>
      <p class="hint" id="prices-hint">
        Estimates only, in US dollars per million tokens. Check them against your provider's pricing page: prices change, and Inkwell doesn't vouch for them. A pattern ending in * matches every model that starts with it. Local engines (OpenAI-compatible server, Chrome built-in AI) count as free: the
        budget never stops them.
      </p>
      {missing.length > 0 && (
        <p class="notice" id="unpriced-models">
          No estimate yet for {missing.join(", ")}.{" "}
          {missing.map((model) => (
            <button key={model} type="button" class="link" onClick={() => add(model)}>
              Add {model}
            </button>
          ))}
        </p>
      )}
      <div class="table-wrap">
        <table id="price-table" class="data prices" aria-describedby="prices-hint">
          <thead>
            <tr>
              <th scope="col">Model pattern</th>
              <th scope="col">Input $/1M</th>
              <th scope="col">Output $/1M</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <td>
                  <input aria-label={`Model pattern ${index + 1}`} value={row.model} autocomplete="off" spellcheck={false} onInput={(event) => edit(row.key, { model: event.currentTarget.value })} />
                </td>
                <td>
                  <input aria-label={`Input $ per 1M tokens ${index + 1}`} type="number" min={0} step="any" value={row.input} onInput={(event) => edit(row.key, { input: event.currentTarget.value })} />
                </td>
                <td>
                  <input aria-label={`Output $ per 1M tokens ${index + 1}`} type="number" min={0} step="any" value={row.output} onInput={(event) => edit(row.key, { output: event.currentTarget.value })} />
                </td>
                <td>
                  <button type="button" class="ghost small" aria-label={`Remove price ${index + 1}`} onClick={() => remove(row.key)}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="row">
        <button type="button" onClick={() => add()}>
          Add a price
        </button>
        <button type="button" class="primary" onClick={() => void save()} disabled={!dirty}>
          Save prices
        </button>
        <span id="prices-status" role="status" class={status.error ? "error" : "muted"}>
          {status.text}
        </span>
      </div>
    </fieldset>
  );
}

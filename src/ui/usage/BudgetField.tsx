import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage, request } from "../messaging";
import { formatCost } from "./format";

interface BudgetFieldProps {
  monthly: number | null;
  spent: number;
  onSaved: () => void;
}

/** The optional monthly budget in estimated dollars; empty means none. */
export function BudgetField({ monthly, spent, onSaved }: BudgetFieldProps) {
  const [value, setValue] = useState(monthly === null ? "" : String(monthly));
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const edited = useRef(false);
  useEffect(() => {
    if (!edited.current) setValue(monthly === null ? "" : String(monthly));
  }, [monthly]);

  const save = async () => {
    const text = value.trim();
    const amount = text === "" ? null : Number(text);
    if (amount !== null && (!Number.isFinite(amount) || amount < 0 || amount > 1_000_000)) {
      setStatus({ text: "The budget must be a dollar amount from 0 to 1,000,000, or empty for none.", error: true });
      return;
    }
    setStatus({ text: "Saving…" });
    try {
      await request("settings.save", { patch: { usage: { monthlyBudget: amount } } });
      edited.current = false;
      setStatus({ text: amount === null ? "Saved: no monthly budget." : `Saved: runs stop once ${formatCost(amount)} is reached this month.` });
      onSaved();
    } catch (failure) {
      setStatus({ text: errorMessage(failure), error: true });
    }
  };

  return (
    <form
      class="field"
      id="budget"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label for="usage-budget">Monthly budget (US$)</label>
      <div class="row nowrap">
        <input
          id="usage-budget"
          type="number"
          min={0}
          step="any"
          value={value}
          placeholder="No budget"
          aria-describedby="budget-spent"
          onInput={(event) => {
            edited.current = true;
            setValue(event.currentTarget.value);
            setStatus({ text: "" });
          }}
        />
        <button type="submit">Save budget</button>
      </div>
      <p id="budget-spent" class="hint">
        {monthly === null ? `No budget. Spent this month: ${formatCost(spent)} (estimated).` : `Spent ${formatCost(spent)} of ${formatCost(monthly)} this month (estimated).`} Empty means no budget.
      </p>
      {status.text && (
        <p id="budget-status" role="status" class={status.error ? "error" : "muted"}>
          {status.text}
        </p>
      )}
    </form>
  );
}

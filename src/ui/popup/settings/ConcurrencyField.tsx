import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../../../shared/storage/schema";

interface ConcurrencyFieldProps {
  value: number;
  onChange: (value: number) => void;
}

/** Database runs: the most rows generated at once. A cap: runs adapt below it. */
export function ConcurrencyField({ value, onChange }: ConcurrencyFieldProps) {
  return (
    <fieldset class="stack">
      <legend>Database runs</legend>
      <div class="field">
        <label for="concurrency">Most rows generated at once</label>
        <input
          id="concurrency"
          type="number"
          min={1}
          max={MAX_CONCURRENCY}
          step={1}
          value={value}
          aria-describedby="concurrency-help"
          onInput={(event) => {
            const next = Number((event.target as HTMLInputElement).value);
            if (Number.isInteger(next) && next >= 1 && next <= MAX_CONCURRENCY) onChange(next);
          }}
        />
      </div>
      <p id="concurrency-help" class="muted">
        A limit, not a speed: a run starts with up to 16 rows at once and adds more only while Notion has room for their answers and the AI keeps up. When the AI
        provider says “too many requests”, it halves and waits as long as the provider asks. {DEFAULT_CONCURRENCY} (the default) is enough to use a large Notion
        plan's whole budget; set it lower to spend your AI quota more gently, or to 1 for one row at a time.
      </p>
    </fieldset>
  );
}

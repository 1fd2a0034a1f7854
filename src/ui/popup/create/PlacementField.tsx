import type { OutputPlacement } from "../../../shared/storage/schema";
import { PLACEMENTS } from "./draftParse";

export const PLACEMENT_LABELS: Record<OutputPlacement, string> = {
  append: "Append at the end",
  top: "Insert at the top",
  replace: "Replace what this connection wrote last time",
};

export const PLACEMENT_HELP: Record<OutputPlacement, string> = {
  append: "The answer goes below what is already there.",
  top: "The answer goes above what is already there.",
  replace:
    "The answer this connection wrote last time is removed, but only once the new one is completely written; anything else stays. Undo brings the previous answer back.",
};

interface PlacementFieldProps {
  placement: OutputPlacement;
  /** "page" or "row" (a database's row bodies), for the label. */
  where: "page" | "row";
  onChange: (placement: OutputPlacement) => void;
}

/** Where the answer goes in the page (or in each row's body). */
export function PlacementField({ placement, where, onChange }: PlacementFieldProps) {
  return (
    <div class="field">
      <label for="create-placement">{where === "page" ? "Where in the page" : "Where in each row's body"}</label>
      <select
        id="create-placement"
        value={placement}
        aria-describedby="create-placement-help"
        onChange={(event) => onChange(PLACEMENTS.find((value) => value === event.currentTarget.value) ?? "append")}
      >
        {PLACEMENTS.map((value) => (
          <option key={value} value={value}>
            {PLACEMENT_LABELS[value]}
          </option>
        ))}
      </select>
      <p id="create-placement-help" class="hint">
        {PLACEMENT_HELP[placement]}
      </p>
    </div>
  );
}

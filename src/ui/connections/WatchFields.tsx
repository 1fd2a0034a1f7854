import { WATCH_MAX_MINUTES, WATCH_MIN_MINUTES, type RowSelection, type WatchAutomation } from "../../shared/storage/schema";

const INTERVALS: ReadonlyArray<[number, string]> = [
  [1, "1 minute"],
  [5, "5 minutes"],
  [15, "15 minutes"],
  [30, "30 minutes"],
  [60, "1 hour"],
  [180, "3 hours"],
  [360, "6 hours"],
  [720, "12 hours"],
  [1440, "24 hours"],
];

interface WatchFieldsProps {
  draft: WatchAutomation;
  setDraft: (draft: WatchAutomation) => void;
  selectionProperty: string | undefined;
  /** The output property, when the connection writes to one (then "is empty" can select rows). */
  emptyProperty: string | undefined;
}

/** A watch's interval and which rows it fills. */
export function WatchFields({ draft, setDraft, selectionProperty, emptyProperty }: WatchFieldsProps) {
  return (
    <div class="row">
      <label>
        Check every{" "}
        <select
          id="automation-interval"
          value={String(draft.intervalMinutes)}
          onChange={(event) => {
            const minutes = Number((event.target as HTMLSelectElement).value);
            setDraft({ ...draft, intervalMinutes: Math.min(WATCH_MAX_MINUTES, Math.max(WATCH_MIN_MINUTES, minutes)) });
          }}
        >
          {INTERVALS.map(([minutes, label]) => (
            <option key={minutes} value={String(minutes)}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Fill rows where{" "}
        <select id="automation-match" value={draft.match} onChange={(event) => setDraft({ ...draft, match: (event.target as HTMLSelectElement).value as RowSelection })}>
          <option value="ticked">“{selectionProperty}” is ticked</option>
          {emptyProperty !== undefined && <option value="output_empty">“{emptyProperty}” is empty</option>}
        </select>
      </label>
    </div>
  );
}

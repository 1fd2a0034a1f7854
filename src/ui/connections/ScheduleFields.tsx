import type { ScheduleAutomation } from "../../shared/storage/schema";

const DAYS: ReadonlyArray<[number, string]> = [
  [1, "Mon"],
  [2, "Tue"],
  [3, "Wed"],
  [4, "Thu"],
  [5, "Fri"],
  [6, "Sat"],
  [0, "Sun"],
];

const timeText = (minuteOfDay: number) => `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;

/** A schedule's days and local time. */
export function ScheduleFields({ draft, setDraft }: { draft: ScheduleAutomation; setDraft: (draft: ScheduleAutomation) => void }) {
  return (
    <div class="row">
      <fieldset class="days">
        <legend>Days</legend>
        {DAYS.map(([day, label]) => (
          <label key={day} class="toggle">
            <input
              type="checkbox"
              checked={draft.days.includes(day)}
              onChange={(event) => {
                const on = (event.target as HTMLInputElement).checked;
                const days = on ? [...draft.days, day] : draft.days.filter((other) => other !== day);
                setDraft({ ...draft, days: [...new Set(days)].sort() });
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <label>
        At{" "}
        <input
          id="automation-time"
          type="time"
          value={timeText(draft.minuteOfDay)}
          onChange={(event) => {
            const [hours, minutes] = (event.target as HTMLInputElement).value.split(":").map(Number);
            if (Number.isInteger(hours) && Number.isInteger(minutes)) setDraft({ ...draft, minuteOfDay: hours! * 60 + minutes! });
          }}
        />
      </label>
    </div>
  );
}

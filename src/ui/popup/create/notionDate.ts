/**
 * A typed date as Notion shows it in its default format ("December 24, 2026",
 * "December 24, 2026 3:00 PM"), for a dry run's preview. The time is shown as
 * written, with its offset when it has one, so the preview never guesses a zone.
 */
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Anything that isn't an ISO date or date-time comes back unchanged. */
export function notionDate(text: string): string {
  const parts = ISO_DATE.exec(text.trim());
  const month = parts ? MONTHS[Number(parts[2]) - 1] : undefined;
  if (!parts || !month) return text;
  const [, year, , day, hours, minutes, offset] = parts;
  const date = `${month} ${Number(day)}, ${year}`;
  if (hours === undefined || minutes === undefined) return date;
  const hour = Number(hours);
  const time = `${hour % 12 === 0 ? 12 : hour % 12}:${minutes} ${hour < 12 ? "AM" : "PM"}`;
  const zone = offset === undefined ? "" : offset === "Z" ? " UTC" : ` (UTC${offset})`;
  return `${date} ${time}${zone}`;
}

import { bodyInvalid, shown } from "./errors";

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * Notion's date with `time_zone` (an IANA name): start and end must be date-times without a UTC offset;
 * the answer shows them with the zone's UTC offset and `time_zone: null` ("The public API will always
 * return the time_zone field as null when rendering dates").
 */
export function dateInTimeZone(start: string, end: string | null, zone: string, at: string): { start: string; end: string | null; time_zone: null } {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw bodyInvalid(`${at}.time_zone should be a valid IANA time zone, instead was \`${shown(zone)}\`.`);
  }
  const withOffset = (text: string, field: string) => {
    const parts = LOCAL_DATE_TIME.exec(text);
    if (!parts) throw bodyInvalid(`${at}.${field} should be a date-time without a UTC offset when time_zone is given, instead was \`${shown(text)}\`.`);
    const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    // The zone's offset at that wall-clock time (checked again after moving by it, for DST edges).
    const offsetAt = (instant: number) => {
      const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
      const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
      return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    };
    const offset = offsetAt(asUtc - offsetAt(asUtc) * 60_000);
    const sign = offset < 0 ? "-" : "+";
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
    const mm = String(Math.abs(offset) % 60).padStart(2, "0");
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.000${sign}${hh}:${mm}`;
  };
  return { start: withOffset(start, "start"), end: end === null ? null : withOffset(end, "end"), time_zone: null };
}

/**
 * Values as Notion shows them, for a dry run's preview ("what would be
 * written"): option names joined by commas, numbers in the property's format,
 * dates as written, a checkbox as ticked or not.
 */
import type { PropertyPatch, TypedProperty } from "./types";

/** Notion's currency number formats, as ISO currency codes. */
const CURRENCIES: Readonly<Record<string, string>> = {
  dollar: "USD",
  canadian_dollar: "CAD",
  australian_dollar: "AUD",
  singapore_dollar: "SGD",
  hong_kong_dollar: "HKD",
  new_zealand_dollar: "NZD",
  euro: "EUR",
  pound: "GBP",
  yen: "JPY",
  ruble: "RUB",
  rupee: "INR",
  won: "KRW",
  yuan: "CNY",
  real: "BRL",
  lira: "TRY",
  rupiah: "IDR",
  franc: "CHF",
  krona: "SEK",
  norwegian_krone: "NOK",
  danish_krone: "DKK",
  mexican_peso: "MXN",
  rand: "ZAR",
  zloty: "PLN",
};

function formatNumber(value: number, format: string | undefined): string {
  if (format === "percent") return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 10 }).format(value * 100)}%`;
  if (format === "number_with_commas") return new Intl.NumberFormat("en-US", { maximumFractionDigits: 10 }).format(value);
  const currency = format === undefined ? undefined : CURRENCIES[format];
  if (currency) return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(value);
  return String(value);
}

/** One property value as Notion would show it. */
export function displayPatch(patch: PropertyPatch, property?: Pick<TypedProperty, "numberFormat">): string {
  if ("rich_text" in patch) return patch.rich_text.map((item) => item.text.content).join("");
  if ("select" in patch) return patch.select.name;
  if ("status" in patch) return patch.status.name;
  if ("multi_select" in patch) return patch.multi_select.map((option) => option.name).join(", ");
  if ("number" in patch) return formatNumber(patch.number, property?.numberFormat);
  if ("date" in patch) return patch.date.start;
  if ("checkbox" in patch) return patch.checkbox ? "☑ Checked" : "☐ Not checked";
  if ("url" in patch) return patch.url;
  return patch.email;
}

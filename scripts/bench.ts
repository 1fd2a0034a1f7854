/**
 * `npm run bench`: performance figures, measured against the local emulators
 * with Notion's rate limit on. Benchmarks are kept out of the test suite so
 * that tests never depend on timing.
 */
import { benchLocalScale, benchMirror } from "../bench/connections";
import { benchConversion } from "../bench/conversion";
import { benchDatabaseRun } from "../bench/database-run";
import { benchDatabaseFaultsAndStops } from "../bench/database-faults-stops";
import { benchPageGeneration } from "../bench/page-generation";
import { benchRateBudget } from "../bench/rate-budget";
import { benchTypedRun } from "../bench/typed-run";

function print(title: string, figures: Record<string, string | number>): void {
  console.log(`\n${title}`);
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(34)} ${value}`);
}

const only = process.argv.slice(2);
const benches: [string, () => Promise<Record<string, string | number>>][] = [
  ["conversion", benchConversion],
  ["page", benchPageGeneration],
  ["database", () => benchDatabaseRun(0)],
  ["database-faults", () => benchDatabaseRun(0.1)],
  ["database-exactly-once", benchDatabaseFaultsAndStops],
  ["typed", () => benchTypedRun(0)],
  ["typed-faults", () => benchTypedRun(0.1)],
  ["mirror", () => benchMirror(0)],
  ["mirror-faults", () => benchMirror(0.1)],
  ["local-scale", benchLocalScale],
  // Default settings, no budget assumed, under each of Notion's limit shapes (BENCH_TIME_SCALE, default 2×).
  ["budget-bucket-3rps", () => benchRateBudget("bucket-3rps")],
  ["budget-window-180", () => benchRateBudget("window-180")],
  ["budget-window-600", () => benchRateBudget("window-600")],
  ["budget-workspace", () => benchRateBudget("workspace")],
];
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  print(`== ${name}`, await run());
}

/**
 * `npm run deps`: the folder-level dependency graph of src/, one line per pair
 * of folders ("12 ai -> core" = twelve imports from src/ai into src/core), from
 * dependency-cruiser's view of every import (type-only ones included). The
 * layering these edges must respect is in .dependency-cruiser.cjs, which
 * `npm run lint` checks. `--types` adds how many of each pair's imports are type-only.
 */
import { execFileSync } from "node:child_process";

interface Dependency {
  resolved: string;
  dependencyTypes: string[];
}
interface CruiseResult {
  modules: { source: string; dependencies: Dependency[] }[];
}

const showTypes = process.argv.includes("--types");
const json = execFileSync(
  process.execPath,
  [
    "node_modules/dependency-cruiser/bin/dependency-cruise.mjs",
    "src",
    "--no-config",
    "--ts-config",
    "tsconfig.json",
    "--ts-pre-compilation-deps",
    "--exclude",
    "^node_modules",
    "--output-type",
    "json",
  ],
  { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
const result = JSON.parse(json) as CruiseResult;

const folder = (path: string): string | null => /^src\/([^/]+)\//.exec(path)?.[1] ?? null;
const edges = new Map<string, { all: number; typeOnly: number }>();
for (const module of result.modules) {
  const from = folder(module.source);
  for (const dependency of module.dependencies) {
    const to = folder(dependency.resolved);
    if (!from || !to || from === to) continue;
    const key = `${from} -> ${to}`;
    const edge = edges.get(key) ?? { all: 0, typeOnly: 0 };
    edge.all++;
    if (dependency.dependencyTypes.includes("type-only")) edge.typeOnly++;
    edges.set(key, edge);
  }
}

for (const [key, edge] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
  const types = showTypes ? `  (${edge.typeOnly} type-only)` : "";
  console.log(`${String(edge.all).padStart(7)} ${key}${types}`);
}

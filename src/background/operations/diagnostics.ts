/**
 * "Copy diagnostics": a plain-text block a user can paste into an issue.
 * Secrets appear only as "set" / "not set"; everything else passes through the
 * secret scrubber once more at the end, in case a key was pasted into a field
 * that isn't secret (a model name, a server address, an error message).
 */
import { redactSecrets } from "../../core/redact";
import type { MirrorStatus, SecretProtection } from "../../shared/protocol/types";
import type { RecordProblem } from "../../shared/storage/records-reader";
import type { LoggedError, StoredSecrets, StoredSettings } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import type { SettingsService } from "../settings/settings";

export interface DiagnosticsFacts {
  extensionVersion: string;
  userAgent: string;
  schemaVersion: number;
  settings: StoredSettings;
  secrets: StoredSecrets;
  /** Absent in reports from before keys moved to the vault. */
  secretProtection?: SecretProtection;
  connections: { live: number; deleted: number };
  runs: number;
  /** Stored records left out because they can't be read (damaged, or from a newer Inkwell). */
  invalidRecords?: readonly RecordProblem[];
  mirror: MirrorStatus;
  errors: readonly LoggedError[];
  now: number;
}

/** Where the facts come from in the worker. */
export interface DiagnosticsSources {
  settings: Pick<SettingsService, "view" | "protection">;
  records: Pick<RecordStore, "listConnections" | "listRuns" | "invalidRecords">;
  mirrorStatus: () => Promise<MirrorStatus>;
  errors: () => Promise<LoggedError[]>;
  schemaVersion: () => Promise<number>;
  extensionVersion: string;
  userAgent: string;
  now?: () => number;
}

/** Gathers the facts from the worker's services and writes the report. */
export async function collectDiagnostics(sources: DiagnosticsSources): Promise<string> {
  const [view, all, runs, mirror, errors, schemaVersion] = await Promise.all([
    sources.settings.view(),
    sources.records.listConnections({ includeDeleted: true }),
    sources.records.listRuns(),
    sources.mirrorStatus(),
    sources.errors(),
    sources.schemaVersion(),
  ]);
  const deleted = all.filter((connection) => connection.deletedAt !== undefined).length;
  return buildDiagnostics({
    extensionVersion: sources.extensionVersion,
    userAgent: sources.userAgent,
    schemaVersion,
    settings: view.settings,
    secrets: view.secrets,
    secretProtection: sources.settings.protection(),
    connections: { live: all.length - deleted, deleted },
    runs: runs.length,
    invalidRecords: sources.records.invalidRecords(),
    mirror,
    errors,
    now: (sources.now ?? Date.now)(),
  });
}

export function buildDiagnostics(facts: DiagnosticsFacts): string {
  const { settings } = facts;
  const lines = [
    "Inkwell diagnostics",
    `Generated: ${new Date(facts.now).toISOString()}`,
    `Extension version: ${facts.extensionVersion}`,
    `Browser: ${facts.userAgent}`,
    `Storage schema version: ${facts.schemaVersion}`,
    "",
    "Settings:",
    `  engine: ${settings.engine}`,
    `  models: ${Object.entries(settings.models).map(([engine, model]) => `${engine}=${model || "(none)"}`).join(", ")}`,
    `  concurrency: ${settings.concurrency}`,
    `  compatible server: ${settings.compatibleBaseUrl ? withoutCredentials(settings.compatibleBaseUrl) : "(none)"}`,
    `  connections database: ${settings.connectionsDatabaseUrl ? "set" : "not set"}`,
    `  monthly budget: ${settings.usage.monthlyBudget === null ? "none" : `$${settings.usage.monthlyBudget.toFixed(2)}`}`,
    `  price estimates: ${settings.usage.prices.length}`,
    // The kind only: the name Notion gave is the user's (or their integration's) and support doesn't need it.
    `  notion token kind: ${settings.notionIdentity ? (settings.notionIdentity.kind === "personal" ? "personal access token" : "integration") : "not checked yet"}`,
    `  secrets: ${Object.entries(facts.secrets).map(([name, value]) => `${name}=${value ? "set" : "not set"}`).join(", ")}`,
    `  secret storage: ${!facts.secretProtection || facts.secretProtection.ok ? "protected (extension-only IndexedDB)" : `NOT PROTECTED: ${facts.secretProtection.problem}`}`,
    "",
    `Connections: ${facts.connections.live} (plus ${facts.connections.deleted} in the trash)`,
    `Runs: ${facts.runs}`,
    ...(facts.invalidRecords?.length ? [`Unreadable records (left out): ${facts.invalidRecords.length}`, ...facts.invalidRecords.slice(0, 20).map((problem) => `  ${problem.key}: ${problem.reason}`)] : []),
    `Connections database mirror: ${facts.mirror.databaseUrl ? "active" : "not set up"}, ${facts.mirror.pending} change(s) waiting${facts.mirror.lastError ? `, last error: ${facts.mirror.lastError}` : ""}`,
    "",
    `Last errors (${facts.errors.length}):`,
    ...(facts.errors.length === 0 ? ["  (none)"] : facts.errors.map((error) => `  ${new Date(error.at).toISOString()} [${error.context}] ${error.code}: ${error.message}`)),
  ];
  const secretValues = Object.values(facts.secrets).filter((value) => value.length > 0);
  return redactSecrets(lines.join("\n"), secretValues);
}

/** A server address without any user:password part (people put tokens there). */
function withoutCredentials(address: string): string {
  try {
    const url = new URL(address);
    url.username = "";
    url.password = "";
    return url.href.replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}

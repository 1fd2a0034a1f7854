import { describeSecrets } from "../../../src/background/settings/settings";
import type { SettingsView } from "../../../src/shared/protocol/types";
import { DEFAULT_MODELS, defaultSettings, emptySecrets, type Connection, type EngineId, type Run, type StoredSecrets } from "../../../src/shared/storage/schema";

export function settingsView(overrides: { engine?: EngineId; secrets?: Partial<StoredSecrets>; models?: Partial<SettingsView["settings"]["models"]>; connectionsDatabaseUrl?: string } = {}): SettingsView {
  return {
    settings: { ...defaultSettings(), engine: overrides.engine ?? "gemini", models: { ...DEFAULT_MODELS, ...overrides.models }, connectionsDatabaseUrl: overrides.connectionsDatabaseUrl ?? "" },
    // As the worker answers: whether each key is set and how it ends, never the key.
    secrets: describeSecrets({ ...emptySecrets(), ...overrides.secrets }),
    protection: { ok: true },
  };
}

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: "run-1",
    connectionId: "conn-1",
    kind: "page",
    targetId: "11111111-2222-3333-4444-555555555555",
    engine: "gemini",
    model: DEFAULT_MODELS.gemini,
    status: "running",
    startedAt: Date.now(),
    receivedChars: 0,
    outputTokens: 0,
    inputTokens: 0,
    writtenBlockIds: [],
    blocksWritten: 0,
    ...overrides,
  };
}

export function makeConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: "conn-1",
    name: "Blank page",
    kind: "page",
    url: "https://www.notion.so/Blank-page-11111111222233334444555555555555",
    targetId: "11111111-2222-3333-4444-555555555555",
    targetTitle: "Blank page",
    prompt: "",
    options: { tone: "", length: "", systemInstruction: "" },
    createdAt: 1,
    updatedAt: 1,
    runIds: [],
    ...overrides,
  };
}

export const PAGE_URL = "https://www.notion.so/Blank-page-11111111222233334444555555555555";
export const RESOLVED_PAGE = { kind: "page" as const, id: "11111111-2222-3333-4444-555555555555", title: "Blank page", url: PAGE_URL };

import type { Run } from "../../src/shared/storage/schema";

/** A freshly started run record, as RunManager creates it, for tests and benchmarks that drive runners directly. */
export function startedRun(overrides: Partial<Run> & Pick<Run, "id" | "targetId">): Run {
  return {
    connectionId: "c1",
    kind: "database",
    engine: "gemini",
    model: "gemini-3.5-flash",
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

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFinal, mayHaveWritten, nextPhase, resumeAction, ROW_PHASES, writesBody, type RowEvent, type RowOutput, type RowPhase } from "../../../../src/core/exactly-once/row-lifecycle";

const OUTPUTS: RowOutput[] = ["body", "property", "typed", "body+typed"];

const EVENTS: RowEvent[] = [
  { type: "start" },
  { type: "answer", empty: false },
  { type: "answer", empty: true },
  { type: "write-started" },
  { type: "all-steps-written" },
  { type: "finished" },
  { type: "original-saved" },
  { type: "patched" },
  { type: "previewed" },
  { type: "error" },
  { type: "skip" },
];

function step(phase: RowPhase, event: RowEvent, output: RowOutput): RowPhase | "illegal" {
  try {
    return nextPhase(phase, event, output);
  } catch {
    return "illegal";
  }
}

describe("row lifecycle", () => {
  it("walks the body path: pending → generating → generated → writing → written → done", () => {
    const path: [RowEvent, RowPhase][] = [
      [{ type: "start" }, "generating"],
      [{ type: "answer", empty: false }, "generated"],
      [{ type: "write-started" }, "writing"],
      [{ type: "all-steps-written" }, "written"],
      [{ type: "finished" }, "done"],
    ];
    let phase: RowPhase = "pending";
    for (const [event, expected] of path) expect((phase = nextPhase(phase, event, "body"))).toBe(expected);
  });

  it("walks the property path: the original is saved (patching) before the patch ends the row", () => {
    let phase: RowPhase = nextPhase(nextPhase("pending", { type: "start" }, "property"), { type: "answer", empty: false }, "property");
    expect((phase = nextPhase(phase, { type: "original-saved" }, "property"))).toBe("patching");
    expect(nextPhase(phase, { type: "patched" }, "property")).toBe("done");
    expect(step("generated", { type: "patched" }, "property")).toBe("illegal");
    expect(step("generated", { type: "write-started" }, "property")).toBe("illegal");
    expect(step("generated", { type: "original-saved" }, "body")).toBe("illegal");
  });

  it("walks the body+typed path: the body is written first, then the properties' originals are saved before their one update", () => {
    const path: [RowEvent, RowPhase][] = [
      [{ type: "start" }, "generating"],
      [{ type: "answer", empty: false }, "generated"],
      [{ type: "write-started" }, "writing"],
      [{ type: "all-steps-written" }, "written"],
      [{ type: "original-saved" }, "patching"],
      [{ type: "patched" }, "done"],
    ];
    let phase: RowPhase = "pending";
    for (const [event, expected] of path) expect((phase = nextPhase(phase, event, "body+typed"))).toBe(expected);
    // The properties can't be written before the body, nor the row finished without them.
    expect(step("generated", { type: "original-saved" }, "body+typed")).toBe("illegal");
    expect(step("written", { type: "finished" }, "body+typed")).toBe("illegal");
  });

  it("walks the typed path like the property path, and never writes a body", () => {
    expect(nextPhase("generated", { type: "original-saved" }, "typed")).toBe("patching");
    expect(step("generated", { type: "write-started" }, "typed")).toBe("illegal");
  });

  it("a dry run's row ends previewed once its answer is stored: final, and nothing was written", () => {
    for (const output of OUTPUTS) {
      expect(nextPhase("generated", { type: "previewed" }, output)).toBe("previewed");
      expect(step("writing", { type: "previewed" }, output)).toBe("illegal");
    }
    expect(isFinal("previewed")).toBe(true);
    expect(mayHaveWritten("previewed")).toBe(false);
    expect(resumeAction("previewed", "body", true)).toBe("nothing");
  });

  it("an empty answer fails the row instead of writing nothing as done", () => {
    expect(nextPhase("generating", { type: "answer", empty: true }, "body")).toBe("failed");
    expect(nextPhase("generating", { type: "answer", empty: true }, "property")).toBe("failed");
  });

  it("never skips a row once something may have been written", () => {
    for (const phase of ["writing", "written", "patching"] as const) expect(step(phase, { type: "skip" }, "body")).toBe("illegal");
  });

  it("resumes each state with the one action that can't write twice", () => {
    const table: [RowPhase, RowOutput, boolean, string][] = [
      ["pending", "body", true, "generate"],
      ["generating", "body", true, "generate"],
      ["generating", "body", false, "mark-skipped"],
      ["generated", "body", true, "write"],
      ["generated", "property", true, "save-original-and-patch"],
      ["generated", "property", false, "mark-skipped"],
      ["writing", "body", true, "write"],
      ["writing", "body", false, "write"],
      ["written", "body", true, "finish"],
      ["written", "body", false, "mark-done"],
      ["patching", "property", true, "patch"],
      ["patching", "property", false, "mark-done"],
      ["generated", "typed", true, "save-original-and-patch"],
      ["generated", "body+typed", true, "write"],
      ["writing", "body+typed", false, "write"],
      // The body is there and the properties not (their update clears the checkbox): finish the row whoever unticked it.
      ["written", "body+typed", true, "save-original-and-patch"],
      ["written", "body+typed", false, "save-original-and-patch"],
      ["patching", "typed", false, "mark-done"],
      ["patching", "body+typed", true, "patch"],
      ["done", "body", true, "nothing"],
      ["failed", "property", true, "nothing"],
      ["skipped", "body", false, "nothing"],
    ];
    for (const [phase, output, ticked, action] of table) expect(resumeAction(phase, output, ticked), `${phase} ${output} ticked=${ticked}`).toBe(action);
  });

  it("property: any sequence of events keeps final states final, and a row that may have written never ends skipped", () => {
    fc.assert(
      fc.property(fc.constantFrom<RowOutput>(...OUTPUTS), fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (output, events) => {
        let phase: RowPhase = "pending";
        let wrote = false;
        for (const event of events) {
          const next = step(phase, event, output);
          if (isFinal(phase)) expect(next).toBe("illegal");
          if (next === "illegal") continue;
          expect(ROW_PHASES).toContain(next);
          phase = next;
          wrote ||= mayHaveWritten(phase);
          if (wrote) expect(phase).not.toBe("skipped");
        }
      }),
    );
  });

  it("property: resuming a non-final state leads to done along legal transitions", () => {
    const actionsToEvents: Record<string, RowEvent[]> = {
      generate: [{ type: "start" }, { type: "answer", empty: false }],
      write: [{ type: "write-started" }, { type: "all-steps-written" }],
      "save-original-and-patch": [{ type: "original-saved" }, { type: "patched" }],
      patch: [{ type: "patched" }],
      finish: [{ type: "finished" }],
    };
    fc.assert(
      fc.property(fc.constantFrom(...ROW_PHASES.filter((phase) => !isFinal(phase))), fc.constantFrom<RowOutput>(...OUTPUTS), (start, output) => {
        if ((start === "writing" || start === "written") && !writesBody(output)) return;
        if (start === "patching" && output === "body") return;
        let phase: RowPhase = start;
        for (let guard = 0; !isFinal(phase) && guard < 6; guard++) {
          const events = actionsToEvents[resumeAction(phase, output, true)]!;
          for (const event of events) phase = phase === "writing" && event.type === "write-started" ? phase : nextPhase(phase, event, output);
        }
        expect(phase).toBe("done");
      }),
    );
  });
});

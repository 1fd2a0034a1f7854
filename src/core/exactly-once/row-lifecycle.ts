/**
 * The life of one database row in a run, as a pure state machine: which
 * states exist, which events move a row between them, and what a restarted
 * worker must do for a row it finds in each state.
 *
 *   pending ──start──▶ generating ──answer──▶ generated ──(body) write-started──▶ writing ──all-steps──▶ written ──finished──▶ done
 *                          │                     ├──(property, typed) original-saved──▶ patching ──patched──────────────▶ done
 *                          │                     └──(dry run) previewed──▶ previewed
 *                          └──empty answer──▶ failed (reason: the model returned nothing)
 *   body+typed: … written ──original-saved──▶ patching ──patched──▶ done (the body first, then every property in one update)
 *   any live state ──error──▶ failed;  pending/generating/generated ──skip──▶ skipped
 *
 * What each state promises (and so what resuming from it does):
 *  - pending, generating: nothing was sent to Notion; the answer (if any) is
 *    lost with the worker, so generate again.
 *  - generated: the answer is stored, nothing was written. Body: start the
 *    write. Property: save the original value, then patch.
 *  - writing: the append journal holds every completed step; the step after
 *    the last one may or may not have landed. Reconcile it from the journal,
 *    then continue with the next step.
 *  - written: every block is on the page and recorded: only the checkbox and
 *    status are left (an idempotent page update).
 *    With body+typed output the properties are still to be written: save
 *    their current values, then send the update.
 *  - patching: the original values are saved; the patch may or may not have
 *    landed. Sending it again is harmless (it sets the same values).
 *  - done, failed, skipped, previewed: nothing left to do (a dry run's
 *    "previewed" row wrote nothing; "Write these" starts a new run).
 */

export const ROW_PHASES = ["pending", "generating", "generated", "writing", "written", "patching", "done", "failed", "skipped", "previewed"] as const;
export type RowPhase = (typeof ROW_PHASES)[number];

/**
 * What a row's answer becomes: Markdown in the body, Markdown in one text
 * property, typed properties from one JSON answer, or both (the body is
 * written first, then the properties in one update).
 */
export type RowOutput = "body" | "property" | "typed" | "body+typed";

/** Whether the output writes blocks into the row's body. */
export function writesBody(output: RowOutput): boolean {
  return output === "body" || output === "body+typed";
}

export type RowEvent =
  | { type: "start" }
  | { type: "answer"; empty: boolean }
  | { type: "write-started" }
  | { type: "all-steps-written" }
  | { type: "finished" }
  | { type: "original-saved" }
  | { type: "patched" }
  | { type: "previewed" }
  | { type: "error" }
  | { type: "skip" };

export const FINAL_PHASES: readonly RowPhase[] = ["done", "failed", "skipped", "previewed"];

export function isFinal(phase: RowPhase): boolean {
  return FINAL_PHASES.includes(phase);
}

/** Whether anything may already be in Notion for this row (so it must never be "skipped" or regenerated). */
export function mayHaveWritten(phase: RowPhase): boolean {
  return phase === "writing" || phase === "written" || phase === "patching" || phase === "done";
}

/** The next state, or an Error for an event that can't happen in that state (a bug, never user input). */
export function nextPhase(phase: RowPhase, event: RowEvent, output: RowOutput): RowPhase {
  const illegal = () => new Error(`Row event ${event.type} is not allowed in state ${phase} (${output} output)`);
  if (isFinal(phase)) throw illegal();
  switch (event.type) {
    case "error":
      return "failed";
    case "skip":
      if (mayHaveWritten(phase)) throw illegal();
      return "skipped";
    case "start":
      if (phase !== "pending" && phase !== "generating") throw illegal();
      return "generating";
    case "answer":
      if (phase !== "generating") throw illegal();
      return event.empty ? "failed" : "generated";
    case "write-started":
      if (!writesBody(output) || (phase !== "generated" && phase !== "writing")) throw illegal();
      return "writing";
    case "all-steps-written":
      if (phase !== "writing") throw illegal();
      return "written";
    case "finished":
      if (output !== "body" || phase !== "written") throw illegal();
      return "done";
    case "original-saved": {
      const from = output === "body+typed" ? "written" : "generated";
      if (output === "body" || (phase !== from && phase !== "patching")) throw illegal();
      return "patching";
    }
    case "patched":
      if (phase !== "patching") throw illegal();
      return "done";
    case "previewed":
      if (phase !== "generated") throw illegal();
      return "previewed";
  }
}

export type ResumeAction =
  /** Generate the answer (nothing of this row reached Notion). */
  | "generate"
  /** Start (or continue, from the journal) the body write of the stored answer. */
  | "write"
  /** Save the row's current value (as the original), then patch the property. */
  | "save-original-and-patch"
  /** Send the property patch again (the original is already saved). */
  | "patch"
  /** Clear the checkbox and set the status. */
  | "finish"
  /** Record the row as done: the page update that ends it has landed. */
  | "mark-done"
  /** Record the row as skipped: it is no longer ticked and nothing of it was written. */
  | "mark-skipped"
  | "nothing";

/**
 * What a restarted worker does for a row in `phase`. `stillTicked` is false
 * when the row no longer has its checkbox ticked (the run's own final page
 * update clears it, so that can mean the update landed) or no longer exists.
 */
export function resumeAction(phase: RowPhase, output: RowOutput, stillTicked: boolean): ResumeAction {
  switch (phase) {
    case "done":
    case "failed":
    case "skipped":
    case "previewed":
      return "nothing";
    case "pending":
    case "generating":
      return stillTicked ? "generate" : "mark-skipped";
    case "generated":
      if (!stillTicked) return "mark-skipped";
      return writesBody(output) ? "write" : "save-original-and-patch";
    case "writing":
      // Blocks may already be on the row: finish them, whoever unticked it.
      return "write";
    case "written":
      // Body and properties: the body is there, the properties are not (their update also clears the checkbox,
      // so an unticked row here was unticked by someone): finish the row, whoever unticked it.
      if (output === "body+typed") return "save-original-and-patch";
      return stillTicked ? "finish" : "mark-done";
    case "patching":
      // The patch clears the checkbox together with the value: unticked means it landed.
      return stillTicked ? "patch" : "mark-done";
  }
}

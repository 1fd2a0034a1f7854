/**
 * The append journal: how a multi-request write (see `planAppends`) is made
 * exactly once across worker stops and ambiguous answers. Pure: the worker
 * stores the journal and does the I/O; this module decides.
 *
 * Before the first request, the journal records the anchor: the id of the
 * target's last child (null when it had none). After each request it records
 * the step's parent id and the ids Notion returned, and that record is saved
 * before the next request starts. So, at any stop:
 *  - steps 0..k-1 are known with their ids (resume continues at step k);
 *  - step k may or may not have landed. Its parent's children after the known
 *    position are exactly what step k created (or nothing): for the target,
 *    the known position is the last block of the previous step written to it
 *    (or the anchor); for a block this write created, it is the number of
 *    children the block was created with plus what earlier steps appended.
 *    Blocks before that position, such as an identical answer from an earlier
 *    run, are never adopted.
 *
 * Insertion (output at the top of the page, or in place of an earlier
 * output) also records `before`: the child the new blocks go in front of
 * (null: none, nothing follows). The target's step k then owns exactly the
 * children between the known position and `before`; the page's older content
 * after them is never taken for the step's, and a step inserted twice is
 * told from it the same way. `anchor: null` means "at the start" in both
 * modes (an empty page's start is its end).
 */
import { childrenOf } from "../markdown/block-tree";
import type { AppendStep } from "../markdown/append-plan";

export interface JournalStep {
  /** The block the step appended to. */
  parentId: string;
  /** The ids Notion returned for it (its first-level blocks), in order. */
  ids: string[];
}

export interface AppendJournal {
  v: 1;
  /** The target's child the write follows: its last child when appending (null = it had none); the insertion point when inserting (null = the start). */
  anchor: string | null;
  /** Inserting: the child the write's blocks go before (null: none). Absent: appending at the end. */
  before?: string | null;
  /** Completed steps, in plan order. */
  steps: JournalStep[];
}

/** `before`: only when inserting (see AppendJournal.before). */
export function newJournal(anchor: string | null, before?: string | null): AppendJournal {
  return before === undefined ? { v: 1, anchor, steps: [] } : { v: 1, anchor, before, steps: [] };
}

/** The journal with one more completed step. */
export function withStep(journal: AppendJournal, step: JournalStep): AppendJournal {
  return { ...journal, steps: [...journal.steps, { parentId: step.parentId, ids: [...step.ids] }] };
}

/** Where step `index`'s blocks begin among its parent's children. */
export type StepPosition =
  /** After the child with this id (null: at the start), and before the child `before` when inserting (see AppendJournal.before). */
  | { kind: "after-id"; id: string | null; before?: string | null }
  /** After the first `count` children. */
  | { kind: "after-count"; count: number };

export interface NextStep {
  index: number;
  parentId: string;
  position: StepPosition;
}

/** The step to run next (the first not in the journal), or undefined when the write is complete. */
export function nextStep(plan: readonly AppendStep[], journal: AppendJournal, rootId: string): NextStep | undefined {
  const index = journal.steps.length;
  if (index > plan.length) throw new Error("The journal has more steps than the plan: it belongs to another answer");
  const step = plan[index];
  if (step === undefined) return undefined;
  const created = journal.steps.map((entry) => entry.ids);
  if (step.parent.kind === "root") {
    let last: string | null = journal.anchor;
    for (let i = 0; i < index; i++) if (plan[i]!.parent.kind === "root") last = journal.steps[i]!.ids.at(-1) ?? last;
    return { index, parentId: rootId, position: journal.before === undefined ? { kind: "after-id", id: last } : { kind: "after-id", id: last, before: journal.before } };
  }
  const { step: origin, index: slot } = step.parent;
  const parentId = created[origin]?.[slot];
  if (parentId === undefined) throw new Error(`No id for block ${slot} of step ${origin}`);
  let count = childrenOf(plan[origin]!.children[slot]!).length;
  for (let i = origin + 1; i < index; i++) {
    const earlier = plan[i]!.parent;
    if (earlier.kind === "created" && earlier.step === origin && earlier.index === slot) count += journal.steps[i]!.ids.length;
  }
  return { index, parentId, position: { kind: "after-count", count } };
}

/** The first-level ids the write created in the target, in order (what Undo removes). */
export function topLevelIds(plan: readonly AppendStep[], journal: AppendJournal): string[] {
  return journal.steps.flatMap((entry, index) => (plan[index]?.parent.kind === "root" ? entry.ids : []));
}

/** A child as Notion lists it, reduced to what reconciling needs. */
export interface ListedChild {
  id: string;
  /** Comparable type and text (see the gateway's fingerprint). */
  print: string;
  hasChildren: boolean;
}

/** A block the step sent, reduced the same way. */
export interface SentChild {
  print: string;
  /** Whether it was sent with children of its own (so Notion must list it with has_children). */
  hasChildren: boolean;
}

export type StepOutcome =
  /** Nothing of the step is there: send it. */
  | { kind: "not-applied" }
  /** The step landed once: adopt these ids. */
  | { kind: "applied"; ids: string[] }
  /** The step landed twice (a request the browser resent): keep `ids`, remove `extra`. */
  | { kind: "applied-twice"; ids: string[]; extra: string[] }
  /** The parent holds something else after the known position: someone else edited it. */
  | { kind: "conflict" };

/** The index of the first child after `position`, or undefined when the anchor is gone. */
export function startIndex(children: readonly ListedChild[], position: StepPosition): number | undefined {
  if (position.kind === "after-count") return position.count <= children.length ? position.count : undefined;
  if (position.id === null) return 0;
  const at = children.findIndex((child) => child.id === position.id);
  return at < 0 ? undefined : at + 1;
}

/** The index of the child an inserted step goes before (the children's length when appending), or undefined when it is gone or out of place. */
export function endIndex(children: readonly ListedChild[], position: StepPosition, start: number): number | undefined {
  if (position.kind !== "after-id" || position.before === undefined || position.before === null) return children.length;
  const at = children.findIndex((child) => child.id === position.before);
  return at < start ? undefined : at;
}

/**
 * What became of a step, from its parent's children as listed now. Nested
 * content counts: a block sent with children must be listed with children.
 */
export function reconcileStep(children: readonly ListedChild[], position: StepPosition, sent: readonly SentChild[]): StepOutcome {
  const start = startIndex(children, position);
  if (start === undefined) return { kind: "conflict" };
  const end = endIndex(children, position, start);
  if (end === undefined) return { kind: "conflict" };
  const after = children.slice(start, end);
  if (after.length === 0) return { kind: "not-applied" };
  const copyAt = (offset: number) => {
    const copy = after.slice(offset, offset + sent.length);
    return copy.length === sent.length && copy.every((child, i) => child.print === sent[i]!.print && child.hasChildren === sent[i]!.hasChildren) ? copy : undefined;
  };
  const first = copyAt(0);
  if (!first) return { kind: "conflict" };
  if (after.length === sent.length) return { kind: "applied", ids: first.map((child) => child.id) };
  const second = after.length === 2 * sent.length ? copyAt(sent.length) : undefined;
  if (second) return { kind: "applied-twice", ids: first.map((child) => child.id), extra: second.map((child) => child.id) };
  return { kind: "conflict" };
}

/**
 * After a write that got an answer but may have been sent twice by the
 * browser: `returnedIds` are the blocks of the answer JavaScript saw. Returns
 * the ids of another copy of the same step right before or after them, to
 * remove, or a conflict when the parent holds anything else there.
 */
export function findResentCopy(children: readonly ListedChild[], position: StepPosition, sent: readonly SentChild[], returnedIds: readonly string[]): { extra: string[] } | { kind: "conflict" } {
  const outcome = reconcileStep(children, position, sent);
  if (outcome.kind === "applied") return sameIds(outcome.ids, returnedIds) ? { extra: [] } : { kind: "conflict" };
  if (outcome.kind === "applied-twice") {
    if (sameIds(outcome.ids, returnedIds)) return { extra: outcome.extra };
    if (sameIds(outcome.extra, returnedIds)) return { extra: outcome.ids };
  }
  return { kind: "conflict" };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Whether a journal could belong to this plan (a stored journal is data read back from storage). */
export function isJournal(value: unknown): value is AppendJournal {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<AppendJournal>;
  return (
    record.v === 1 &&
    (record.anchor === null || typeof record.anchor === "string") &&
    (record.before === undefined || record.before === null || typeof record.before === "string") &&
    Array.isArray(record.steps) &&
    record.steps.every((step) => typeof step?.parentId === "string" && Array.isArray(step.ids) && step.ids.every((id) => typeof id === "string"))
  );
}

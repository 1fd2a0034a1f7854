import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findResentCopy, newJournal, nextStep, reconcileStep, topLevelIds, withStep, type AppendJournal, type ListedChild, type SentChild } from "../../../../src/core/exactly-once/append-journal";
import { planAppends, type NotionBlock } from "../../../../src/core/markdown";
import { childrenOf } from "../../../../src/core/markdown/block-tree";
import { fingerprint } from "../../../../src/notion/block-fingerprint";

/** An in-memory Notion: blocks with children, appended as `blocks.children.append` does. */
class Blocks {
  private next = 0;
  private readonly nodes = new Map<string, { print: string; children: string[] }>([["root", { print: "root", children: [] }]]);

  append(parentId: string, blocks: readonly NotionBlock[]): string[] {
    return blocks.map((block) => {
      const id = `b${++this.next}`;
      this.nodes.set(id, { print: fingerprint(block), children: [] });
      this.nodes.get(parentId)!.children.push(id);
      this.append(id, childrenOf(block));
      return id;
    });
  }

  remove(id: string): void {
    for (const node of this.nodes.values()) node.children = node.children.filter((child) => child !== id);
  }

  list(parentId: string): ListedChild[] {
    return this.nodes.get(parentId)!.children.map((id) => ({ id, print: this.nodes.get(id)!.print, hasChildren: this.nodes.get(id)!.children.length > 0 }));
  }

  outline(id = "root", depth = 0): string[] {
    return this.nodes.get(id)!.children.flatMap((child) => [`${" ".repeat(depth)}${this.nodes.get(child)!.print}`, ...this.outline(child, depth + 1)]);
  }
}

function outlineOf(blocks: readonly NotionBlock[], depth = 0): string[] {
  return blocks.flatMap((block) => [`${" ".repeat(depth)}${fingerprint(block)}`, ...outlineOf(childrenOf(block), depth + 1)]);
}

const sent = (children: readonly NotionBlock[]): SentChild[] => children.map((block) => ({ print: fingerprint(block), hasChildren: childrenOf(block).length > 0 }));

type Landing = "none" | "once" | "twice";

/** Writes `blocks` under root with a journal, stopping at `stopAt` (the step lands `landing`), then resumes from the journal. */
function writeWithStop(notion: Blocks, blocks: NotionBlock[], stopAt: number, landing: Landing): AppendJournal {
  const plan = planAppends(blocks);
  let journal = newJournal(notion.list("root").at(-1)?.id ?? null);
  // First worker: completes steps before stopAt, then the stopped step lands (or not) and is never recorded.
  for (let next = nextStep(plan, journal, "root"); next; next = nextStep(plan, journal, "root")) {
    const children = plan[next.index]!.children;
    if (next.index === stopAt) {
      if (landing !== "none") notion.append(next.parentId, children);
      if (landing === "twice") notion.append(next.parentId, children);
      break;
    }
    journal = withStep(journal, { parentId: next.parentId, ids: notion.append(next.parentId, children) });
  }
  // Second worker: reconciles the step after the journal's last one, then continues.
  let first = true;
  for (let next = nextStep(plan, journal, "root"); next; next = nextStep(plan, journal, "root")) {
    const children = plan[next.index]!.children;
    let ids: string[] | undefined;
    if (first) {
      const outcome = reconcileStep(notion.list(next.parentId), next.position, sent(children));
      if (outcome.kind === "conflict") throw new Error("conflict");
      if (outcome.kind === "applied") ids = outcome.ids;
      if (outcome.kind === "applied-twice") {
        outcome.extra.forEach((id) => notion.remove(id));
        ids = outcome.ids;
      }
      first = false;
    }
    journal = withStep(journal, { parentId: next.parentId, ids: ids ?? notion.append(next.parentId, children) });
  }
  return journal;
}

const text = (content: string) => [{ type: "text" as const, text: { content } }];
const task = (content: string) => ({ type: "to_do", to_do: { rich_text: text(content), checked: false } }) as unknown as NotionBlock;
const item = (content: string, children: NotionBlock[] = []) =>
  ({ type: "bulleted_list_item", bulleted_list_item: { rich_text: text(content), ...(children.length ? { children } : {}) } }) as unknown as NotionBlock;

/** Answers whose plans need 1–6 requests: many checklist lines and/or lists nested deeper than two levels. */
const answers = fc
  .record({
    tasks: fc.integer({ min: 1, max: 320 }),
    depth: fc.integer({ min: 0, max: 6 }),
    lists: fc.integer({ min: 0, max: 3 }),
    name: fc.constantFrom("alpha", "beta"),
  })
  .map(({ tasks, depth, lists, name }) => {
    const blocks = Array.from({ length: tasks }, (_, i) => task(`${name} task ${i + 1}`));
    for (let list = 0; list < lists && depth > 0; list++) {
      let nested: NotionBlock | undefined;
      for (let level = depth; level >= 1; level--) nested = item(`${name} list ${list} level ${level}`, nested ? [nested] : []);
      blocks.push(nested!);
    }
    return blocks;
  })
  .filter((blocks) => {
    const steps = planAppends(blocks).length;
    return steps >= 1 && steps <= 6;
  });

describe("append journal", () => {
  it("property: stopped at any step, landed not at all, once or twice, the resumed write leaves the answer exactly once, older identical content untouched", () => {
    fc.assert(
      fc.property(answers, fc.nat(), fc.constantFrom<Landing>("none", "once", "twice"), fc.boolean(), (blocks, stopSeed, landing, earlierCopy) => {
        const notion = new Blocks();
        // An identical answer from an earlier run: it must never be adopted (Undo would delete it).
        if (earlierCopy) for (const step of planAppends(blocks)) if (step.parent.kind === "root") notion.append("root", step.children);
        const before = notion.outline();
        const steps = planAppends(blocks).length;
        const journal = writeWithStop(notion, blocks, stopSeed % steps, landing);
        expect(notion.outline()).toEqual([...before, ...outlineOf(blocks)]);
        // What Undo removes (the journal's top-level ids) is exactly this write.
        const ids = new Set(topLevelIds(planAppends(blocks), journal));
        for (const id of ids) notion.remove(id);
        expect(notion.outline()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it("plans from 1 to 6 requests are all drawn", () => {
    const seen = new Set(fc.sample(answers, 400).map((blocks) => planAppends(blocks).length));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("a step's position for a created parent counts the children it was created with", () => {
    // "a" is sent with its childless children inline; the two others follow in a later request.
    const blocks = [item("a", [item("b"), item("c"), item("d", [item("e")])])];
    const plan = planAppends(blocks);
    expect(plan.map((step) => step.parent.kind)).toEqual(["root", "created"]);
    const journal = withStep(newJournal(null), { parentId: "root", ids: ["a-id"] });
    expect(nextStep(plan, journal, "root")).toEqual({ index: 1, parentId: "a-id", position: { kind: "after-count", count: 2 } });
  });

  it("reconcile: nothing after the known position means not applied; another edit there is a conflict", () => {
    const batch: SentChild[] = [{ print: "paragraph:x", hasChildren: false }];
    const listed: ListedChild[] = [{ id: "old", print: "paragraph:x", hasChildren: false }];
    expect(reconcileStep(listed, { kind: "after-id", id: "old" }, batch)).toEqual({ kind: "not-applied" });
    expect(reconcileStep([...listed, { id: "n", print: "paragraph:y", hasChildren: false }], { kind: "after-id", id: "old" }, batch)).toEqual({ kind: "conflict" });
    // The anchor was deleted meanwhile: never guess.
    expect(reconcileStep(listed, { kind: "after-id", id: "gone" }, batch)).toEqual({ kind: "conflict" });
  });

  it("reconcile counts nested children: a block sent with children must be listed with children", () => {
    const batch: SentChild[] = [{ print: "bulleted_list_item:a", hasChildren: true }];
    expect(reconcileStep([{ id: "n", print: "bulleted_list_item:a", hasChildren: false }], { kind: "after-id", id: null }, batch)).toEqual({ kind: "conflict" });
    expect(reconcileStep([{ id: "n", print: "bulleted_list_item:a", hasChildren: true }], { kind: "after-id", id: null }, batch)).toEqual({ kind: "applied", ids: ["n"] });
  });

  it("a write answered once but sent twice (HTTP/1.1 resend): the copy JavaScript didn't see is removed", () => {
    const batch: SentChild[] = [{ print: "paragraph:x", hasChildren: false }];
    const listed: ListedChild[] = [
      { id: "first", print: "paragraph:x", hasChildren: false },
      { id: "second", print: "paragraph:x", hasChildren: false },
    ];
    expect(findResentCopy(listed, { kind: "after-id", id: null }, batch, ["second"])).toEqual({ extra: ["first"] });
    expect(findResentCopy(listed.slice(0, 1), { kind: "after-id", id: null }, batch, ["first"])).toEqual({ extra: [] });
    expect(findResentCopy(listed.slice(0, 1), { kind: "after-id", id: null }, batch, ["other"])).toEqual({ kind: "conflict" });
  });
});

import { describe, expect, it } from "vitest";
import { isJournal, newJournal, nextStep, reconcileStep, type ListedChild } from "../../../../src/core/exactly-once/append-journal";
import { isReplaceJournal, newReplaceJournal, replaceAnchor } from "../../../../src/core/exactly-once/replace-journal";
import { planAppends, type NotionBlock } from "../../../../src/core/markdown";

const para = (content: string) => ({ type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content } }] } }) as unknown as NotionBlock;
const child = (id: string, text: string): ListedChild => ({ id, print: `paragraph:${text}`, hasChildren: false });
const sent = (...texts: string[]) => texts.map((text) => ({ print: `paragraph:${text}`, hasChildren: false }));

describe("append journal when inserting (top, replace in place)", () => {
  it("a root step's position carries the block the output goes before", () => {
    const plan = planAppends([para("a")]);
    expect(nextStep(plan, newJournal(null, "old-1"), "root")!.position).toEqual({ kind: "after-id", id: null, before: "old-1" });
    expect(nextStep(plan, newJournal("x"), "root")!.position).toEqual({ kind: "after-id", id: "x" });
  });

  it("the step owns only the children between the proven position and `before`: older identical content after it is not adopted", () => {
    const position = { kind: "after-id" as const, id: null, before: "old-1" };
    // The page's old content repeats the answer: appending logic would call this a conflict or a double write.
    const children = [child("new-1", "A"), child("old-1", "A")];
    expect(reconcileStep(children, position, sent("A"))).toEqual({ kind: "applied", ids: ["new-1"] });
    expect(reconcileStep([child("old-1", "A")], position, sent("A"))).toEqual({ kind: "not-applied" });
    expect(reconcileStep([child("n1", "A"), child("n2", "A"), child("old-1", "A")], position, sent("A"))).toEqual({ kind: "applied-twice", ids: ["n1"], extra: ["n2"] });
  });

  it("a page edited in between (the `before` block gone or moved ahead of the position) is a conflict", () => {
    expect(reconcileStep([child("x", "A")], { kind: "after-id", id: null, before: "gone" }, sent("A"))).toEqual({ kind: "conflict" });
    expect(reconcileStep([child("old-1", "B"), child("p", "A")], { kind: "after-id", id: "p", before: "old-1" }, sent("A"))).toEqual({ kind: "conflict" });
  });

  it("journals with and without `before` are journals; a `before` of the wrong type is not", () => {
    expect(isJournal(newJournal(null, null))).toBe(true);
    expect(isJournal(newJournal("a", "b"))).toBe(true);
    expect(isJournal({ ...newJournal("a"), before: 3 })).toBe(false);
  });
});

describe("replace journal", () => {
  it("the new output goes after the last previous block still on the page, or at the end when none is", () => {
    expect(replaceAnchor(["intro", "p1", "p2", "outro"], ["p1", "p2"])).toBe("p2");
    expect(replaceAnchor(["intro", "p1", "outro"], ["p1", "p2"])).toBe("p1");
    expect(replaceAnchor(["intro", "outro"], ["p1", "p2"])).toBeNull();
  });

  it("round-trips through storage and rejects malformed records", () => {
    const journal = newReplaceJournal(["p1"], "p1");
    expect(isReplaceJournal(structuredClone(journal))).toBe(true);
    expect(isReplaceJournal({ ...journal, phase: "halfway" })).toBe(false);
    expect(isReplaceJournal({ ...journal, write: { v: 2 } })).toBe(false);
    expect(isReplaceJournal({ ...journal, previous: [1] })).toBe(false);
  });
});

import { describe, expect, test } from "vitest";
import { countBlocks, markdownToBlocks, planAppends, resolveParentId, type AppendStep, type NotionBlock } from "../../../../src/core/markdown";
import { bullet, p, t, table } from "./helpers/builders";
import { executePlan } from "./helpers/executor";
import { bodyBytes, validatePlan } from "./helpers/notion-validator";

type Json = Record<string, unknown>;
const typeOf = (b: NotionBlock) => (b as unknown as Json).type as string;
const kids = (b: NotionBlock) => ((b as unknown as Json)[typeOf(b)] as Json).children as NotionBlock[] | undefined;
const requestSize = (s: AppendStep) => countBlocks(s.children);
const parents = (steps: AppendStep[]) => steps.map((s) => (s.parent.kind === "root" ? "root" : `${s.parent.step}/${s.parent.index}`));

/** Plans, checks every limit and that executing the plan rebuilds exactly the input. */
function plan(blocks: NotionBlock[]): AppendStep[] {
  const steps = planAppends(blocks);
  expect(validatePlan(steps)).toEqual([]);
  expect(executePlan(steps)).toEqual(blocks);
  return steps;
}

const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => p([t(`p${i}`)]));
const leafItems = (n: number) => Array.from({ length: n }, (_, i) => bullet([t(`i${i}`)]));

describe("planAppends", () => {
  test("no blocks → no requests", () => {
    expect(planAppends([])).toEqual([]);
  });

  test("a small document is one request", () => {
    const blocks = markdownToBlocks("# T\n\n- a\n  - b\n\ntext");
    const steps = plan(blocks);
    expect(steps).toEqual([{ parent: { kind: "root" }, children: blocks }]);
  });

  test("at most 100 children per request, in order", () => {
    const steps = plan(paragraphs(250));
    expect(steps.map((s) => s.children.length)).toEqual([100, 100, 50]);
    expect(parents(steps)).toEqual(["root", "root", "root"]);
  });

  test("a block with more than 100 children: the rest is appended to it", () => {
    const item = bullet([t("parent")], leafItems(250));
    const steps = plan([item, p([t("after")])]);
    expect(parents(steps)).toEqual(["root", "0/0", "0/0"]);
    expect(kids(steps[0]?.children[0] as NotionBlock)).toHaveLength(100);
    expect(steps[0]?.children[1]).toEqual(p([t("after")]));
    expect(steps.slice(1).map((s) => s.children.length)).toEqual([100, 50]);
  });

  test("two levels per request: deeper levels are follow-ups to the returned ids", () => {
    const blocks = markdownToBlocks("- a\n  - b\n    - c\n      - d\n- e");
    const steps = plan(blocks);
    expect(parents(steps)).toEqual(["root", "0/0", "1/0"]);
    // a is sent without children (its child b has children, so b must be first-level to get an id back)
    expect(steps[0]?.children).toEqual([bullet([t("a")]), bullet([t("e")])]);
    expect(steps[1]?.children).toEqual([bullet([t("b")])]);
    expect(steps[2]?.children).toEqual([bullet([t("c")], [bullet([t("d")])])]);
  });

  test("leading childless children go inline, the rest (from the first nested one) follows", () => {
    const blocks = markdownToBlocks("- a\n\n  para\n\n  - b\n    - c\n\n  after");
    const steps = plan(blocks);
    expect(parents(steps)).toEqual(["root", "0/0"]);
    expect(steps[0]?.children).toEqual([bullet([t("a")], [p([t("para")])])]);
    expect(steps[1]?.children).toEqual([bullet([t("b")], [bullet([t("c")])]), p([t("after")])]);
  });

  test("deep nesting (12 levels) is written level by level", () => {
    let md = "";
    for (let depth = 0; depth < 12; depth++) md += `${"  ".repeat(depth)}- level ${depth}\n`;
    const steps = plan(markdownToBlocks(md));
    expect(steps).toHaveLength(11);
    for (const s of steps) expect(s.children).toHaveLength(1);
  });

  test("at most 1000 blocks per request, greedy; follow-ups come before later root blocks", () => {
    const blocks = Array.from({ length: 20 }, (_, i) => bullet([t(`item${i}`)], leafItems(60))); // 1220 blocks
    const steps = plan(blocks);
    expect(steps.map(requestSize)).toEqual([1000, 37, 183]);
    expect(parents(steps)).toEqual(["root", "0/16", "root"]);
    expect(steps[0]?.children).toHaveLength(17);
    expect(kids(steps[0]?.children[16] as NotionBlock)).toHaveLength(23);
  });

  test("at most 500 KB per request (UTF-8 JSON)", () => {
    // Five paragraphs of ~205 KB each (100 items × 2000 ASCII characters).
    const blocks = markdownToBlocks(Array.from({ length: 5 }, (_, i) => `${i}`.repeat(200_000)).join("\n\n"));
    expect(blocks).toHaveLength(5);
    const steps = plan(blocks);
    expect(steps.map((s) => s.children.length)).toEqual([2, 2, 1]);
    for (const s of steps) expect(bodyBytes(s)).toBeLessThanOrEqual(450_000);
  });

  test("multi-byte text is measured in UTF-8, not in characters", () => {
    const blocks = markdownToBlocks(Array.from({ length: 6 }, () => "漢".repeat(70_000)).join("\n\n"));
    const steps = plan(blocks);
    expect(steps.length).toBeGreaterThan(1);
    for (const s of steps) expect(bodyBytes(s)).toBeLessThanOrEqual(450_000);
  });

  test("children are inlined only while the request has room", () => {
    const big = "x".repeat(200_000);
    const blocks = [p([t("x")]), bullet([t("head")], markdownToBlocks(`${big}\n\n${big}\n\n${big}`))]; // 3 × ~205 KB
    const steps = plan(blocks);
    expect(parents(steps)).toEqual(["root", "0/1"]);
    expect(kids(steps[0]?.children[1] as NotionBlock)).toHaveLength(2);
    expect(steps[1]?.children).toHaveLength(1);
  });

  test("a table with more than 100 rows: first rows with the table, the rest appended to it", () => {
    const rows = Array.from({ length: 250 }, (_, i) => `| r${i} | x |`).join("\n");
    const blocks = markdownToBlocks(`| a | b |\n|---|---|\n${rows}`);
    const steps = plan(blocks);
    expect(parents(steps)).toEqual(["root", "0/0", "0/0"]);
    expect(steps.map((s) => s.children.length)).toEqual([1, 100, 51]);
    expect(kids(steps[0]?.children[0] as NotionBlock)).toHaveLength(100);
    expect(steps[1]?.children.every((r) => typeOf(r) === "table_row")).toBe(true);
  });

  test("a table is never a grandchild (its rows would be a third level)", () => {
    const blocks = markdownToBlocks("- item\n\n  | a |\n  |---|\n  | b |");
    const steps = plan(blocks);
    expect(steps).toEqual([
      { parent: { kind: "root" }, children: [bullet([t("item")])] },
      { parent: { kind: "created", step: 0, index: 0 }, children: [table(1, [[[t("a")]], [[t("b")]]])] },
    ]);
  });

  test("a table starts a new request rather than be created without rows", () => {
    const blocks = [...paragraphs(99), ...markdownToBlocks("| a |\n|---|\n| b |")];
    const steps = planAppends(blocks, { maxBlocks: 100 });
    expect(validatePlan(steps)).toEqual([]);
    expect(steps.map((s) => s.children.length)).toEqual([99, 1]);
    expect(kids(steps[1]?.children[0] as NotionBlock)).toHaveLength(2);
  });

  test("options tighten the limits", () => {
    const steps = planAppends(leafItems(7), { maxChildren: 3 });
    expect(steps.map((s) => s.children.length)).toEqual([3, 3, 1]);
    expect(() => planAppends([], { maxChildren: 0 })).toThrow(RangeError);
  });

  test("a block too large for any request is still sent, alone", () => {
    const steps = planAppends(paragraphs(3), { maxBytes: 10 });
    expect(steps.map((s) => s.children.length)).toEqual([1, 1, 1]);
  });

  test("the input is not modified", () => {
    const blocks = markdownToBlocks("- a\n  - b\n    - c");
    const copy = structuredClone(blocks);
    planAppends(blocks);
    expect(blocks).toEqual(copy);
  });
});

describe("resolveParentId", () => {
  const root: AppendStep = { parent: { kind: "root" }, children: [] };
  const nested: AppendStep = { parent: { kind: "created", step: 1, index: 2 }, children: [] };
  test("root and created parents", () => {
    expect(resolveParentId(root, "page-id", [])).toBe("page-id");
    expect(resolveParentId(nested, "page-id", [["a"], ["b", "c", "d"]])).toBe("d");
  });
  test("a missing id (steps run out of order, or a short response) throws", () => {
    expect(() => resolveParentId(nested, "page-id", [["a"]])).toThrow(/step 1/);
    expect(() => resolveParentId(nested, "page-id", [["a"], ["b"]])).toThrow();
  });
});

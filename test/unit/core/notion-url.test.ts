import { describe, expect, it } from "vitest";
import { describeUrlProblem, parseNotionUrl, toDashedId } from "../../../src/core/notion-url";

const HEX = "1a2b3c4d5e6f40718293a4b5c6d7e8f9";
const DASHED = "1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9";
const OTHER = "0f0e0d0c0b0a49988776655443322110";
const OTHER_DASHED = "0f0e0d0c-0b0a-4998-8776-655443322110";

describe("parseNotionUrl", () => {
  it.each([
    [`https://www.notion.so/acme/Quarterly-plan-${HEX}`, DASHED],
    [`https://www.notion.so/Quarterly-plan-${HEX}`, DASHED],
    [`https://notion.so/${HEX}`, DASHED],
    [`https://app.notion.com/p/${HEX}`, DASHED],
    [`https://app.notion.com/p/Quarterly-plan-${HEX}`, DASHED],
    [`https://acme.notion.site/Quarterly-plan-${HEX}`, DASHED],
    [`https://www.notion.so/acme/${DASHED}`, DASHED],
    [`www.notion.so/Quarterly-plan-${HEX}`, DASHED],
    [`  https://www.notion.so/Quarterly-plan-${HEX}  `, DASHED],
    [HEX, DASHED],
    [DASHED, DASHED],
  ])("finds the page id in %s", (url, id) => {
    const result = parseNotionUrl(url);
    expect(result).toEqual({ ok: true, target: { id, hint: "unknown", fromPeek: false } });
  });

  it("treats a view URL's path id as a database and keeps the view id", () => {
    const result = parseNotionUrl(`https://www.notion.so/acme/${HEX}?v=${OTHER}`);
    expect(result).toEqual({ ok: true, target: { id: DASHED, hint: "database", viewId: OTHER_DASHED, fromPeek: false } });
  });

  it("prefers the peeked page over the database behind it", () => {
    const result = parseNotionUrl(`https://www.notion.so/acme/${HEX}?v=${HEX}&p=${OTHER}&pm=s`);
    expect(result).toEqual({ ok: true, target: { id: OTHER_DASHED, hint: "unknown", fromPeek: true } });
  });

  it("keeps a block anchor apart from the page id", () => {
    const result = parseNotionUrl(`https://www.notion.so/Plan-${HEX}#block-${OTHER}`);
    expect(result).toEqual({ ok: true, target: { id: DASHED, hint: "unknown", blockId: OTHER_DASHED, fromPeek: false } });
  });

  it("uses the last id of a slug that contains hex-looking words", () => {
    const result = parseNotionUrl(`https://www.notion.so/${OTHER}-notes-${HEX}`);
    expect(result.ok && result.target.id).toBe(DASHED);
  });

  it.each([
    ["not a url at all", "not_a_url"],
    ["example.com/page", "not_notion"],
    ["https://example.com/Page-" + HEX, "not_notion"],
    ["https://notion.so.evil.com/" + HEX, "not_notion"],
    ["https://www.notion.so/acme/no-id-here", "no_id"],
    ["http://[::1", "not_a_url"],
  ])("rejects %s as %s with advice", (url, reason) => {
    const result = parseNotionUrl(url);
    expect(result).toEqual({ ok: false, reason });
    if (!result.ok) expect(describeUrlProblem(result.reason)).toMatch(/Notion|link/);
  });
});

describe("toDashedId", () => {
  it("normalises case and dashes", () => {
    expect(toDashedId(HEX.toUpperCase())).toBe(DASHED);
    expect(toDashedId("xyz")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { waitText } from "../../../src/content/wait-text";
import { waitNotice } from "../../../src/core/wait-notice";

describe("waitText", () => {
  it("words a wait exactly as the popup does (src/core/wait-notice.ts), for every limit", () => {
    for (const scope of [undefined, "connection", "workspace", "overload", "unknown"] as const) {
      for (const [until, now] of [[43_000, 1000], [1500, 1000], [1000, 1000]] as const) {
        expect(waitText(until, now, scope)).toBe(waitNotice(until, now, scope));
      }
    }
    expect(waitText(43_000, 1000, "workspace")).toBe("Notion asked Inkwell to wait 42 s (workspace limit)");
  });
});

import { describe, expect, it } from "vitest";
import { unavailableOptions } from "../../../../src/core/typed-output/stale-options";
import type { TypedOutputSpec } from "../../../../src/core/typed-output";

const spec = (allowNewOptions: boolean): TypedOutputSpec => ({
  allowNewOptions,
  properties: [
    { name: "Tags", type: "multi_select", options: ["Alpha", "Gamma"] },
    { name: "Sentiment", type: "select", options: ["Positive"] },
    { name: "Stage", type: "status", options: ["Draft", "Done"] },
    { name: "Score", type: "number" },
  ],
});

describe("a stored typed answer checked against the properties as they are now", () => {
  it("passes when every option it uses still exists", () => {
    expect(unavailableOptions({ Tags: { multi_select: [{ name: "Alpha" }] }, Sentiment: { select: { name: "Positive" } }, Stage: { status: { name: "Done" } }, Score: { number: 3 } }, spec(false))).toEqual([]);
  });

  it("names every removed option, and a property the connection no longer fills", () => {
    expect(unavailableOptions({ Tags: { multi_select: [{ name: "Alpha" }, { name: "Beta" }, { name: "Delta" }] }, Sentiment: { select: { name: "Negative" } }, Due: { date: { start: "2026-01-01" } } }, spec(false))).toEqual([
      "“Tags” no longer has the options “Beta”, “Delta”.",
      "“Sentiment” no longer has the option “Negative”.",
      "“Due” is no longer one of the properties this connection fills.",
    ]);
  });

  it("with consent, select options may be new; status options never", () => {
    expect(unavailableOptions({ Tags: { multi_select: [{ name: "Beta" }] }, Sentiment: { select: { name: "Negative" } }, Stage: { status: { name: "Shipped" } } }, spec(true))).toEqual(["“Stage” no longer has the option “Shipped”."]);
  });
});

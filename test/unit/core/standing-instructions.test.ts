import { describe, expect, it } from "vitest";
import { standingInstructionsFrom, standingInstructionsText } from "../../../src/core/standing-instructions";

const rich = (text: string) => [{ plain_text: text }];

describe("standing instructions", () => {
  const properties = {
    Name: { name: "Name", description: null },
    Tags: { name: "Tags", description: "  1–3 of the existing topics\n(never new ones) " },
    Score: { name: "Score", description: "" },
    Notes: { name: "Notes", description: "Not used by the prompt" },
  };

  it("keeps the database's description and those of the properties the prompt uses, in the order asked", () => {
    const result = standingInstructionsFrom({ databaseDescription: rich(" Blog articles. "), dataSourceDescription: rich("Blog articles."), properties }, ["Tags", "Name", "Score", "Unknown", "Tags"]);
    expect(result).toEqual({ database: "Blog articles.", properties: [{ name: "Tags", description: "1–3 of the existing topics\n(never new ones)" }] });
    expect(standingInstructionsText(result)).toBe("About this database:\nBlog articles.\n\nAbout its properties:\n- Tags: 1–3 of the existing topics (never new ones)");
  });

  it("a data source description that differs is kept too; nothing to say is the empty string", () => {
    expect(standingInstructionsFrom({ databaseDescription: rich("A"), dataSourceDescription: rich("B"), properties: {} }, []).database).toBe("A\n\nB");
    expect(standingInstructionsText(standingInstructionsFrom({ properties }, ["Name", "Score"]))).toBe("");
  });
});

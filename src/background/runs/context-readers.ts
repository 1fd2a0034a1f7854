/** The gateway's reads for a run's context: row and page bodies, typed properties' configuration, descriptions. */
import { standingInstructionsText } from "../../core/standing-instructions";
import { readDataSourceProperties } from "../../notion/data-source-properties";
import { readPageContent } from "../../notion/page-content";
import { readStandingInstructions } from "../../notion/standing-instructions";
import type { ContextReaders } from "./row-request";

export const notionContextReaders: ContextReaders = {
  pageContent: async (client, pageId, maxChars) => {
    const content = await readPageContent(client, pageId, { maxChars });
    return { markdown: content.markdown, truncated: content.truncated };
  },
  dataSourceProperties: readDataSourceProperties,
  standingInstructions: async (client, target) => standingInstructionsText(await readStandingInstructions(client, target)),
};

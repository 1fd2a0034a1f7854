import type { Connection, Run } from "../../shared/storage/schema";
import { CopyAnswer } from "./CopyAnswer";
import { writtenSummary } from "./model";

/** What a page connection's last run wrote: a link to it in Notion, the start of the answer, and Copy answer. */
export function LastContent({ connection, newest }: { connection: Connection; newest: Run }) {
  return (
      <div id="last-content" class="notice">
        {newest.undoneAt !== undefined ? (
          <p>The last run was undone.</p>
        ) : (
          <>
            <p>
              {`The last run wrote ${writtenSummary(newest)} to “${connection.targetTitle}”. `}
              <a href={connection.url} target="_blank" rel="noreferrer">
                See it in Notion
              </a>
            </p>
            {newest.preview && (
              // The start of the answer as generated (Markdown); Notion holds the full text.
              <blockquote id="last-content-preview" class="preview">
                {newest.preview}
                {newest.receivedChars > newest.preview.length && "…"}
              </blockquote>
            )}
            <CopyAnswer run={newest} />
          </>
        )}
      </div>
  );
}

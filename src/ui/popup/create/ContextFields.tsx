import type { TargetKind } from "../../../shared/storage/schema";
import { describeCap, PAGE_CONTENT_PLACEHOLDER, usesPageContent } from "./contentCap";
import type { DraftContext } from "./draft";
import { Toggle } from "./Toggle";

interface ContextFieldsProps {
  kind: TargetKind;
  context: DraftContext;
  /** The prompt (a database template may send each row's body). */
  prompt: string;
  onChange: (patch: Partial<DraftContext>) => void;
}

/** What is read from Notion and sent with the prompt: the page's content, the database's descriptions, and how much content at most. */
export function ContextFields({ kind, context, prompt, onChange }: ContextFieldsProps) {
  const sendsContent = kind === "page" ? context.pageContent : usesPageContent(prompt);
  const cap = describeCap(context.contentCap);
  return (
    <fieldset class="stack-tight context-fields">
      <legend>Context from Notion</legend>
      {kind === "page" ? (
        <Toggle
          id="context-page-content"
          label="Include the page's current content"
          help="Sends what the page holds now with your prompt, for prompts such as “Summarise this page” or “Turn these notes into an outline”."
          checked={context.pageContent}
          onChange={(pageContent) => onChange({ pageContent })}
        />
      ) : (
        <>
          <Toggle
            id="context-standing"
            label="Use the database's description and property descriptions as instructions"
            help="Sends the database's description, and the descriptions of the properties the prompt uses or fills, as standing instructions with every row."
            checked={context.standingInstructions}
            onChange={(standingInstructions) => onChange({ standingInstructions })}
          />
          {!sendsContent && (
            <p class="hint" id="context-row-content-hint">
              Put {PAGE_CONTENT_PLACEHOLDER} in the prompt to send each row's own content.
            </p>
          )}
        </>
      )}
      {sendsContent && (
        <div class="field">
          <label for="context-cap">Content cap (characters)</label>
          <input
            id="context-cap"
            inputMode="numeric"
            autocomplete="off"
            value={context.contentCap}
            placeholder="Default"
            aria-invalid={cap.ok ? undefined : true}
            aria-describedby="context-cap-help"
            onInput={(event) => onChange({ contentCap: event.currentTarget.value })}
          />
          <p id="context-cap-help" class={cap.ok ? "hint" : "error"}>
            {cap.text} Longer content is cut at the end of a block, and the preview and the row's result say so.
          </p>
        </div>
      )}
    </fieldset>
  );
}

/**
 * Notion's enhanced markdown (GET /v1/pages/:id/markdown) → Markdown for a prompt.
 *
 * Models read standard Markdown best, and most of Notion's dialect already is
 * standard (headings, lists, tab-indented children, fences, `<details>`
 * toggles, backslash escapes), so only what would confuse a model or waste
 * its context is translated:
 *  - trailing attribute lists (`{color="red"}`, `{toggle="true"}`) are removed;
 *  - `::: callout {icon="💡"}` fences become a quote (`> 💡 …`), like a callout read from blocks;
 *  - `<empty-block/>` becomes an empty line; `<table_of_contents/>` and `<unknown …/>` are left out
 *    (they carry no text; `unknown` ids are reported separately);
 *  - `<page url>Title</page>` / `<database url>Title</database>` become links;
 *  - inline `<mention-page|database url>Title</…>` become the title, `<mention-date start>` the date,
 *    `<mention-user/>` nothing; `<span …>x</span>` (colour, underline) becomes `x`;
 *  - `<columns>` / `<column>` wrappers are dropped, their content kept.
 * Code fences are copied verbatim.
 */

const ATTRIBUTE_LIST = /\s*\{(?:[a-z-]+="[^"]*"\s*)+\}\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;
const DROPPED_LINE = /^\s*(?:<table_of_contents\/>|<unknown\b[^>]*\/>|<\/?columns>|<\/?column>)\s*$/;
const CALLOUT_OPEN = /^(\s*):{3,}\s*callout\b(.*)$/;
const CALLOUT_CLOSE = /^\s*:{3,}\s*$/;

function attributeValue(attributes: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1];
}

function translateInline(line: string): string {
  return line
    .replace(/<empty-block\/>/g, "")
    .replace(/<(page|database) url="([^"]*)"[^>]*>(.*?)<\/\1>/g, (_m, _kind: string, url: string, title: string) => `[${title || "Untitled"}](${url})`)
    .replace(/<mention-(?:page|database)\b[^>]*>(.*?)<\/mention-(?:page|database)>/g, "$1")
    .replace(/<mention-date\b([^>]*)\/>/g, (_m, attributes: string) => attributeValue(attributes, "start") ?? "")
    .replace(/<mention-[a-z-]+\b[^>]*\/>/g, "")
    .replace(/<span\b[^>]*>(.*?)<\/span>/g, "$1")
    .replace(ATTRIBUTE_LIST, "");
}

export function enhancedMarkdownForPrompt(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let callout: { indent: string; icon?: string | undefined } | undefined;
  const quoted = (text: string) => {
    const { indent, icon } = callout!;
    callout!.icon = undefined;
    return `${indent}> ${icon ? `${icon} ` : ""}${text.startsWith(indent) ? text.slice(indent.length) : text}`.trimEnd();
  };
  for (const line of markdown.split("\n")) {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      out.push(callout ? quoted(line) : line);
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      out.push(callout ? quoted(line) : line);
      continue;
    }
    if (DROPPED_LINE.test(line)) continue;
    const open = CALLOUT_OPEN.exec(line);
    if (open && !callout) {
      callout = { indent: open[1] ?? "", icon: attributeValue(open[2] ?? "", "icon") };
      continue;
    }
    if (callout && CALLOUT_CLOSE.test(line)) {
      if (callout.icon) out.push(quoted(""));
      callout = undefined;
      continue;
    }
    const translated = translateInline(line);
    out.push(callout ? quoted(translated) : translated);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

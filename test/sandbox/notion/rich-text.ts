/**
 * Rich text: request items (`{ text: { content, link? }, annotations? }`, equations,
 * mentions) become response items with `plain_text`, `href` and complete
 * annotations, as Notion returns them. Input is validated by limits.ts first.
 */
export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
}

export interface RichTextItem {
  type: "text" | "equation" | "mention";
  text?: { content: string; link: { url: string } | null };
  equation?: { expression: string };
  mention?: Record<string, unknown>;
  annotations: Annotations;
  plain_text: string;
  href: string | null;
}

type Json = Record<string, unknown>;

/** Resolves what a mention shows (a page's title, a user's name); the emulator passes the workspace in. */
export type MentionText = (mention: Json) => { text: string; href: string | null };

const DEFAULT_MENTION: MentionText = () => ({ text: "Untitled", href: null });

export function richTextFromRequest(items: unknown, mentionText: MentionText = DEFAULT_MENTION): RichTextItem[] {
  if (!Array.isArray(items)) return [];
  return items.map((raw) => itemFromRequest(raw as Json, mentionText));
}

function itemFromRequest(item: Json, mentionText: MentionText): RichTextItem {
  const annotations = annotationsOf(item.annotations);
  if (item.equation !== undefined) {
    const expression = String((item.equation as Json).expression ?? "");
    return { type: "equation", equation: { expression }, annotations, plain_text: expression, href: null };
  }
  if (item.mention !== undefined) {
    const mention = { ...(item.mention as Json) };
    const kind = typeof mention.type === "string" ? mention.type : Object.keys(mention).find((key) => key !== "type");
    if (kind) mention.type = kind;
    const shown = mentionText(mention);
    return { type: "mention", mention, annotations, plain_text: shown.text, href: shown.href };
  }
  const text = (item.text ?? {}) as Json;
  const content = String(text.content ?? "");
  const url = (text.link as Json | null | undefined)?.url;
  const link = typeof url === "string" ? { url } : null;
  return { type: "text", text: { content, link }, annotations, plain_text: content, href: link?.url ?? null };
}

function annotationsOf(raw: unknown): Annotations {
  const a = (raw ?? {}) as Partial<Annotations>;
  return {
    bold: a.bold === true,
    italic: a.italic === true,
    strikethrough: a.strikethrough === true,
    underline: a.underline === true,
    code: a.code === true,
    color: typeof a.color === "string" ? a.color : "default",
  };
}

/** One plain text item, for seeding ("title: 'Ideas'"). */
export function richText(content: string): RichTextItem[] {
  return content === "" ? [] : richTextFromRequest([{ text: { content } }]);
}

export function plainText(items: readonly RichTextItem[] | undefined): string {
  if (!items) return "";
  let out = "";
  for (const item of items) out += item.plain_text;
  return out;
}

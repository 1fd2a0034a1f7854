/**
 * The small part of HTML that model answers use, read well enough to turn it
 * into Notion formatting instead of writing it out as literal text.
 *
 * Why not an HTML parser: the converter only ever sees fragments (one tag from
 * an inline HTML node, or the few lines of an HTML block), never a document,
 * and it needs the tags in source order to pair them with Markdown around
 * them. A tokenizer that follows the CommonMark definition of a tag
 * (micromark has already decided what *is* HTML) is enough, and keeps the
 * bundle small. Entities are decoded with micromark's own decoder.
 */
import { decodeString } from "micromark-util-decode-string";

export type HtmlToken =
  | { readonly kind: "text"; readonly raw: string }
  | { readonly kind: "open"; readonly name: string; readonly attributes: ReadonlyMap<string, string>; readonly selfClosing: boolean; readonly raw: string }
  | { readonly kind: "close"; readonly name: string; readonly raw: string }
  /** Comments, processing instructions and declarations: never shown by a renderer. */
  | { readonly kind: "hidden"; readonly raw: string }
  | { readonly kind: "cdata"; readonly text: string; readonly raw: string }
  /** Tag syntax that names no HTML element (`<String>`, `<your-api-key>`): text as written. */
  | { readonly kind: "literal"; readonly raw: string };

/**
 * HTML's element names. Only these are read as tags: model answers also put
 * generics (`List<String>`, `Vec<u8>`) and placeholders (`<your-api-key>`)
 * in prose, which CommonMark parses as HTML but which are text to the reader.
 */
const ELEMENTS: ReadonlySet<string> = new Set(
  (
    "a abbr acronym address area article aside audio b base bdi bdo big blockquote body br button canvas caption center cite code col colgroup " +
    "data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header " +
    "hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav nobr noscript object ol optgroup option " +
    "output p param picture pre progress q rp rt ruby s samp script search section select slot small source span strike strong style sub " +
    "summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr"
  ).split(" "),
);

/**
 * Whether a tag name is an HTML element as models write one: lower case, or
 * upper case for names longer than a letter (`<BR>`). `<Object>`, `<Data>` or
 * a single `<T>`/`<B>` are far more often type names than HTML.
 */
function isElementName(name: string): boolean {
  const lower = name.toLowerCase();
  return ELEMENTS.has(lower) && (name === lower || (name.length > 1 && name === name.toUpperCase()));
}

const ATTRIBUTE = String.raw`[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?`;
const TOKEN = new RegExp(
  [
    String.raw`<!--[\s\S]*?(?:-->|$)`,
    String.raw`<!\[CDATA\[[\s\S]*?(?:\]\]>|$)`,
    String.raw`<![A-Za-z][^>]*>?`,
    String.raw`<\?[\s\S]*?(?:\?>|$)`,
    String.raw`</[A-Za-z][A-Za-z0-9-]*\s*>`,
    String.raw`<[A-Za-z][A-Za-z0-9-]*(?:\s+${ATTRIBUTE})*\s*/?>`,
  ].join("|"),
  "g",
);
const ATTRIBUTE_PARTS = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Decode character references (`&amp;`, `&#x27;`, `&nbsp;`…) as CommonMark does. */
export function decodeEntities(text: string): string {
  return decodeString(text);
}

function parseTag(raw: string): HtmlToken {
  if (raw.startsWith("<!--") || raw.startsWith("<?") || (raw.startsWith("<!") && !raw.startsWith("<![CDATA["))) return { kind: "hidden", raw };
  if (raw.startsWith("<![CDATA[")) return { kind: "cdata", text: raw.slice(9).replace(/\]\]>$/, ""), raw };
  const written = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(raw)?.[1] ?? "";
  if (!isElementName(written)) return { kind: "literal", raw };
  if (raw.startsWith("</")) return { kind: "close", name: written.toLowerCase(), raw };
  const name = written.toLowerCase();
  const body = raw.slice(name.length + 1, raw.endsWith("/>") ? -2 : -1);
  const attributes = new Map<string, string>();
  for (const match of body.matchAll(ATTRIBUTE_PARTS)) {
    const key = (match[1] ?? "").toLowerCase();
    if (!attributes.has(key)) attributes.set(key, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return { kind: "open", name, attributes, selfClosing: raw.endsWith("/>"), raw };
}

/** Split an HTML fragment into text and tags, in source order (concatenating every `raw` gives the input back). */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let last = 0;
  for (const match of html.matchAll(TOKEN)) {
    if (match[0] === "") continue;
    if (match.index > last) tokens.push({ kind: "text", raw: html.slice(last, match.index) });
    tokens.push(parseTag(match[0]));
    last = match.index + match[0].length;
  }
  if (last < html.length) tokens.push({ kind: "text", raw: html.slice(last) });
  return tokens;
}

/** The visible text of a fragment: tags and comments dropped, CDATA kept, entities decoded. */
export function htmlToPlainText(html: string): string {
  let out = "";
  for (const token of tokenizeHtml(html)) {
    if (token.kind === "text") out += decodeEntities(token.raw);
    else if (token.kind === "cdata") out += token.text;
    else if (token.kind === "literal") out += token.raw;
    else if (token.kind === "open" && token.name === "br") out += "\n";
  }
  return out;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
  "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", n: "ⁿ", i: "ⁱ",
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
  "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
};

/**
 * `<sup>`/`<sub>` text: Notion has no such annotation, so the text becomes its
 * Unicode super/subscript form when every character has one (x², H₂O, 10⁻³),
 * and stays as plain text otherwise (a half-converted "1ˢt" would be worse).
 */
export function toScript(text: string, script: "sup" | "sub"): string {
  const table = script === "sup" ? SUPERSCRIPT : SUBSCRIPT;
  const chars = [...text];
  if (chars.length === 0 || !chars.every((c) => table[c] !== undefined)) return text;
  return chars.map((c) => table[c]).join("");
}

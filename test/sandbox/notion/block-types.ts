/**
 * The block types the API can create, and what each one's payload holds. One
 * table drives both validation (limits.ts) and storage (blocks.ts), so a type
 * the emulator accepts is always a type it can store and return.
 */

/** Notion's code languages, copied from the SDK's `LanguageRequest` (common.d.ts, @notionhq/client 5.26). */
export const CODE_LANGUAGES: ReadonlySet<string> = new Set([
  "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c", "c#", "c++", "clojure",
  "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker", "ebnf", "elixir", "elm", "erlang", "f#", "flow",
  "fortran", "gherkin", "glsl", "go", "graphql", "groovy", "haskell", "hcl", "html", "idris", "java", "javascript",
  "json", "julia", "kotlin", "latex", "less", "lisp", "livescript", "llvm ir", "lua", "makefile", "markdown",
  "markup", "matlab", "mathematica", "mermaid", "nix", "notion formula", "objective-c", "ocaml", "pascal", "perl",
  "php", "plain text", "powershell", "prolog", "protobuf", "purescript", "python", "r", "racket", "reason", "ruby",
  "rust", "sass", "scala", "scheme", "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml", "typescript",
  "vb.net", "verilog", "vhdl", "visual basic", "webassembly", "xml", "yaml", "java/c/c++/c#",
]);

export interface BlockSpec {
  /** Payload fields holding a rich text array. */
  richText: readonly string[];
  /** Whether `<type>.rich_text` is required on create. */
  requiresRichText: boolean;
  /** Whether the block may hold child blocks. */
  children: boolean;
  /** Payload defaults Notion fills in on create (merged under the request's fields). */
  defaults: Record<string, unknown>;
}

const text = (defaults: Record<string, unknown> = {}, children = true): BlockSpec => ({
  richText: ["rich_text"],
  requiresRichText: true,
  children,
  defaults: { color: "default", ...defaults },
});
const media = (defaults: Record<string, unknown> = {}): BlockSpec => ({ richText: ["caption"], requiresRichText: false, children: false, defaults: { caption: [], ...defaults } });
const plain = (defaults: Record<string, unknown> = {}, children = false): BlockSpec => ({ richText: [], requiresRichText: false, children, defaults });

export const BLOCK_SPECS: Readonly<Record<string, BlockSpec>> = {
  paragraph: text({ icon: null }),
  heading_1: text({ is_toggleable: false }),
  heading_2: text({ is_toggleable: false }),
  heading_3: text({ is_toggleable: false }),
  heading_4: text({ is_toggleable: false }),
  bulleted_list_item: text(),
  numbered_list_item: text(),
  quote: text(),
  toggle: text(),
  to_do: text({ checked: false }),
  callout: text({ icon: { type: "emoji", emoji: "💡" } }),
  template: { richText: ["rich_text"], requiresRichText: true, children: true, defaults: {} },
  code: { richText: ["rich_text", "caption"], requiresRichText: true, children: false, defaults: { caption: [] } },
  equation: plain(),
  divider: plain(),
  breadcrumb: plain(),
  table_of_contents: plain({ color: "default" }),
  link_to_page: plain(),
  synced_block: plain({ synced_from: null }, true),
  table: plain({ has_column_header: false, has_row_header: false }, true),
  table_row: { richText: [], requiresRichText: false, children: false, defaults: {} },
  column_list: plain({}, true),
  column: plain({}, true),
  tab: plain({}, true),
  image: media(),
  video: media(),
  pdf: media(),
  audio: media(),
  file: media({ name: "" }),
  bookmark: media(),
  embed: media(),
};

/** Types that appear in responses but cannot be created through the API. */
export const READ_ONLY_TYPES: ReadonlySet<string> = new Set(["child_page", "child_database", "unsupported", "link_preview", "meeting_notes", "transcription"]);

export const CREATABLE_TYPES: readonly string[] = Object.keys(BLOCK_SPECS);

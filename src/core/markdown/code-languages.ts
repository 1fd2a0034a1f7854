/**
 * Fenced-code info strings → Notion's fixed code-language list.
 * Notion rejects any value outside its list, so everything unknown becomes
 * "plain text" rather than failing the whole append.
 */
import type { CodeLanguage } from "./types";

/**
 * Notion's languages (SDK `LanguageRequest`, @notionhq/client 5.26). The
 * `satisfies` check makes the compiler reject a value the SDK does not know.
 */
const NOTION_LANGUAGES = [
  "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c", "c#", "c++",
  "clojure", "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker", "ebnf", "elixir", "elm",
  "erlang", "f#", "flow", "fortran", "gherkin", "glsl", "go", "graphql", "groovy", "haskell", "hcl",
  "html", "idris", "java", "javascript", "json", "julia", "kotlin", "latex", "less", "lisp", "livescript",
  "llvm ir", "lua", "makefile", "markdown", "markup", "matlab", "mathematica", "mermaid", "nix",
  "notion formula", "objective-c", "ocaml", "pascal", "perl", "php", "plain text", "powershell", "prolog",
  "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust", "sass", "scala", "scheme",
  "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml", "typescript", "vb.net", "verilog",
  "vhdl", "visual basic", "webassembly", "xml", "yaml", "java/c/c++/c#",
] as const satisfies readonly CodeLanguage[];

// …and the reverse check: fails to compile if the SDK adds a language missing above.
const _complete: [Exclude<CodeLanguage, (typeof NOTION_LANGUAGES)[number]>] extends [never] ? true : false = true;

/** Every value Notion accepts as a code block's `language`. */
export const NOTION_CODE_LANGUAGES: readonly CodeLanguage[] = NOTION_LANGUAGES;

const KNOWN: ReadonlySet<string> = new Set(NOTION_LANGUAGES);

/** Common info-string spellings (lower case) that are not Notion names themselves. */
const ALIASES: Readonly<Record<string, CodeLanguage>> = {
  // JavaScript / TypeScript
  js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript", node: "javascript",
  nodejs: "javascript", ecmascript: "javascript", es6: "javascript",
  ts: "typescript", tsx: "typescript", mts: "typescript", cts: "typescript",
  // Python
  py: "python", py3: "python", python3: "python", python2: "python", ipython: "python", pycon: "python",
  gyp: "python", sage: "python",
  // Shells: "bash" is its own Notion language; other shells and sessions map to "shell".
  sh: "shell", zsh: "shell", ksh: "shell", fish: "shell", console: "shell", terminal: "shell",
  "shell-session": "shell", shellsession: "shell", "sh-session": "shell", shellscript: "shell",
  ps: "powershell", ps1: "powershell", psm1: "powershell", pwsh: "powershell",
  // C family
  h: "c", cpp: "c++", cc: "c++", cxx: "c++", hpp: "c++", hh: "c++", hxx: "c++", "h++": "c++",
  cs: "c#", csharp: "c#", "c-sharp": "c#", dotnet: "c#",
  fs: "f#", fsharp: "f#", fsx: "f#",
  objc: "objective-c", objectivec: "objective-c", "obj-c": "objective-c", "objective-c++": "objective-c",
  objcpp: "objective-c",
  // Others
  golang: "go", rs: "rust", rb: "ruby", jruby: "ruby", kt: "kotlin", kts: "kotlin",
  md: "markdown", mdx: "markdown", gfm: "markdown",
  yml: "yaml", jsonc: "json", json5: "json", jsonl: "json", ndjson: "json", geojson: "json",
  htm: "html", xhtml: "html", vue: "html", svelte: "html", handlebars: "html", hbs: "html",
  svg: "xml", xsd: "xml", xsl: "xml", xslt: "xml", plist: "xml", rss: "xml", wsdl: "xml",
  dockerfile: "docker", containerfile: "docker",
  make: "makefile", mk: "makefile", mak: "makefile",
  tex: "latex", context: "latex",
  hs: "haskell", lhs: "haskell", ex: "elixir", exs: "elixir", erl: "erlang", hrl: "erlang",
  clj: "clojure", cljs: "clojure", cljc: "clojure", edn: "clojure",
  gql: "graphql", proto: "protobuf", sol: "solidity", jl: "julia", pl: "perl", pm: "perl",
  sqlite: "sql", mysql: "sql", psql: "sql", postgres: "sql", postgresql: "sql", plsql: "sql",
  tsql: "sql", pgsql: "sql",
  tf: "hcl", terraform: "hcl", patch: "diff", udiff: "diff",
  vb: "vb.net", vbnet: "vb.net", vba: "visual basic", vbscript: "visual basic", vbs: "visual basic",
  asm: "assembly", nasm: "assembly", masm: "assembly", x86asm: "assembly", armasm: "assembly",
  s: "assembly", wasm: "webassembly", wat: "webassembly", wast: "webassembly",
  ml: "ocaml", mli: "ocaml", re: "reason", rei: "reason", scm: "scheme", ss: "scheme", rkt: "racket",
  elisp: "lisp", "emacs-lisp": "lisp", cl: "lisp", "common-lisp": "lisp", lsp: "lisp",
  coffee: "coffeescript", ls: "livescript", frag: "glsl", vert: "glsl", hlsl: "glsl",
  v: "verilog", sv: "verilog", systemverilog: "verilog", vhd: "vhdl",
  f: "fortran", f77: "fortran", f90: "fortran", f95: "fortran", for: "fortran",
  pas: "pascal", delphi: "pascal", objectpascal: "pascal", pro: "prolog",
  feature: "gherkin", cucumber: "gherkin", gradle: "groovy", sc: "scala", purs: "purescript",
  ino: "arduino", llvm: "llvm ir", ll: "llvm ir", wl: "mathematica", wolfram: "mathematica",
  nb: "mathematica", st: "smalltalk", "ascii-art": "ascii art", ascii: "ascii art",
  mmd: "mermaid",
  text: "plain text", txt: "plain text", plaintext: "plain text", plain: "plain text", none: "plain text",
  nohighlight: "plain text", output: "plain text", log: "plain text",
};

/**
 * Map a fenced code block's info string (its first word, e.g. "ts" in
 * "```ts title=x") to a Notion language. Unknown or absent → "plain text".
 */
export function toNotionLanguage(lang: string | null | undefined): CodeLanguage {
  if (lang === null || lang === undefined) return "plain text";
  // Tolerate Pandoc/R Markdown spellings such as "{python}", ".python" or "language-python".
  const key = lang.trim().toLowerCase().replace(/^\{?\.?/, "").replace(/\}$/, "").replace(/^language-/, "");
  if (KNOWN.has(key)) return key as CodeLanguage;
  return ALIASES[key] ?? "plain text";
}

/**
 * The fence info word for a Notion language, chosen so that
 * `toNotionLanguage(toFenceLanguage(x)) === x` wherever a spelling exists
 * ("plain text" → no info word, "visual basic" → "vba"). Used when reading
 * code blocks back as Markdown.
 */
export function toFenceLanguage(language: string): string {
  if (language === "plain text") return "";
  if (!/\s/.test(language)) return language;
  const alias = Object.keys(ALIASES).find((key) => ALIASES[key] === language);
  return alias ?? language.replace(/\s+/g, "-");
}

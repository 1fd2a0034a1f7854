/**
 * Notion's request size limits and block schema checks, applied before
 * anything is written so a rejected request changes nothing. Messages follow
 * Notion's validator ("body failed validation: <path> should be …, instead was
 * `…`."), with the path of the first offending value, because clients and
 * people both read that path to find what to split or shorten.
 */
import { BLOCK_SPECS, CODE_LANGUAGES, CREATABLE_TYPES } from "./block-types";
import { bodyInvalid, notPresent, shouldBeDefined, shown, tooLong } from "./errors";
import { normalizeId } from "./ids";

export const LIMITS = {
  /** `text.content` of one rich text item. */
  textContent: 2000,
  /** `text.link.url` of one rich text item, and any URL value. */
  url: 2000,
  /** `equation.expression`, in a rich text item or an equation block. */
  equation: 1000,
  /** Items in any rich text array. */
  richTextItems: 100,
  /** Items in any `children` array. */
  children: 100,
  /** Block objects in one request, nested ones included. */
  blocksPerRequest: 1000,
  /** Request body size. Notion documents "500KB"; the emulator reads it as 500,000 bytes (the stricter reading). */
  bodyBytes: 500_000,
  /** email and phone_number property values. */
  emailOrPhone: 200,
  /** multi_select options, relation and people items in one property value. */
  arrayItems: 100,
  /** page_size of any list endpoint. */
  pageSize: 100,
} as const;

type Json = Record<string, unknown>;

export interface BlockCheckOptions {
  /**
   * How many levels of `children` one request may nest below its top-level
   * blocks. Notion allows two ("body.children[0].toggle.children[0].toggle.children"
   * may hold blocks, one level deeper is refused); see the SDK's
   * `BlockObjectWithSingleLevelOfChildrenRequest`.
   */
  maxNestingDepth: number;
  /** The existing block the children go into, when it constrains them (a table takes only rows of its width). */
  parent?: { type: string; tableWidth?: number };
}

/** Validates a `children` array of a request; returns how many block objects it holds in total. */
export function checkChildren(children: unknown, path: string, options: BlockCheckOptions): number {
  const counter = { blocks: 0 };
  checkBlockArray(children, path, 0, options.parent, options, counter);
  if (counter.blocks > LIMITS.blocksPerRequest) {
    throw bodyInvalid(
      `${path} should contain ≤ \`${LIMITS.blocksPerRequest}\` block elements in total (nested children included), instead was \`${counter.blocks}\`.`,
    );
  }
  return counter.blocks;
}

function checkBlockArray(
  children: unknown,
  path: string,
  depth: number,
  parent: BlockCheckOptions["parent"],
  options: BlockCheckOptions,
  counter: { blocks: number },
): void {
  if (!Array.isArray(children)) throw bodyInvalid(`${path} should be an array, instead was \`${shown(children)}\`.`);
  if (children.length > LIMITS.children) throw tooLong(path, LIMITS.children, children.length);
  children.forEach((child, i) => checkBlock(child, `${path}[${i}]`, depth, parent, options, counter));
}

/** The block type a request object claims: its `type`, or else its one payload key. */
export function blockTypeOf(block: Json): string | undefined {
  if (typeof block.type === "string") return block.type;
  return Object.keys(block).find((key) => key !== "object" && key !== "children");
}

function checkBlock(
  raw: unknown,
  path: string,
  depth: number,
  parent: BlockCheckOptions["parent"],
  options: BlockCheckOptions,
  counter: { blocks: number },
): void {
  if (!isObject(raw)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(raw)}\`.`);
  counter.blocks++;
  // Children belong inside the type payload (`toggle.children`); Notion refuses them at block level.
  if (raw.children !== undefined) throw notPresent(`${path}.children`, raw.children);
  const type = blockTypeOf(raw);
  if (type === undefined) throw shouldBeDefined(`${path}.type`);
  if (!(type in BLOCK_SPECS)) throw bodyInvalid(`${path}.type should be ${oneOf(CREATABLE_TYPES)}, instead was \`${shown(type)}\`.`);
  for (const key of Object.keys(raw)) {
    if (key !== type && key !== "type" && key !== "object") throw notPresent(`${path}.${key}`, raw[key]);
  }
  const data = raw[type];
  if (data === undefined) throw shouldBeDefined(`${path}.${type}`);
  if (!isObject(data)) throw bodyInvalid(`${path}.${type} should be an object, instead was \`${shown(data)}\`.`);
  const at = `${path}.${type}`;
  const spec = BLOCK_SPECS[type]!;

  for (const field of spec.richText) {
    if (data[field] === undefined) {
      if (field === "rich_text" && spec.requiresRichText) throw shouldBeDefined(`${at}.rich_text`);
      continue;
    }
    checkRichText(data[field], `${at}.${field}`);
  }
  if (parent?.type === "table" && type !== "table_row") throw bodyInvalid(`${path}.type should be \`"table_row"\` inside a table, instead was \`${shown(type)}\`.`);
  if (parent?.type === "column_list" && type !== "column") throw bodyInvalid(`${path}.type should be \`"column"\` inside a column_list, instead was \`${shown(type)}\`.`);
  checkTypeSpecific(type, data, at, parent);

  if (data.children === undefined) {
    if (type === "table" || type === "column_list") throw shouldBeDefined(`${at}.children`);
    return;
  }
  if (!spec.children || depth >= options.maxNestingDepth) throw notPresent(`${at}.children`, data.children);
  const tableWidth = type === "table" ? (data.table_width as number) : undefined;
  checkBlockArray(data.children, `${at}.children`, depth + 1, { type, tableWidth }, options, counter);
  if ((type === "table" || type === "column_list") && (data.children as unknown[]).length === 0) {
    throw bodyInvalid(`${at}.children.length should be ≥ \`1\`, instead was \`0\`.`);
  }
}

function checkTypeSpecific(type: string, data: Json, at: string, parent: BlockCheckOptions["parent"]): void {
  switch (type) {
    case "code": {
      if (data.language === undefined) throw shouldBeDefined(`${at}.language`);
      if (typeof data.language !== "string" || !CODE_LANGUAGES.has(data.language)) {
        throw bodyInvalid(`${at}.language should be ${oneOf([...CODE_LANGUAGES])}, instead was \`${shown(data.language)}\`.`);
      }
      return;
    }
    case "equation":
      checkString(data.expression, `${at}.expression`, LIMITS.equation);
      return;
    case "to_do":
      if (data.checked !== undefined && typeof data.checked !== "boolean") {
        throw bodyInvalid(`${at}.checked should be a boolean, instead was \`${shown(data.checked)}\`.`);
      }
      return;
    case "table": {
      const width = data.table_width;
      if (width === undefined) throw shouldBeDefined(`${at}.table_width`);
      if (typeof width !== "number" || !Number.isInteger(width) || width < 1) {
        throw bodyInvalid(`${at}.table_width should be an integer ≥ \`1\`, instead was \`${shown(width)}\`.`);
      }
      return;
    }
    case "table_row": {
      if (parent?.type !== "table") throw bodyInvalid(`${at} should be a child of a table block, instead its parent was \`${parent?.type ?? "a page"}\`.`);
      const cells = data.cells;
      if (!Array.isArray(cells)) throw bodyInvalid(`${at}.cells should be an array, instead was \`${shown(cells)}\`.`);
      if (parent.tableWidth !== undefined && cells.length !== parent.tableWidth) {
        throw bodyInvalid(`${at}.cells.length should be \`${parent.tableWidth}\` (the table's table_width), instead was \`${cells.length}\`.`);
      }
      cells.forEach((cell, i) => checkRichText(cell, `${at}.cells[${i}]`));
      return;
    }
    case "column":
      if (parent?.type !== "column_list") throw bodyInvalid(`${at} should be a child of a column_list block, instead its parent was \`${parent?.type ?? "a page"}\`.`);
      if (data.width_ratio !== undefined && !(typeof data.width_ratio === "number" && data.width_ratio > 0 && data.width_ratio < 1)) {
        throw bodyInvalid(`${at}.width_ratio should be < 1 or undefined, instead was \`${shown(data.width_ratio)}\`.`);
      }
      return;
    case "bookmark":
    case "embed":
      checkString(data.url, `${at}.url`, LIMITS.url);
      return;
    case "image":
    case "video":
    case "pdf":
    case "audio":
    case "file": {
      if (isObject(data.file_upload)) return;
      if (!isObject(data.external)) throw shouldBeDefined(`${at}.external`);
      checkString(data.external.url, `${at}.external.url`, LIMITS.url);
      return;
    }
    case "link_to_page": {
      const target = data.page_id ?? data.database_id;
      const key = data.page_id !== undefined ? "page_id" : "database_id";
      if (normalizeId(target) === undefined) throw bodyInvalid(`${at}.${key} should be a valid uuid, instead was \`${shown(target)}\`.`);
      return;
    }
  }
}

/** Validates a rich text array: item count, `text.content`, `text.link.url`, `equation.expression`. */
export function checkRichText(items: unknown, path: string): void {
  if (!Array.isArray(items)) throw bodyInvalid(`${path} should be an array, instead was \`${shown(items)}\`.`);
  if (items.length > LIMITS.richTextItems) throw tooLong(path, LIMITS.richTextItems, items.length);
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) throw bodyInvalid(`${at} should be an object, instead was \`${shown(item)}\`.`);
    if (item.text !== undefined) {
      if (!isObject(item.text)) throw bodyInvalid(`${at}.text should be an object, instead was \`${shown(item.text)}\`.`);
      checkString(item.text.content, `${at}.text.content`, LIMITS.textContent);
      const link = item.text.link;
      if (link !== undefined && link !== null) {
        if (!isObject(link)) throw bodyInvalid(`${at}.text.link should be an object or \`null\`, instead was \`${shown(link)}\`.`);
        checkString(link.url, `${at}.text.link.url`, LIMITS.url);
      }
    } else if (item.equation !== undefined) {
      if (!isObject(item.equation)) throw bodyInvalid(`${at}.equation should be an object, instead was \`${shown(item.equation)}\`.`);
      checkString(item.equation.expression, `${at}.equation.expression`, LIMITS.equation);
    } else if (item.mention !== undefined) {
      if (!isObject(item.mention)) throw bodyInvalid(`${at}.mention should be an object, instead was \`${shown(item.mention)}\`.`);
    } else {
      throw shouldBeDefined(`${at}.text`);
    }
  });
}

export function checkString(value: unknown, path: string, max: number): void {
  if (value === undefined) throw shouldBeDefined(path);
  if (typeof value !== "string") throw bodyInvalid(`${path} should be a string, instead was \`${shown(value)}\`.`);
  if (value.length > max) throw tooLong(path, max, value.length);
}

/** Validates `page_size` (query string or body): an integer 1..100. */
export function checkPageSize(value: unknown, path: string): number {
  if (value === undefined || value === null) return LIMITS.pageSize;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw bodyOrQuery(path, `${path} should be a number or \`undefined\`, instead was \`${shown(value)}\`.`);
  if (n < 1) throw bodyOrQuery(path, `${path} should be ≥ \`1\`, instead was \`${n}\`.`);
  if (n > LIMITS.pageSize) throw bodyOrQuery(path, `${path} should be ≤ \`${LIMITS.pageSize}\`, instead was \`${n}\`.`);
  return n;
}

function bodyOrQuery(path: string, detail: string) {
  const error = bodyInvalid(detail);
  if (path.startsWith("query.")) error.message = `query failed validation: ${detail}`;
  return error;
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "`a`, `b` or `c`" — how Notion lists the allowed values of an enum. */
export function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => `\`${JSON.stringify(v)}\``);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

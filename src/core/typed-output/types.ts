/**
 * Typed outputs: one generation fills several database properties at once.
 * The model is asked for one JSON object (schema.ts), and the answer is
 * checked (validate.ts) before anything is written, so a row is either written
 * completely or not at all.
 */
import type { DataSourceObjectResponse } from "@notionhq/client";

/** The property types a model answer can fill (others are computed, relations, people or files). */
export const TYPED_PROPERTY_TYPES = ["rich_text", "select", "multi_select", "status", "number", "date", "checkbox", "url", "email"] as const;
export type TypedPropertyType = (typeof TYPED_PROPERTY_TYPES)[number];

/** One property the model fills: its name is also its key in the JSON answer. */
export interface TypedProperty {
  readonly name: string;
  readonly type: TypedPropertyType;
  /** The user's instruction for this property ("1–3 of the existing options"): the schema's description. */
  readonly instruction?: string;
  /** select, multi_select, status: the existing option names, in Notion's order. */
  readonly options?: readonly string[];
  /** number: Notion's display format ("number", "percent", "dollar"…), explained to the model. */
  readonly numberFormat?: string;
  /** number: bounds the user chose (inclusive); `integer` asks for whole numbers. */
  readonly minimum?: number;
  readonly maximum?: number;
  readonly integer?: boolean;
  /** multi_select: how many options to pick. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Default true. An optional property may be answered with null: it is then left as it is. */
  readonly required?: boolean;
}

export interface TypedOutputSpec {
  readonly properties: readonly TypedProperty[];
  /**
   * The connection's consent to create select / multi_select options that do
   * not exist yet. Status options can never be created through the API, so
   * status is always limited to its existing options.
   */
  readonly allowNewOptions: boolean;
}

/** A value for `pages.update({ properties })`, exactly as the API takes it. */
export type PropertyPatch =
  | { readonly rich_text: readonly { readonly type: "text"; readonly text: { readonly content: string } }[] }
  | { readonly select: { readonly name: string } }
  | { readonly multi_select: readonly { readonly name: string }[] }
  | { readonly status: { readonly name: string } }
  | { readonly number: number }
  | { readonly date: { readonly start: string } }
  | { readonly checkbox: boolean }
  | { readonly url: string }
  | { readonly email: string };

export type ReasonCode =
  | "not_json"
  | "not_an_object"
  | "missing"
  | "wrong_type"
  | "unknown_option"
  | "bad_option_name"
  | "too_few"
  | "too_many"
  | "out_of_range"
  | "not_integer"
  | "bad_date"
  | "bad_email"
  | "bad_url"
  | "too_long";

/** Why an answer cannot be written: for the user (row result) and for the model (corrective retry). */
export interface ValidationReason {
  readonly code: ReasonCode;
  /** The property concerned; absent when the answer as a whole is wrong. */
  readonly property?: string;
  readonly message: string;
}

export type ValidationResult =
  | {
      readonly ok: true;
      /** Property name → value to write. Optional properties answered with null are absent. */
      readonly properties: Readonly<Record<string, PropertyPatch>>;
      /** Options the answer creates (only when the connection allows it). */
      readonly newOptions: readonly { readonly property: string; readonly option: string }[];
    }
  | { readonly ok: false; readonly reasons: readonly ValidationReason[] };

/** A property's configuration as `dataSources.retrieve` returns it. */
export type DataSourceProperty = DataSourceObjectResponse["properties"][string];

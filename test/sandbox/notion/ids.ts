/**
 * Notion ids are UUIDs that clients send with or without dashes (URLs carry the
 * 32-hex form). The emulator stores and returns the dashed lowercase form only,
 * so every id coming from a request goes through `normalizeId` first.
 */
import { randomUUID } from "node:crypto";

const HEX32 = /^[0-9a-f]{32}$/;

/** The dashed lowercase form of a dashed or undashed UUID, or undefined when it is not one. */
export function normalizeId(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const hex = input.replace(/-/g, "").toLowerCase();
  return HEX32.test(hex) ? dashed(hex) : undefined;
}

export function compactId(id: string): string {
  return id.replace(/-/g, "");
}

export function newId(): string {
  return randomUUID();
}

function dashed(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Short, url-safe property ids in the style Notion uses (e.g. "a%3BQx"); "title" is reserved for the title property. */
export function newPropertyId(taken: Set<string>): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%;:<>=?[]^_`{|}~";
  for (;;) {
    const bytes = randomUUID().replace(/-/g, "");
    let id = "";
    for (let i = 0; i < 4; i++) id += alphabet[parseInt(bytes.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
    const encoded = encodeURIComponent(id);
    if (!taken.has(encoded) && encoded !== "title") return encoded;
  }
}

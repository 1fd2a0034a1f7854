/**
 * Request size as Notion measures it: the UTF-8 length of the JSON body.
 * Counted by hand (no TextEncoder) to stay free of platform APIs and to avoid
 * allocating a byte buffer for every measurement.
 */

/** UTF-8 byte length of a JS string (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 byte length of `JSON.stringify(value)`. */
export function jsonByteLength(value: unknown): number {
  return utf8Length(JSON.stringify(value));
}

/**
 * Which URLs Notion will accept. A link or image URL that Notion rejects fails
 * the whole append request, so anything doubtful is not sent as a URL at all
 * (the text it belonged to is kept).
 */
import { MAX_EXTERNAL_URL_LENGTH, MAX_LINK_URL_LENGTH } from "./limits";

/** Characters that are never valid raw in a URL (controls, spaces, non-ASCII, a few ASCII): percent-encode them. */
// eslint-disable-next-line no-control-regex -- control characters are precisely what must be encoded
const UNSAFE_URL_CHARS = /[\u0000-\u0020\u007f-\uffff"<>\\^`{|}]+/g;

function percentEncodeUnsafe(url: string): string | undefined {
  try {
    return url.replace(UNSAFE_URL_CHARS, (run) => encodeURIComponent(run));
  } catch {
    return undefined; // a lone surrogate cannot be encoded: not a usable URL
  }
}

const ABSOLUTE_HTTP = /^https?:\/\/[^/?#\s]+/i;
const MAILTO = /^mailto:[^@\s]+@[^@\s]+$/i;

/**
 * The URL to use for a rich-text link, or undefined when it should not be a
 * link: only absolute http(s) and mailto URLs (relative links such as
 * `#section` or `./file.md` are meaningless in Notion and rejected by its API)
 * of at most 2000 characters once encoded.
 */
export function toLinkUrl(url: string): string | undefined {
  const encoded = percentEncodeUnsafe(url.trim());
  if (encoded === undefined || encoded.length > MAX_LINK_URL_LENGTH) return undefined;
  return ABSOLUTE_HTTP.test(encoded) || MAILTO.test(encoded) ? encoded : undefined;
}

/**
 * The URL to use for an external image block, or undefined: only absolute
 * http(s) URLs of at most 2000 characters (no data: or relative URLs).
 */
export function toImageUrl(url: string): string | undefined {
  const encoded = percentEncodeUnsafe(url.trim());
  if (encoded === undefined || encoded.length > MAX_EXTERNAL_URL_LENGTH) return undefined;
  return ABSOLUTE_HTTP.test(encoded) ? encoded : undefined;
}

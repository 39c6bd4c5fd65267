/**
 * The HTML allowed in offer descriptions.
 *
 * Allow-list (reference/000_cbe71079b279f5bc.txt "HTML tags supported in commercial marketplace offer
 * descriptions", L27507-27524; spec/08 §1.14): `b`, `i`, `br`, `p`, `ul`, `ol`, `li`, `h1`-`h6`, with no
 * attributes (none are shown). The SaaS listing checklist says "Simple HTML is allowed, including <p>, <em>,
 * <ul>, <li>, <ol>, and header tags" (L2749), and spec/01 §4.8 proposes `em` and `strong` too. Decision:
 * `em` and `strong` are accepted and stored as `i` and `b`, so stored descriptions only ever contain the
 * tags of the reference's table.
 *
 * Everything else:
 * - other tags are removed and their text content kept (`<a href="...">text</a>` becomes `text`), except
 *   `script`, `style`, `iframe`, `object`, `embed` and sanitize-html's own non-text tags (`textarea`,
 *   `option`, `xmp`), which are removed with their content;
 * - all attributes are dropped (`onclick`, `style`, `class`, ...);
 * - comments, CDATA sections and processing instructions are dropped;
 * - entities are kept as written (`&nbsp;`, `&copy;`, `&#169;`); a bare `&`, `<` or `>` in text is escaped.
 * - `<br>` is stored as `<br>` (as the reference writes it), not `<br />`.
 * The result is stable: sanitizing it again returns the same string.
 *
 * Length: "You can enter up to 3,000 characters of text in this box, which includes HTML markup and spaces"
 * (L6521, L16332; also L15306). descriptionLength counts the sanitized HTML, markup included, in Unicode code
 * points (an emoji is one character).
 */
import sanitizeHtml from 'sanitize-html';

/** The tags a stored description may contain (L27507-27524). */
export const DESCRIPTION_ALLOWED_TAGS: readonly string[] = Object.freeze([
  'b', 'i', 'br', 'p', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);

/** Tags accepted on input and stored as an allowed tag. */
export const DESCRIPTION_TAG_ALIASES: Readonly<Record<string, string>> = Object.freeze({ em: 'i', strong: 'b' });

/** Tags removed together with their content. */
export const DESCRIPTION_DROPPED_CONTENT_TAGS: readonly string[] = Object.freeze([
  'script', 'style', 'iframe', 'object', 'embed', 'textarea', 'option', 'xmp',
]);

/** Maximum length of an offer description, markup and spaces included (L6521). */
export const DESCRIPTION_MAX_LENGTH = 3000;

export interface SanitizedDescription {
  html: string;
  /** The disallowed tags that were removed (lower case, each once, in order of first appearance). */
  removedTags: string[];
}

const ALLOWED = new Set(DESCRIPTION_ALLOWED_TAGS);

/** `&` that does not start a well-formed character reference. */
const BARE_AMPERSAND = /&(?!(?:[a-zA-Z][a-zA-Z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)/g;

/** Removes everything but the allowed tags from a description; see the top of this file. */
export function sanitizeDescription(html: string): SanitizedDescription {
  // One pass can leave markup that a parser reads differently the next time (removing `<a>` from
  // `<p><a><p>` leaves nested `<p>`s, which parse as siblings). Sanitize until the output no longer changes, so that
  // what is stored is exactly what is shown, and saving it again changes nothing.
  const removed = new Set<string>();
  let current = html;
  for (let pass = 0; pass < 5; pass++) {
    const next = sanitizeOnce(current, removed);
    if (next === current) break;
    current = next;
  }
  return { html: current, removedTags: [...removed] };
}

function sanitizeOnce(html: string, removed: Set<string>): string {
  const output = sanitizeHtml(html, {
    allowedTags: [...DESCRIPTION_ALLOWED_TAGS],
    allowedAttributes: {},
    transformTags: { ...DESCRIPTION_TAG_ALIASES },
    nonTextTags: [...DESCRIPTION_DROPPED_CONTENT_TAGS],
    disallowedTagsMode: 'discard',
    // Keep entities as written; sanitize-html then escapes only bare `&`, `<` and `>`.
    parser: { decodeEntities: false },
    // sanitize-html lets through `&` followed by up to 20 alphanumerics and `;` (e.g. `&0;`): escape those too.
    textFilter: (text) => text.replace(BARE_AMPERSAND, '&amp;'),
    onOpenTag: (name) => {
      const tag = name.toLowerCase();
      if (!ALLOWED.has(tag) && !Object.hasOwn(DESCRIPTION_TAG_ALIASES, tag)) removed.add(tag);
    },
  });
  // No attributes are ever emitted, and text `<` is always escaped, so this only matches real `<br />` tags.
  return output.replaceAll('<br />', '<br>');
}

/** The length of a description as the 3,000-character limit counts it: the sanitized HTML, markup and spaces included. */
export function descriptionLength(html: string): number {
  return [...sanitizeDescription(html).html].length;
}

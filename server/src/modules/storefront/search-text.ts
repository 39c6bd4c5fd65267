/**
 * What a visitor typed in the search box, as a PostgreSQL full-text query: every word must match, each as a prefix
 * ("cont flo" finds "Contoso Flow"), stemmed by the english configuration like the indexed text. Only letters and
 * digits reach the query, so no input can be tsquery syntax.
 */
export interface SearchText {
  /** For to_tsquery('english', ...): "cont:* & flo:*". Empty when nothing searchable was typed. */
  tsquery: string;
  /** The words as typed (trimmed, spaces collapsed): also matched against the name. */
  raw: string;
}

const MAX_WORDS = 10;

export function searchText(input: string | undefined): SearchText | undefined {
  const raw = (input ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!raw) return undefined;
  const words = (raw.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return { tsquery: words.map((w) => `${w}:*`).join(' & '), raw };
}

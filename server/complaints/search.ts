// Inbox search over a complaint's title, text and the complainant's name. Both the
// stored document and the query are folded the same way (Arabic letter forms, digits,
// case) before PostgreSQL's 'simple' text search sees them, so «الأمانة» finds «الامانه».

import { normalizeArabic } from "../text/arabic.ts";

const WORD = /[\p{L}\p{N}]+/gu;
export const REFERENCE = /^(CMP|DR)-\d{4}-[A-Z0-9]{6}$/;

/** The text stored in `search_doc` (through to_tsvector('simple', …)). */
export function searchDocument(parts: (string | null | undefined)[]): string {
  return normalizeArabic(parts.filter(Boolean).join(" "));
}

/**
 * A tsquery matching every word as a prefix, or null when nothing searchable is left.
 * Only letters and digits pass, so no input can inject tsquery operators.
 */
export function searchQuery(q: string): string | null {
  const words = normalizeArabic(q).match(WORD)?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** A typed reference, whatever case and digits it was typed in. */
export function asReference(q: string): string | null {
  const r = normalizeArabic(q).trim().toUpperCase();
  return REFERENCE.test(r) ? r : null;
}

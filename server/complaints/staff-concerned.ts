// A complaint may name the staff member it is about (issue 19 item 2). The national unit
// and the agency's supervisors see when one person is named again and again; for that the
// name is folded the way people's spellings differ: Arabic letter forms and marks (as
// identity matching folds them), case, punctuation, and the honorifics citizens put in
// front ("الأستاذ", "Mr"). Pure, so each rule is tested directly.

import { normalizeArabic } from "../text/arabic.ts";

const TITLES = new Set([
  "ال",
  "الاستاذ",
  "استاذ",
  "الموظف",
  "الموظفه",
  "الدكتور",
  "د",
  "المهندس",
  "م",
  "السيد",
  "mr",
  "mrs",
  "ms",
  "dr",
  "eng",
]);

/** The name as counted: folded, titles dropped, one space between words; null when nothing is left. */
export function staffConcernedKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = normalizeArabic(name)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  while (words.length > 1 && TITLES.has(words[0]!)) words.shift();
  const key = words.join(" ");
  return key || null;
}

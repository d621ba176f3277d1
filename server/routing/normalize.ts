import { normalizeArabic } from "../text/arabic.ts";

// Routing compares words after folding letters (server/text/arabic.ts) and stripping
// the prefixes and suffixes Arabic attaches to them.

const PREFIXES = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ل"];
const SUFFIXES = ["هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "نا", "كم", "ته", "يه", "ه", "ي"];

/**
 * Light stemming: strip one common prefix and one common suffix while at least three
 * letters remain. Crude on purpose: it must never turn two different service words
 * into one, and a root extractor does that often.
 */
export function lightStem(word: string): string {
  let w = word;
  if (WHOLE.has(w)) return w;
  for (const p of PREFIXES) {
    // A lone و/ب/ف/ل is part of many short words (فيها, بيت): strip it only from long ones.
    const keep = p.length === 1 ? 4 : 3;
    if (w.startsWith(p) && w.length - p.length >= keep) {
      w = w.slice(p.length);
      break;
    }
  }
  // A short word that kept its article (الحي) is too short to lose a suffix as well.
  if (w.startsWith("ال") || WHOLE.has(w)) return w;
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= 3) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  return w;
}

// Words the stripping would make into another word: بلدية (the municipality) became
// بلد (a town, the old town "البلد") or, without its article, لدي ("I have"); بلدي
// (Balady, the municipal platform) became بلد too; توكلنا (Tawakkalna) the verb توكل,
// whose skeleton is "t8ool" (تقول).
const WHOLE = new Set(["بلديه", "بلدي", "توكلنا"]);

const EN_SUFFIXES = ["ing", "ed", "es", "s"];

export function stemLatin(word: string): string {
  let w = word;
  for (const s of EN_SUFFIXES)
    if (w.endsWith(s) && w.length - s.length >= 3) {
      w = w.slice(0, -s.length);
      break;
    }
  // And a final silent e, so "service" and "services", "charge" and "charged" are one word.
  return w.length > 4 && w.endsWith("e") ? w.slice(0, -1) : w;
}

const isArabic = (w: string) => /[\u0600-\u06FF]/.test(w);

/** One word as the router compares it: folded, then stemmed. */
export function stemWord(folded: string): string {
  return isArabic(folded) ? lightStem(folded) : stemLatin(folded);
}

/** A word of the citizen's text with where it is (UTF-16 offsets into the original). */
export interface WordSpan {
  /** Folded, unstemmed. */
  folded: string;
  /** Folded and stemmed: what is compared with the directory. */
  token: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}\u0640\u00ad]+/gu;

// "e-services", "e-mail": one word, not a lone "e" and the stop word "services". In a
// text whose offsets matter the hyphen becomes a soft hyphen (one character, so offsets
// stay those of the text), which the word pattern keeps and folding drops.
const E_PREFIX = /\b([eE])-(?=\p{L})/gu;
const joinPrefixes = (text: string) => (text.includes("-") ? text.replace(E_PREFIX, "$1\u00ad") : text);

// Folding and stemming a word is most of the cost of reading a long complaint, and
// complaints reuse the same few thousand words: remember them (bounded).
const seen = new Map<string, { folded: string; token: string }>();
function readWord(raw: string) {
  let w = seen.get(raw);
  if (!w) {
    const folded = normalizeArabic(raw).replace(/[^\p{L}\p{N}]/gu, "");
    w = { folded, token: stemWord(folded) };
    if (seen.size > 50_000) seen.clear();
    seen.set(raw, w);
  }
  return w;
}

/** The words of a text with their offsets, so evidence can point at what the citizen typed. */
export function wordSpans(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of joinPrefixes(text).matchAll(WORD)) {
    const { folded, token } = readWord(m[0]);
    if (folded.length < 2) continue;
    out.push({ folded, token, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Words of a text, folded and stemmed, Arabic and English alike. */
export function tokens(text: string): string[] {
  return normalizeArabic(text.includes("-") ? text.replace(E_PREFIX, "$1") : text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .map(stemWord);
}

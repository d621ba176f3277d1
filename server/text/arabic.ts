// Arabic text as people type it: several spellings of one letter, diacritics,
// tatweel, Arabic-Indic digits. Identity matching and routing both compare text only
// after folding all of that away.

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
const DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic-Indic and Persian digits as ASCII digits. */
export function westernDigits(text: string): string {
  return text.replace(DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/** Letter-level folding: alef/hamza forms, taa marbuta, alef maqsura, digits, case. */
export function normalizeArabic(text: string): string {
  return westernDigits(text.normalize("NFKC").replace(DIACRITICS, "").replace(TATWEEL, ""))
    .replace(/[إأآٱ]/g, "ا")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/گ/g, "ك")
    .replace(/پ/g, "ب")
    .toLowerCase();
}

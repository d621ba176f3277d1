// A word the router does not know, read as a word it knows when it is the same word
// spelt the way a dialect says it or the way people mistype it. Pure: built from the
// router's vocabulary (folded, stemmed tokens) in buildIndex, no word lists of its own.
//
// Two readings, tried in order, each only when it leads to exactly one known word:
// 1. Dialect letters: Gulf and Najdi ق said g (written ج, or گ, which the folding of
//    server/text/arabic.ts makes ك), ك said ch (چ), ڤ for ف. (Not غ for ق: it read رغم,
//    "despite", as رقم on the tune half.)
// 2. Letters people confuse when typing what they hear: ض/ظ, ذ/ز, ث/س/ص, ت/ط, a final
//    alef, ya or ha for one another ("المستشفا", "المويا"), a hamza dropped or added,
//    a letter doubled ("ماففي").
// Nothing looser: a letter wrong or swapped anywhere (edit distance 1) read "after" as
// water, "night" as light and تواصل as توصيل on the tune half, and a long vowel letter
// more or less read صارت (it became) as سيارت (car) and ما نزل as منزل: in Arabic those
// letters carry the word's form. Misspellings beyond these are left to the character
// n-grams (suggest.ts), which weigh near spellings without choosing one word.

const ARABIC = /[\u0600-\u06FF]/;

/** Dialect letter -> the letters it stands for in the directory's spelling. */
const DIALECT_LETTERS: Record<string, string[]> = {
  ج: ["ق"],
  ك: ["ق"],
  چ: ["ك"],
  ڤ: ["ف"],
};

const CONFUSED: Record<string, string> = { ظ: "ض", ذ: "ز", ث: "س", ص: "س", ط: "ت", ء: "", چ: "ك", ڤ: "ف" };

/** The word with the letters people confuse folded together (both sides are compared in this form). */
export function spellingKey(token: string): string {
  if (!ARABIC.test(token))
    return token
      .replace(/ph/g, "f")
      .replace(/ck/g, "k")
      .replace(/[csz]/g, "s")
      .replace(/q/g, "k")
      .replace(/y/g, "i")
      .replace(/([^aeiou])\1+/g, "$1");
  let k = "";
  let last = "";
  for (const ch of token) {
    // A letter typed twice ("ماففي") once; two letters that fold together are kept.
    if (ch === last) continue;
    last = ch;
    k += CONFUSED[ch] ?? ch;
  }
  // A final vowel letter in a longer word: "مستشفا" / "مستشفي".
  if (k.length >= 5 && /[اهيو]$/.test(k)) k = k.slice(0, -1);
  return k;
}

/** Shortest word read with its dialect letters ("جال" for قال), and with its letters confused. */
const MIN_DIALECT = 3;
const MIN = 4;

export interface Speller {
  /** The known word this unknown word is a spelling of, if exactly one; undefined otherwise. */
  correct(token: string): string | undefined;
}

export function buildSpeller(vocabulary: Iterable<string>): Speller {
  const known = new Set<string>();
  // key -> the known word with it, or null when two words share it (then it says nothing).
  const byKey = new Map<string, string | null>();
  const put = (m: Map<string, string | null>, k: string, w: string) => {
    const cur = m.get(k);
    if (cur === undefined) m.set(k, w);
    else if (cur !== w) m.set(k, null);
  };
  for (const w of vocabulary) {
    if (w.length < MIN_DIALECT) continue;
    known.add(w);
    const k = spellingKey(w);
    put(byKey, k, w);
  }
  const cache = new Map<string, string | undefined>();
  const find = (token: string): string | undefined => {
    if (token.length < MIN_DIALECT || known.has(token)) return undefined;
    if (ARABIC.test(token)) {
      // Every way of reading the word's dialect letters (a word has few: "جدّام", "طريج").
      let readings = [""];
      for (const ch of token) {
        const to = DIALECT_LETTERS[ch];
        readings = to && readings.length <= 16 ? readings.flatMap((r) => [r + ch, ...to.map((t) => r + t)]) : readings.map((r) => r + ch);
      }
      const found = new Set(readings.filter((r) => r !== token && known.has(r)));
      if (found.size === 1) return [...found][0];
      if (found.size > 1) return undefined;
    }
    return token.length >= MIN ? (byKey.get(spellingKey(token)) ?? undefined) : undefined;
  };
  return {
    correct(token) {
      if (cache.has(token)) return cache.get(token);
      const w = find(token);
      if (cache.size > 50_000) cache.clear();
      cache.set(token, w);
      return w;
    },
  };
}

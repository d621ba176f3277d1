// Arabizi: Arabic typed in Latin letters, digits standing for the letters Latin lacks
// (3=ع, 7=ح, 2=ء, 5=خ, 6=ط, 9=ق or ص, 8=غ or ق). Vowels are written at will, so a
// word is compared by its consonant skeleton: the same key is computed for Arabic
// words of the directory and for the Latin word, and the Latin word is read as the
// Arabic word with the same key.

// Latin digraphs and letters -> skeleton class. Classes merge letters Arabizi writers
// use interchangeably (t for ت and ط, s for س and ص, d/th/dh for د ذ ض ظ ث, g/q/k for
// ق ك غ, h for ه and ح).
const LATIN_DIGRAPHS: [string, string][] = [
  ["sh", "$"],
  ["ch", "$"],
  ["kh", "X"],
  ["gh", "K"],
  ["th", "D"],
  ["dh", "D"],
];
const LATIN: Record<string, string> = {
  b: "B",
  p: "B",
  t: "T",
  d: "D",
  z: "Z",
  r: "R",
  s: "S",
  f: "F",
  v: "F",
  q: "K",
  k: "K",
  c: "K",
  g: "K",
  l: "L",
  m: "M",
  n: "N",
  h: "H",
  j: "J",
  x: "X",
  "3": "E",
  "5": "X",
  "6": "T",
  "7": "H",
  "8": "K",
  // ء, or ق as Cairo and the Levant say it ("ma2too3a" is مقطوعة).
  "2": "!",
  "9": "?",
};
const ARABIC: Record<string, string> = {
  ب: "B",
  ت: "T",
  ط: "T",
  ث: "D",
  ذ: "D",
  د: "D",
  ض: "D",
  ظ: "D",
  ج: "J",
  ح: "H",
  ه: "H",
  خ: "X",
  ر: "R",
  ز: "Z",
  س: "S",
  ص: "S",
  ش: "$",
  ع: "E",
  غ: "K",
  ق: "K",
  ك: "K",
  ف: "F",
  ل: "L",
  م: "M",
  ن: "N",
};

const collapse = (k: string) => k.replace(/(.)\1+/g, "$1");

/** Skeleton of a folded Arabic word (vowel letters and a final taa marbuta dropped). */
export function arabicKey(folded: string): string {
  let k = "";
  const w = folded.endsWith("ه") ? folded.slice(0, -1) : folded;
  for (const ch of w) k += ARABIC[ch] ?? "";
  return collapse(k);
}

export const ARTICLES = ["el", "al", "il", "bil", "bel", "lil", "wel", "wal"];

/** A Latin word lower-cased, without its article, its digraphs as placeholders (sh -> $). */
function latinBody(word: string): string {
  let w = word.toLowerCase();
  for (const a of ARTICLES)
    if (w.startsWith(a) && w.length - a.length >= 3) {
      w = w.slice(a.length);
      break;
    }
  for (const [d, c] of LATIN_DIGRAPHS) w = w.split(d).join(c);
  return w;
}

/** Skeleton keys of a Latin word read as Arabizi (two when 9 may be ق or ص). */
export function latinKeys(word: string): string[] {
  const w = latinBody(word);
  let k = "";
  // Placeholders from the digraphs are the only upper-case letters left.
  for (const ch of w) k += "$XKD".includes(ch) ? ch : (LATIN[ch] ?? "");
  // A final h is usually a vowel (moyah, 9aidaliyah).
  if (k.endsWith("H") && w.endsWith("h") && !w.endsWith("7")) k = k.slice(0, -1);
  const keys = new Set<string>();
  // A feminine plural (saydaliyat, 9aidaliyat) is its singular's skeleton and ات.
  // So is a word in construct ("fatoorat el moya", "madraset ebni": ة said as t).
  const bases = /[ae]t$/.test(w) && k.endsWith("T") && k.length > 2 ? [k, k.slice(0, -1)] : [k];
  for (const a of bases.flatMap((b) => (b.includes("!") ? [b.replace(/!/g, ""), b.replace(/!/g, "K")] : [b])))
    for (const b of a.includes("?") ? [a.replace(/\?/g, "S"), a.replace(/\?/g, "K")] : [a]) keys.add(collapse(b));
  return [...keys];
}

// Everyday Arabizi words the skeleton cannot recover (too few consonants), read as
// the Arabic word the router knows.
export const ARABIZI_WORDS: Record<string, string> = {
  moya: "مياه",
  mooya: "مياه",
  moyah: "مياه",
  mayya: "مياه",
  mai: "مياه",
  maay: "مياه",
  may: "مياه",
  mya: "مياه",
  net: "انترنت",
  nt: "انترنت",
  kahraba: "كهرباء",
  kahrba: "كهرباء",
  kahraba2: "كهرباء",
  dawa: "دواء",
  dwa: "دواء",
  dowa: "دواء",
  // Function words: their skeletons are those of service words ("kl" وكالة, "ab8a" باقة),
  // so they are read as the words they are, which say nothing about the service.
  t8ool: "تقول",
  y8ool: "يقول",
  tgool: "تقول",
  ygool: "يقول",
  yqool: "يقول",
  t2ool: "تقول",
  y2ool: "يقول",
  bs: "بس",
  bas: "بس",
  ab8a: "ابي",
  abgha: "ابي",
  abghi: "ابي",
  abi: "ابي",
  aby: "ابي",
  abee: "ابي",
  ab8y: "ابي",
  nbi: "نبي",
  nby: "نبي",
  kl: "كل",
  kil: "كل",
  kol: "كل",
  kul: "كل",
  fe: "في",
  fi: "في",
  fy: "في",
  mn: "من",
  min: "من",
  men: "من",
  "3la": "علي",
  "3ala": "علي",
  "3al": "علي",
  "3nd": "عند",
  "3ind": "عند",
  "3end": "عند",
  "3ndi": "عندي",
  "3indi": "عندي",
  "3ndna": "عندنا",
  "3indna": "عندنا",
  ana: "انا",
  b3d: "بعد",
  ba3d: "بعد",
  wla: "ولا",
  wala: "ولا",
  bdoon: "بدون",
  bdon: "بدون",
  bidoon: "بدون",
  marra: "مره",
  mara: "مره",
  jdan: "جدا",
  jiddan: "جدا",
  "7agi": "حقي",
  "7agti": "حقتي",
  "7a8i": "حقي",
  // "found": its skeleton is that of "الليت" (the street light).
  la2et: "لقيت",
  la2eet: "لقيت",
  la8et: "لقيت",
  lgait: "لقيت",
  lgeet: "لقيت",
  lgeit: "لقيت",
  // The network: as a skeleton it is only "شبك"; the coverage hints say "الشبكة".
  shabaka: "الشبكة",
  shabakah: "الشبكة",
  shabake: "الشبكة",
  shabakeh: "الشبكة",
  shabka: "الشبكة",
  mukalmat: "مكالمات",
  mokalmat: "مكالمات",
  mkalmat: "مكالمات",
  // Salaries: "rawatebna mt2a5ra" is رواتب متأخرة; the skeleton alone finds no such word.
  rawateb: "رواتب",
  rawatib: "رواتب",
  rawatebna: "رواتب",
  rawatbna: "رواتب",
  ratbi: "راتب",
  ratebi: "راتب",
  ratib: "راتب",
  raatib: "راتب",
  // "outside": read as a skeleton, it is the operator Lebara.
  barra: "بره",
  bara: "بره",
  berra: "بره",
  // The school, in every spelling: as a skeleton it is also "مدرستي" (the platform).
  madrasa: "مدرسة",
  madrase: "مدرسة",
  madrasat: "مدرسة",
  madraset: "مدرسة",
  madraseh: "مدرسة",
  madrasah: "مدرسة",
  madrasit: "مدرسة",
  lil7een: "للحين",
  lel7een: "للحين",
  l7een: "للحين",
};

/**
 * An everyday Arabizi word, with or without its article ("elmoya", "il mai"): the
 * Arabic word it stands for, or undefined.
 */
export function arabiziWord(word: string): string | undefined {
  const direct = ARABIZI_WORDS[word];
  if (direct) return direct;
  for (const a of ARTICLES) if (word.startsWith(a) && ARABIZI_WORDS[word.slice(a.length)]) return ARABIZI_WORDS[word.slice(a.length)];
  return undefined;
}

/** A Latin word that can only be Arabizi: a digit standing for a letter inside it ("maqto3a", "3ndna"). */
export function digitLetters(word: string): boolean {
  return /[a-z][235789]|[235789][a-z]/.test(word) && !/^\d+[a-z]{1,2}$/.test(word);
}

const ENGLISH_TOO = new Set(["mara", "abee"]);

// Function words that mark a Latin text as Arabizi rather than English.
const MARKERS = new Set([
  "el",
  "al",
  "fi",
  "fe",
  "mn",
  "min",
  "ma",
  "mo",
  "mu",
  "w",
  "wla",
  "wala",
  "3nd",
  "3la",
  "3ala",
  "ana",
  "7ata",
  "b3d",
  "kil",
  "kl",
  "shway",
  "marra",
  "3shan",
  "ams",
  "yom",
  "ab8a",
  "abi",
  "abgha",
  "mafi",
  "bdoon",
  "mish",
  "msh",
  "ya",
  "la",
  "lil",
  "bil",
  "wayed",
  "jdan",
]);

/** Whether the Latin words of a text read as Arabizi (digits inside words, Arabizi function words). */
export function looksArabizi(latinWords: string[]): boolean {
  if (!latinWords.length) return false;
  let signals = 0;
  for (const w of latinWords)
    if (
      (/[a-z]/.test(w) && /[235789]/.test(w)) ||
      /^[a-z]+6[a-z]*$|^6[a-z]+/.test(w) ||
      MARKERS.has(w) ||
      // Everyday Arabizi words ("moya", "kahraba"), with or without the article; not the
      // short ones English has too (may, net, men).
      (w.length >= 4 && arabiziWord(w) && !ENGLISH_TOO.has(w))
    )
      signals++;
  return signals >= 2 && signals >= 0.2 * latinWords.length;
}

// The vowels a skeleton drops, kept to choose between Arabic words with one skeleton:
// "yebnoon" is يبنون, not بين; "dor" دور, not ضرر. Long vowels only on the Arabic side
// (ا و ي); on the Latin side o/u/w are و, i/ee/y are ي, a is ا.
const ARABIC_VOWELS: Record<string, string> = { ا: "A", ى: "A", و: "W", ي: "Y" };
const LATIN_VOWELS: [RegExp, string][] = [
  [/oo|ou|o|u|w/g, "W"],
  [/ee|ei|i|y/g, "Y"],
  [/aa|a/g, "A"],
  [/e/g, ""],
];

/** A folded Arabic word's skeleton with its long vowels. */
export function arabicShape(folded: string): string {
  let k = "";
  const w = folded.endsWith("ه") ? folded.slice(0, -1) : folded;
  for (const ch of w) k += ARABIC_VOWELS[ch] ?? ARABIC[ch] ?? "";
  return collapse(k);
}

/** A Latin word's skeleton with its vowels, comparable to arabicShape. */
export function latinShape(word: string): string {
  let w = latinBody(word);
  for (const [re, c] of LATIN_VOWELS) w = w.replace(re, c);
  let k = "";
  for (const ch of w) k += "$XKDWYA".includes(ch) ? ch : (LATIN[ch] ?? "").replace(/[!?]/, "");
  return collapse(k);
}

/** Edit distance, for the few short shapes that share one skeleton. */
export function shapeDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

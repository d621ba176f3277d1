// The hub's proposal for an anonymised quote (the "voice of the beneficiary" page prints
// citizens' own words, seed 004). It removes what identifies a person in complaint text
// as written in the Gulf: national numbers, mobile numbers in local and international
// forms, emails, links, reference numbers, names after "my name is"-style cues, and the
// citizen's own name from the record. Digits may be Western (0-9), Arabic-Indic (٠-٩)
// or Eastern Arabic-Indic (۰-۹), and mixed. It is a proposal: the reviewer reads and
// edits it before publishing, and the hub refuses to publish a text this function would
// still change (so it must be idempotent: its placeholders contain nothing it removes).
// Pure.

export type Removed = "national_id" | "phone" | "email" | "url" | "reference" | "name";

export interface Anonymised {
  text: string;
  /** How many of each kind were replaced. */
  removed: Partial<Record<Removed, number>>;
}

const PLACEHOLDERS: Record<"ar" | "en", Record<Removed, string>> = {
  ar: {
    national_id: "[رقم الهوية]",
    phone: "[رقم الجوال]",
    email: "[البريد الإلكتروني]",
    url: "[رابط]",
    reference: "[رقم مرجعي]",
    name: "[الاسم]",
  },
  en: { national_id: "[ID number]", phone: "[phone number]", email: "[email]", url: "[link]", reference: "[reference]", name: "[name]" },
};

/** One digit in any of the three ways Arabic text writes digits. */
const D = "[0-9\u0660-\u0669\u06F0-\u06F9]";
/** A separator people put inside phone numbers. */
const SEP = "[\\s\\-.\u00A0]?";
/** Not preceded/followed by a letter or digit of any script (JavaScript's \b knows only ASCII). */
const START = "(?<![\\p{L}\\p{N}\\p{M}])";
const END = "(?![\\p{L}\\p{N}\\p{M}])";

const digits = (n: number) => Array.from({ length: n }, () => D).join(SEP);

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}/gu;
// A link: with a scheme, with www., or a bare domain on a common ending; trailing
// punctuation is the sentence's, not the link's.
const URL_RE =
  /(?:https?:\/\/|www\.)[^\s<>"']+|(?<![\p{L}\p{N}@.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|gov|edu|info|io|me|sa|ae|om|kw|qa|bh|jo)(?:\/[^\s<>"']*)?(?![\p{L}\p{N}])/giu;
// International: +966 5…, 00966 5…, 966 5… (Saudi mobiles: 5 and 8 digits), or another
// Gulf/Jordan code (971 UAE, 968 Oman, 965 Kuwait, 974 Qatar, 973 Bahrain, 962 Jordan)
// with 7 to 9 digits. Local: 05 and 8 digits (Saudi/UAE), written with or without separators.
/** One given digit written in any of the three scripts: dg("9") is [9٩۹]. */
const dg = (d: string) => `[${d}${String.fromCharCode(0x0660 + Number(d))}${String.fromCharCode(0x06f0 + Number(d))}]`;
const code = (c: string) => [...c].map(dg).join(SEP);
const PHONE = new RegExp(
  [
    `(?:(?:\\+|${code("00")})${SEP}|(?<!\\p{N}))${code("966")}${SEP}\\(?${SEP}${dg("0")}?${SEP}\\)?${SEP}${dg("5")}${SEP}${digits(8)}`,
    `(?:\\+|${code("00")})${SEP}(?:${["971", "968", "965", "974", "973", "962"].map(code).join("|")})${SEP}(?:${digits(9)}|${digits(8)}|${digits(7)})`,
    `${START}${dg("0")}${SEP}${dg("5")}${SEP}${digits(8)}`,
  ]
    .map((p) => `(?:${p})${END}`)
    .join("|"),
  "gu",
);
// Saudi national (1…) and resident (2…) numbers are 10 digits; so is any other 10-digit
// run that is not a mobile (phones are replaced first, references after).
const NATIONAL_ID = new RegExp(`${START}${D}{10}${END}`, "gu");
// The hub's own references (CMP-2026-7K3Q9X, DR-2026-…) and agencies' like them, a
// number after a cue ("رقم الطلب 23124", "ref: AB123"), and any other run of 5 or more
// digits: an account, a fine, an order. A year (4 digits) and small counts stay.
const REFERENCE = new RegExp(
  [
    `${START}[A-Za-z]{2,5}-${D}{4}-[A-Za-z0-9]{4,}${END}`,
    `(?<=(?:${START}(?:(?:ب|و)?رقم|(?:ال)?مرجع|ref(?:erence)?|no\\.?|number|#)[\\s:#.]*(?:(?:ال)?(?:طلب|بلاغ|شكوى|معاملة|مخالفة|حساب|فاتورة|ملف|القضية|قضية)[\\s:#]*)?))(?=[A-Za-z0-9\u0660-\u0669\u06F0-\u06F9-]*${D})[A-Za-z0-9\u0660-\u0669\u06F0-\u06F9-]{3,}${END}`,
    `${START}${D}(?:${SEP}${D}){4,}${END}`,
  ].join("|"),
  "giu",
);

// --- names -------------------------------------------------------------------------

const AR_WORD = "[\\p{Script=Arabic}\\p{M}]+";
const EN_NAME = "[A-Z][a-z'\\-]+";
/** Joining words inside Arabic names: "محمد بن عبدالله", "آل سعود", "أبو خالد". */
const AR_JOINERS = new Set(["بن", "بنت", "ابن", "إبن", "آل", "ال", "ابو", "أبو", "عبد", "ام", "أم"]);
/**
 * Words that follow "أنا" without being a name: the citizen describing themself or what
 * they did. Folded (see fold); a word starting with one of these after a one-letter
 * prefix is a stop word too.
 */
const AR_STOP = new Set(
  [
    "مواطن",
    "مواطنه",
    "مقيم",
    "مقيمه",
    "متضرر",
    "متضرره",
    "موظف",
    "موظفه",
    "مريض",
    "مريضه",
    "محتاج",
    "مستفيد",
    "مستفيده",
    "مراجع",
    "مالك",
    "متقاعد",
    "طالب",
    "طالبه",
    "مستاء",
    "مستاءه",
    "راضي",
    "غير",
    "اول",
    "لم",
    "لا",
    "ما",
    "لن",
    "قد",
    "من",
    "في",
    "على",
    "عن",
    "الى",
    "مع",
    "كنت",
    "عندي",
    "لدي",
    "اريد",
    "ابغي",
    "ابي",
    "احتاج",
    "اعاني",
    "اطلب",
    "ارجو",
    "اتقدم",
    "قدمت",
    "رفعت",
    "تقدمت",
    "اشتكي",
    "حاولت",
    "ذهبت",
    "راجعت",
    "اتصلت",
    "سبق",
    "ايضا",
    "شخصيا",
    "نفسي",
    "صاحب",
    "صاحبه",
    "والد",
    "والده",
    "ام",
    "اب",
    "هنا",
    "الان",
    "المواطن",
    "المواطنه",
    "المقيم",
    "المتضرر",
    "المستفيد",
    "شكوي",
    "شكواي",
    "بلاغ",
    "طلب",
    "رساله",
    "اتصال",
    "الجهه",
    "الوزاره",
  ].map((w) => fold(w)),
);
const EN_STOP = new Set(["I", "The", "A", "An", "Not", "Very", "Still", "Writing", "From", "In", "At", "On"]);

/** Arabic letters compared without hamza forms, taa marbuta, alif maqsura, tatweel or vowel marks. */
function fold(s: string): string {
  return s
    .normalize("NFC")
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ة/g, "ه")
    .replace(/ى/g, "ي");
}

function isArabicName(word: string): boolean {
  const f = fold(word);
  if (f.length < 2 || AR_STOP.has(f)) return false;
  // "وأنا موظف" / "بالمواطن": a one-letter prefix on a stop word.
  if (/^[وفبل]/.test(f) && AR_STOP.has(f.slice(1))) return false;
  return true;
}

/** Regex source matching `name` however its Arabic letters are written. */
function flexible(name: string): string {
  const classes: Record<string, string> = { ا: "[اأإآٱ]", ه: "[هة]", ي: "[يى]" };
  return [...fold(name)]
    .map((ch) => (classes[ch] ?? ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) + "[\\u064B-\\u065F\\u0670\\u0640]*")
    .join("");
}

/**
 * The citizen's own names from the record: the whole name, then each part of 3 letters
 * or more (not a joining word), as whole words, also after a one-letter Arabic prefix
 * ("لمحمد", "ومحمد"). Longest first so a full name becomes one placeholder.
 */
function recordNames(names: readonly string[]): RegExp | null {
  const parts = new Set<string>();
  for (const n of names) {
    const clean = n.trim().replace(/\s+/g, " ");
    if (!clean) continue;
    parts.add(clean);
    for (const p of clean.split(" ")) if ([...fold(p)].length >= 3 && !AR_JOINERS.has(fold(p))) parts.add(p);
  }
  if (!parts.size) return null;
  const alts = [...parts].sort((a, b) => b.length - a.length).map((p) => p.split(" ").map(flexible).join("\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{M}])([وبلفك]?)(?:${alts.join("|")})(?![\\p{L}\\p{M}])`, "giu");
}

/** "My name is": a full name of up to four parts may follow. */
const AR_STRONG = ["اسمي", "إسمي", "أسمي", "اسمى"];
/** "I am", "the citizen", "the one called": a given name, then only joined or family ("ال…") parts. */
const AR_WEAK = ["أنا", "انا", "إنا", "وأنا", "وانا", "المدعو", "المدعوة", "المواطن", "المواطنة", "المقيم", "المقيمة"];

/** A run of up to `max` Arabic name words after a cue; stops at a non-name, punctuation or a line end. */
function arabicNameAfter(rest: string, max: number, weak: boolean): number {
  const word = new RegExp(`^(\\s+)(${AR_WORD})`, "u");
  let used = 0;
  let count = 0;
  let prevJoiner = false;
  while (count < max) {
    const m = word.exec(rest.slice(used));
    if (!m) break;
    const w = m[2]!;
    const f = fold(w);
    const joiner = AR_JOINERS.has(f);
    if (count === 0 ? joiner || !isArabicName(w) : !prevJoiner && !joiner && !isArabicName(w)) break;
    // After "أنا" only one given name, unless a joining word or a family name ("ال…") follows.
    if (weak && count >= 1 && !prevJoiner && !joiner && !f.startsWith("ال")) break;
    // A conjunction starts the next clause ("اسمي محمد وأريد"), whatever follows.
    if (count >= 1 && !prevJoiner && /^و/.test(f) && !isArabicName(w.slice(1))) break;
    used += m[0].length;
    // Joining words do not count towards the parts: "خالد بن فهد آل سعود" is four names.
    if (!joiner) count++;
    prevJoiner = joiner;
  }
  // A joining word left hanging at the end is not part of the name.
  return count ? used : 0;
}

function replaceCuedNames(text: string, ph: string, count: () => void): string {
  const cues = [
    ...AR_STRONG.map((c) => ({ c, max: 4, weak: false, ar: true })),
    ...AR_WEAK.map((c) => ({ c, max: 3, weak: true, ar: true })),
  ];
  let out = text;
  for (const cue of cues) {
    const re = new RegExp(`(?<![\\p{L}\\p{M}])${cue.c}(?=\\s)`, "gu");
    let m: RegExpExecArray | null;
    while ((m = re.exec(out))) {
      const after = m.index + m[0].length;
      const len = arabicNameAfter(out.slice(after), cue.max, cue.weak);
      if (len) {
        out = `${out.slice(0, after)} ${ph}${out.slice(after + len)}`;
        count();
        re.lastIndex = after + ph.length + 1;
      }
    }
  }
  // English: "my name is John Smith", "I am Sara", "I'm Ahmed Ali", "this is Omar", "Mr. Khan".
  const en = new RegExp(
    `(\\b(?:[Mm]y name is|[Mm]y name's|I am|I'm|[Tt]his is|[Cc]alled|Mr\\.?|Mrs\\.?|Ms\\.?|Miss|Dr\\.?)\\s+)((?:${EN_NAME})(?:\\s+(?:(?:bin|bint|al|Al|el|abu|Abu)[\\s-]+)?${EN_NAME}){0,3})`,
    "gu",
  );
  out = out.replace(en, (all, cue: string, name: string) => {
    const first = name.split(/\s+/)[0]!;
    if (EN_STOP.has(first)) return all;
    count();
    return `${cue}${ph}`;
  });
  return out;
}

/** Arabic placeholders for a mostly Arabic text, English ones otherwise. */
function languageOf(text: string): "ar" | "en" {
  const arabic = (text.match(/\p{Script=Arabic}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return arabic >= latin ? "ar" : "en";
}

/** The proposed anonymised text. `names`: the citizen's names from the record (full name, as registered). */
export function anonymise(text: string, opts: { names?: readonly string[]; lang?: "ar" | "en" } = {}): Anonymised {
  // The language of the words, not of an address in Latin letters inside them.
  const ph = PLACEHOLDERS[opts.lang ?? languageOf(text.replace(EMAIL, " ").replace(URL_RE, " "))];
  const removed: Partial<Record<Removed, number>> = {};
  const bump = (k: Removed) => (removed[k] = (removed[k] ?? 0) + 1);
  const sub = (s: string, re: RegExp, kind: Removed) =>
    s.replace(re, () => {
      bump(kind);
      return ph[kind];
    });
  let out = text;
  // Emails before links (an email holds a domain), links before numbers (a link may hold digits).
  out = sub(out, EMAIL, "email");
  out = sub(out, URL_RE, "url");
  out = sub(out, PHONE, "phone");
  out = sub(out, NATIONAL_ID, "national_id");
  out = sub(out, REFERENCE, "reference");
  const own = recordNames(opts.names ?? []);
  if (own)
    out = out.replace(own, (_all, prefix: string) => {
      bump("name");
      return `${prefix}${ph.name}`;
    });
  out = replaceCuedNames(out, ph.name, () => bump("name"));
  // Parts of one name replaced one by one read as one name: "[الاسم] بن [الاسم]" → "[الاسم]".
  const esc = ph.name.replace(/[[\]]/g, "\\$&");
  const joined = new RegExp(`${esc}(?:\\s+(?:(?:${[...AR_JOINERS, "bin", "bint", "al", "Al"].join("|")})\\s+)?${esc})+`, "gu");
  out = out.replace(joined, ph.name);
  return { text: out, removed };
}

/** Whether a text still holds something anonymise would take out: publishing it is refused. */
export function stillPersonal(text: string, names: readonly string[] = []): boolean {
  return anonymise(text, { names }).text !== text;
}

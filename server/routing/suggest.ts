import { normalizeArabic } from "../text/arabic.ts";
import {
  ARTICLES,
  arabicKey,
  arabicShape,
  arabiziWord,
  digitLetters,
  latinKeys,
  latinShape,
  looksArabizi,
  shapeDistance,
} from "./arabizi.ts";
import { CONTEXT_WORDS, DENIED, readContext } from "./context.ts";
import { ALIASES, ALIASES_IN_CONTEXT, BROKEN_PLURALS, DIALECT, OWNER_NOUNS } from "./lexicon.ts";
import { stemWord, tokens, wordSpans, type WordSpan } from "./normalize.ts";
import { buildSpeller, type Speller } from "./spelling.ts";
import defaultCalibration from "./calibration.json" with { type: "json" };

// Ranks the directory's services for a complaint's text and place. Pure: built from
// directory data (and the history of officers' decisions, loaded by history.ts), no
// database, so it is tested and evaluated directly.
//
// Evidence, per service: the citizen's words that are the service's hints, name or
// example words (TF-IDF), hint phrases, names of the agency or of a company it
// regulates, words of complaints this service accepted before, and character 3–5-gram
// similarity with the service's directory text (robust to misspelling and dialect).
// Denied words ("مو كهرباء") count against their service. The score is a calibrated
// probability that the agency is right (calibration.json, npm run routing:calibrate).

export interface RoutableService {
  agencyCode: string;
  serviceCode: string;
  name: { ar: string; en: string };
  agencyName: { ar: string; en: string };
  /** null = national; otherwise the city codes the agency covers. */
  cities: string[] | null;
  hints: { ar: string[]; en: string[]; examples: { ar: string[]; en: string[] } };
}

/** A city, wilayat or district of the directory: read in the text when no city was chosen. */
export interface Place {
  code: string;
  name: { ar: string; en: string };
  /** Towns and districts in it that a complaint may name instead. */
  localities?: { ar: string; en: string }[];
}

/** A complaint an agency accepted (weight 1) or rejected before another accepted it (weight -1). */
export interface HistoryExample {
  agencyCode: string;
  serviceCode: string;
  /** Folded, stemmed words (server/routing/history.ts keeps no personal data). */
  words: string[];
  weight: number;
}

export interface Calibration {
  /** Logistic weights over features() below. */
  weights: number[];
  /** On the calibration set: auto-routing precision (lower 95 % bound) at each threshold, to choose one from a target precision. */
  curve: { threshold: number; precision: number; triageRate: number }[];
}

export interface Evidence {
  kind: "service" | "location" | "phrase" | "word" | "agency" | "history";
  /** The citizen's own words (or the city code for `location`, the count for `history`). */
  value: string;
}

export interface Span {
  start: number;
  end: number;
}

export interface Suggestion {
  agencyCode: string;
  serviceCode: string;
  /** Probability that the agency is right. */
  score: number;
  evidence: Evidence[];
  /** Where in the citizen's text the evidence is (UTF-16 offsets), for highlighting. */
  spans: Span[];
}

interface Entry {
  service: RoutableService;
  words: Map<string, number>;
  phrases: string[][];
  /**
   * Words that can carry a route alone: a whole hint by itself ("حفرة", "pothole"), or a
   * word two or more of the service's texts use; not a word only one hint phrase has
   * ("غرف" of "غرفة التفتيش").
   */
  whole: Set<string>;
  grams: number;
}

export interface RoutingIndex {
  entries: Entry[];
  idf: Map<string, number>;
  /** `near`: a name that is also an everyday word counts only in a sentence with one of these words. */
  aliases: { tokens: string[]; agencies: Set<string>; near?: Set<string> }[];
  aliasTokens: Set<string>;
  /** Agency names of two or more Arabic words, with each word's Arabizi skeleton. */
  aliasKeys: { tokens: string[]; keys: string[] }[];
  places: { tokens: string[]; code: string }[];
  placeTokens: Set<string>;
  /** Arabizi skeleton -> the Arabic words the router knows with it, in the order they were learned, with their shapes. */
  skeletons: Map<string, { word: string; shape: string }[]>;
  /** An unknown word read as the known word it is a dialect spelling or a misspelling of. */
  speller: Speller;
  /** A directory word as it stems with the article added or dropped -> as the directory has it. */
  otherForm: Map<string, string>;
  /** Word -> the entries that know it, with its weight there (an inverted index of `entries[].words`). */
  postings: Map<string, { e: number; hit: number }[]>;
  /** First word of a hint phrase -> the entries and phrases that start with it. */
  phraseStarts: Map<string, { e: number; p: string[] }[]>;
  /** Character n-gram -> (entry, tf-idf weight). */
  grams: Map<string, { e: number; w: number }[]>;
  gramIdf: Map<string, number>;
  norms: number[];
  /** Word -> entry -> weight learned from decisions (server/routing/history.ts); see buildHistory. */
  history: Map<string, Map<number, number>>;
  historySize: number;
  /** Per entry: how many accepted complaints the history holds. */
  historyAccepted: number[];
  /** Regional agency -> the national agency it stands in for in its cities. */
  counterparts: Map<string, string>;
  calibration: Calibration;
}

// The lexicon is written in plain words; compare in the folded, stemmed form.
// A word is also read with the article, which changes how it stems when it begins with a
// letter that may be a prefix: بلاعه alone stems as لاع (ب read as "with"), البلاعة as بلاع.
const DIALECT_TOKENS = new Map(
  Object.entries({ ...BROKEN_PLURALS, ...DIALECT }).flatMap(([k, v]) => {
    const [to] = tokens(v);
    if (!to) return [];
    const forms = new Set([tokens(k)[0], /^[\u0600-\u06FF]/.test(k) && !k.startsWith("ال") ? tokens(`ال${k}`)[0] : undefined]);
    return [...forms].flatMap((from) => (from && from !== to ? [[from, to] as const] : []));
  }),
);
export const canonical = (t: string) => DIALECT_TOKENS.get(t) ?? t;
const wordsOf = (text: string) => tokens(text).map(canonical);
const OWNERS = new Map(Object.entries(OWNER_NOUNS).flatMap(([w, a]) => wordsOf(w).map((t) => [t, a] as const)));
// The stemmer strips one prefix only, so "فئران" and "الفئران" stem apart (يران / فير):
// directory words are indexed under both forms.
const variantsOf = (text: string) =>
  normalizeArabic(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .flatMap((w) => (/[\u0600-\u06FF]/.test(w) && !w.startsWith("ال") ? [w, `ال${w}`] : [w]))
    .flatMap((w) => tokens(w).map(canonical));

// Words in any complaint that say nothing about where it belongs.
const STOP = new Set(
  [
    "في",
    "فيه",
    "فيها",
    "من",
    "علي",
    "الي",
    "عن",
    "مع",
    "هذا",
    "هذه",
    "ذلك",
    "التي",
    "الذي",
    "انا",
    "احن",
    "نحن",
    "لكن",
    "او",
    "ما",
    "مو",
    "لا",
    "تم",
    "كان",
    "صار",
    "يوم",
    "يومين",
    "ايام",
    "اسبوع",
    "شهر",
    "شهور",
    "سنه",
    "من",
    "منذ",
    "كل",
    "بعد",
    "قبل",
    "عند",
    "قدام",
    "جنب",
    "كبير",
    "كبيره",
    "كثير",
    "جدا",
    "مره",
    "لي",
    "عندي",
    "عام",
    "عامه",
    "وطني",
    "وطنيه",
    "خدمه",
    "خدمات",
    "طلب",
    "طلبات",
    "جهه",
    "جهات",
    "مختص",
    "مختصه",
    "موضوع",
    "ملاحظه",
    "general",
    "national",
    "service",
    "services",
    "request",
    "عندنا",
    "حقي",
    "حقتي",
    "ابي",
    "ابغي",
    "نبي",
    "ارجو",
    "اود",
    "ارغب",
    "بدون",
    "للحين",
    "حتي",
    "وما",
    "ولا",
    "الحي",
    "حي",
    "حاره",
    "البيت",
    "بيت",
    "بيتي",
    "شركه",
    "وزاره",
    "هيئه",
    "مصلحه",
    "اللي",
    "يا",
    "بس",
    "وايد",
    "مش",
    "اني",
    "ان",
    "لدي",
    "لدينا",
    "عامه",
    "الوطنيه",
    "الوحده",
    "مهم",
    "شكرا",
    "بخصوص",
    "the",
    "and",
    "for",
    "with",
    "has",
    "have",
    "not",
    "our",
    "my",
    "is",
    "are",
    "was",
    "been",
    "of",
    "to",
    "in",
    "on",
    "at",
    "it",
    "this",
    "that",
    "from",
    "no",
    "company",
    "ministry",
    "authority",
    "we",
    "me",
    "i",
    "a",
    "an",
    "they",
    "there",
    "he",
    "she",
    "you",
    "please",
    "since",
    "days",
    "day",
    "week",
    "weeks",
    "month",
    "months",
    "had",
    "two",
    "three",
    "four",
    "five",
    "ten",
    "time",
    "times",
    "hours",
    "hour",
    "off",
    "out",
    "up",
    "down",
    "all",
    "any",
    "some",
    "every",
    "very",
    "still",
    "again",
    "never",
    "nobody",
    "their",
    "them",
    "his",
    "her",
    "its",
    "your",
    "us",
    "be",
    "being",
    "do",
    "does",
    "did",
    "done",
    "can",
    "cannot",
    "could",
    "would",
    "should",
    "will",
    "just",
    "only",
    "also",
    "even",
    "after",
    "before",
    "about",
    "because",
    "but",
    "or",
    "so",
    "than",
    "then",
    "when",
    "what",
    "which",
    "who",
    "why",
    "how",
    "here",
    "where",
    "one",
    "last",
    "next",
    "first",
    "new",
    "suddenly",
    "want",
    "need",
    "like",
    "get",
    "got",
    "go",
    "went",
    "came",
    "come",
    "said",
    "told",
    "called",
    "call",
    "asked",
    "ask",
    "make",
    "made",
    "keep",
    "keeps",
    "ago",
    "year",
    "years",
    "today",
    "yesterday",
    "night",
    "morning",
  ].map((w) => tokens(w)[0] ?? w),
);

function addWord(words: Map<string, number>, w: string, weight: number) {
  if (STOP.has(w) || w.length < 2) return;
  if ((words.get(w) ?? 0) < weight) words.set(w, weight);
}

const HINT = 3;
const NAME = 2;
const EXAMPLE = 1;
const ALIAS = 9;
const PHRASE = 8;
const HISTORY = 2.5;
const GRAMS = 40;
const GRAMS_ALONE = 0.2;
/** A word read through the speller (spelling.ts) counts for less than the word as written. */
const SPELLED = 0.75;
/** n-gram similarity that is a near spelling of the service's text, not letters in common. */
const SOLID_GRAMS = 0.3;
/** Content words from which a text is long (a complaint of one or two sentences has fewer). */
const LONG_TEXT = 40;
/** The most a suggestion with no solid evidence may score: below any threshold a target precision picks. */
const WEAK_CAP = 0.25;

/** Hints weigh most, then the service's own name, then example complaints. */
export function buildIndex(
  services: RoutableService[],
  extra: { places?: Place[]; history?: HistoryExample[]; calibration?: Calibration } = {},
): RoutingIndex {
  const places = (extra.places ?? []).flatMap((p) =>
    [p.name, ...(p.localities ?? [])].flatMap((name) => placeNames(name).map((n) => ({ tokens: wordsOf(n), code: p.code }))),
  );
  const placeTokens = new Set(places.filter((p) => p.tokens.length === 1).map((p) => p.tokens[0]!));
  const entries: Entry[] = services.map((s) => {
    const words: Entry["words"] = new Map();
    const phrases: Entry["phrases"] = [];
    const whole = new Set<string>();
    for (const h of [...s.hints.ar, ...s.hints.en]) {
      const ws = wordsOf(h).filter((w) => !placeTokens.has(w));
      for (const w of variantsOf(h)) {
        if (placeTokens.has(w)) continue;
        addWord(words, w, HINT);
        if (ws.length === 1) whole.add(w);
      }
      if (ws.length > 1) phrases.push(ws);
    }
    for (const n of [s.name.ar, s.name.en]) for (const w of variantsOf(n)) if (!placeTokens.has(w)) addWord(words, w, NAME);
    for (const e of [...s.hints.examples.ar, ...s.hints.examples.en])
      for (const w of wordsOf(e)) if (!placeTokens.has(w)) addWord(words, w, EXAMPLE);
    // In how many of the service's texts a word stands on its own (not inside one of its hint phrases).
    const support = new Map<string, number>();
    for (const t of [s.name.ar, s.name.en, ...s.hints.examples.ar, ...s.hints.examples.en]) {
      const forms = normalizeArabic(t)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 2)
        .map((w) => variantsOf(w));
      const main = forms.map((f) => f[0] ?? "");
      const inPhrase = new Array<boolean>(main.length).fill(false);
      for (const p of phrases) {
        for (let i = 0; i + p.length <= main.length; i++) {
          if (p.every((x, j) => main[i + j] === x)) for (let j = 0; j < p.length; j++) inPhrase[i + j] = true;
        }
      }
      const own = new Set(forms.flatMap((f, i) => (inPhrase[i] ? [] : f)));
      for (const w of own) support.set(w, (support.get(w) ?? 0) + 1);
    }
    for (const [w, k] of support) if (k >= 2 && words.has(w)) whole.add(w);
    return { service: s, words, phrases, whole, grams: 0 };
  });
  const df = new Map<string, number>();
  for (const e of entries) for (const w of e.words.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(1, entries.length);
  const idf = new Map([...df].map(([w, d]) => [w, Math.log(1 + n / d)]));

  const aliasNames = new Map<string, Set<string>>();
  // Each name's skeletons are cut from its words as written, less the article, not from
  // their stems: التأمين stems as تام, whose skeleton "ta2meen" does not spell.
  const aliasSkeletons = new Map<string, string[]>();
  const addAlias = (name: string, agency: string) => {
    const tokens = wordsOf(name);
    const key = tokens.join(" ");
    if (!key) return;
    (aliasNames.get(key) ?? aliasNames.set(key, new Set()).get(key)!).add(agency);
    const written = normalizeArabic(name)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 2);
    if (written.length === tokens.length)
      aliasSkeletons.set(
        key,
        written.map((w) => arabicKey(w.replace(/^ال/, ""))),
      );
  };
  for (const s of services) {
    addAlias(s.agencyName.ar, s.agencyCode);
    addAlias(s.agencyName.en, s.agencyCode);
  }
  for (const [agency, names] of Object.entries(ALIASES))
    if (services.some((s) => s.agencyCode === agency)) for (const a of names) addAlias(a, agency);
  const contextual = new Map<string, Set<string>>();
  for (const { agency, names, near } of ALIASES_IN_CONTEXT)
    if (services.some((s) => s.agencyCode === agency))
      for (const a of names) {
        const key = wordsOf(a).join(" ");
        if (!key || aliasNames.has(key)) continue;
        addAlias(a, agency);
        contextual.set(key, new Set(near.flatMap(wordsOf)));
      }
  const aliases = [...aliasNames]
    .map(([k, agencies]) => ({ tokens: k.split(" "), agencies, near: contextual.get(k) }))
    .sort((a, b) => b.tokens.length - a.tokens.length);

  // Arabizi skeletons of every word the router knows, so "ma9tou3a" reads as مقطوع.
  const skeletons = new Map<string, { word: string; shape: string }[]>();
  const known = new Set<string>([...df.keys(), ...DIALECT_TOKENS.keys(), ...aliases.flatMap((a) => a.tokens)]);
  for (const w of known) {
    if (!/[\u0600-\u06FF]/.test(w)) continue;
    const k = arabicKey(w);
    if (k.length >= 2) (skeletons.get(k) ?? skeletons.set(k, []).get(k)!).push({ word: w, shape: arabicShape(w) });
  }

  // Character n-grams of each service's directory text (the baseline's evidence, as one input among several).
  // Learned words join the letters of the service that accepted them, so a misspelling
  // of a word only officers' decisions taught is still near it.
  const history = buildHistory(entries, extra.history ?? []);
  const learned: string[][] = entries.map(() => []);
  for (const [w, m] of history.words) for (const [e, c] of m) if (c > 0) learned[e]!.push(w);
  const raw = services.map((s, e) => gramsOf([...wordsOfDoc(s), ...learned[e]!]));
  const gdf = new Map<string, number>();
  for (const v of raw) for (const g of v.keys()) gdf.set(g, (gdf.get(g) ?? 0) + 1);
  const gramIdf = new Map([...gdf].map(([g, d]) => [g, Math.log(1 + n / d)]));
  const grams = new Map<string, { e: number; w: number }[]>();
  // n-grams most services share (" ال", "ات ") say little and cost most of the time: left out.
  for (const [g, d] of gdf) if (d > n / 3) gramIdf.delete(g);
  const norms = raw.map((v, e) => {
    let sum = 0;
    for (const [g, c] of v) {
      if (!gramIdf.has(g)) continue;
      const w = (1 + Math.log(c)) * gramIdf.get(g)!;
      sum += w * w;
      (grams.get(g) ?? grams.set(g, []).get(g)!).push({ e, w });
    }
    return Math.sqrt(sum) || 1;
  });

  const postings = new Map<string, { e: number; hit: number }[]>();
  const phraseStarts = new Map<string, { e: number; p: string[] }[]>();
  entries.forEach((entry, e) => {
    for (const [w, hit] of entry.words) (postings.get(w) ?? postings.set(w, []).get(w)!).push({ e, hit });
    for (const p of entry.phrases) (phraseStarts.get(p[0]!) ?? phraseStarts.set(p[0]!, []).get(p[0]!)!).push({ e, p });
  });
  // The article changes how some words stem: "الليوان" is ال + ليوان (then ليو), "ليوان"
  // alone is ل + يوان. A citizen who writes the other form means the directory's word.
  const otherForm = new Map<string, string>();
  const nameTokens = new Set(aliases.flatMap((a) => a.tokens));
  for (const svc of services)
    for (const w of wordsOfDoc(svc)) {
      if (!w.startsWith("ال") || w.length < 6) continue;
      const a = canonical(stemWord(w));
      const b = canonical(stemWord(w.slice(2)));
      if (a !== b && b.length >= 3 && postings.has(a) && !postings.has(b) && !nameTokens.has(b)) otherForm.set(b, a);
    }
  return {
    otherForm,
    entries,
    idf,
    postings,
    phraseStarts,
    aliases,
    aliasTokens: nameTokens,
    aliasKeys: aliases
      .filter((a) => a.tokens.length >= 2 && a.tokens.every((t) => ARABIC.test(t)))
      .map((a) => ({ tokens: a.tokens, keys: aliasSkeletons.get(a.tokens.join(" ")) ?? a.tokens.map(arabicKey) }))
      .filter((a) => a.keys.every((k) => k.length >= 2)),
    places,
    placeTokens,
    skeletons,
    // Places too: "محظة" is the wilayat محضة.
    speller: buildSpeller([...known, ...history.words.keys(), ...placeTokens].filter((w) => !STOP.has(w))),
    grams,
    gramIdf,
    norms,
    history: history.words,
    historySize: history.size,
    historyAccepted: history.accepted,
    counterparts: counterparts(entries),
    calibration: extra.calibration ?? (defaultCalibration as Calibration),
  };
}

/** For each regional agency, the national agency whose services' words overlap its own most. */
function counterparts(entries: Entry[]): Map<string, string> {
  const words = new Map<string, Set<string>>();
  const regional = new Set<string>();
  for (const e of entries) {
    const a = e.service.agencyCode;
    if (e.service.cities) regional.add(a);
    const set = words.get(a) ?? words.set(a, new Set()).get(a)!;
    for (const [w, weight] of e.words) if (weight >= NAME) set.add(w);
  }
  const out = new Map<string, string>();
  for (const r of regional) {
    let best = "";
    let bestShared = 0;
    for (const [a, ws] of words) {
      if (regional.has(a)) continue;
      let shared = 0;
      for (const w of words.get(r)!) if (ws.has(w)) shared++;
      if (shared > bestShared) [best, bestShared] = [a, shared];
    }
    if (best) out.set(r, best);
  }
  return out;
}

function placeNames(name: { ar: string; en: string }): string[] {
  const en = name.en;
  const bare = en.replace(/^(al|as|ad|ar|at|an|ash|az)[\s-]+/i, "");
  const out = new Set([name.ar, en, bare, en.replace(/-/g, " "), `as ${bare}`, `as-${bare}`, `al-${bare}`, `al ${bare}`]);
  // Common spellings: Buraimi / Bureimi / Buraymi.
  if (/ai|ei|ay/i.test(bare)) for (const v of ["ai", "ei", "ay"]) out.add(bare.replace(/ai|ei|ay/i, v));
  if (/ah$/i.test(bare)) out.add(bare.replace(/ah$/i, "a"));
  return [...out];
}

function wordsOfDoc(s: RoutableService): string[] {
  return [s.name.ar, s.name.en, ...s.hints.ar, ...s.hints.en, ...s.hints.examples.ar, ...s.hints.examples.en]
    .flatMap((t) => normalizeArabic(t).split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);
}

// The n-grams of a word, remembered (bounded): a long complaint's words repeat, and
// cutting them afresh was most of the allocation of a suggestion.
const wordGrams = new Map<string, string[]>();
function gramsOfWord(w: string): string[] {
  let gs = wordGrams.get(w);
  if (!gs) {
    gs = [];
    const s = ` ${w} `;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= s.length; j++) gs.push(s.slice(j, j + n));
    if (wordGrams.size > 50_000) wordGrams.clear();
    wordGrams.set(w, gs);
  }
  return gs;
}

function gramsOf(words: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of words) for (const g of gramsOfWord(w)) out.set(g, (out.get(g) ?? 0) + 1);
  return out;
}

function buildHistory(entries: Entry[], examples: HistoryExample[]) {
  const byCode = new Map(entries.map((e, i) => [`${e.service.agencyCode}/${e.service.serviceCode}`, i]));
  const seen = new Map<string, number>();
  const words = new Map<string, Map<number, number>>();
  const accepted = new Array<number>(entries.length).fill(0);
  let size = 0;
  for (const ex of examples) {
    const e = byCode.get(`${ex.agencyCode}/${ex.serviceCode}`);
    if (e === undefined) continue;
    size++;
    if (ex.weight > 0) accepted[e]!++;
    for (const w of new Set(ex.words)) {
      if (STOP.has(w) || w.length < 2) continue;
      if (ex.weight > 0) seen.set(w, (seen.get(w) ?? 0) + 1);
      const m = words.get(w) ?? words.set(w, new Map()).get(w)!;
      m.set(e, (m.get(e) ?? 0) + ex.weight);
    }
  }
  // A word from a single complaint (a name, a street) is never evidence, nor is one
  // spread over many services (background every long complaint has): what is kept is
  // each service's share of the word's acceptances, when one service holds most of it.
  for (const [w, m] of [...words]) {
    const total = seen.get(w) ?? 0;
    if (total < 2) {
      words.delete(w);
      continue;
    }
    const pure = new Map<number, number>();
    for (const [e, c] of m) {
      const share = c / total;
      if (share >= 0.6 || c < 0) pure.set(e, c < 0 ? -Math.min(1, -c / total) : share * Math.log2(1 + c));
    }
    if (pure.size) words.set(w, pure);
    else words.delete(w);
  }
  return { words, size, accepted };
}

const CONTEXT = new Set(CONTEXT_WORDS.map(normalizeArabic));
const CONTEXT_SPELLER = buildSpeller(CONTEXT);
const SENTENCE_END = /[.!?؟\n؛;:]/;
const LATIN = /^[a-z0-9]+$/;
const ARABIC = /[\u0600-\u06FF]/;

interface QueryWord extends WordSpan {
  /** Which sentence of the text the word is in. */
  sentence: number;
  weight: number;
  disowned: boolean;
  place: boolean;
  /** A Latin word read as Arabic (its n-grams are the Arabic word's). */
  arabizi: boolean;
}

/** A word that is none of the router's: no service, agency, place, dialect or learned word, nor a stop word. */
function unknown(index: RoutingIndex, t: string): boolean {
  return (
    !index.postings.has(t) &&
    !index.history.has(t) &&
    !index.placeTokens.has(t) &&
    !STOP.has(t) &&
    !DIALECT_TOKENS.has(t) &&
    !index.aliasTokens.has(t)
  );
}

/** Of the Arabic words with a Latin word's skeleton, the one whose vowels it spells best (the first on a tie). */
function closest(words: { word: string; shape: string }[] | undefined, latin: string): string | undefined {
  if (!words?.length) return undefined;
  if (words.length === 1) return words[0]!.word;
  const shape = latinShape(latin);
  let best = words[0]!;
  let bestD = shapeDistance(shape, best.shape);
  for (const w of words.slice(1)) {
    const d = shapeDistance(shape, w.shape);
    if (d < bestD) [best, bestD] = [w, d];
  }
  return best.word;
}

function matchesAt(q: QueryWord[], at: number, seq: string[]): boolean {
  for (let j = 1; j < seq.length; j++) if (q[at + j]?.token !== seq[j]) return false;
  return true;
}

/** The citizen's words as the router reads them: Arabizi read as Arabic, dialect as the directory's word, negation marked. */
function read(index: RoutingIndex, text: string): QueryWord[] {
  const spans = wordSpans(text);
  const isLatin = spans.map((s) => LATIN.test(s.folded) && /[a-z]/.test(s.folded));
  const arabizi = looksArabizi(spans.filter((_, i) => isLatin[i]).map((s) => s.folded));
  const words: (WordSpan & { arabizi: boolean })[] = spans.map((s, i) => {
    // In an English text, a word with a digit for a letter is still Arabizi ("my water is maqto3a").
    if (!isLatin[i] || !(arabizi || (digitLetters(s.folded) && !index.postings.has(s.token))))
      return { ...s, token: canonical(s.token), arabizi: false };
    // A name written in Latin letters ("madrasati", "absher") is that name, not a skeleton.
    if (index.aliasTokens.has(s.token)) return { ...s, token: canonical(s.token), arabizi: false };
    const direct = arabiziWord(s.folded);
    if (direct) {
      const token = canonical(tokens(direct)[0]!);
      return { ...s, token, arabizi: ARABIC.test(token) };
    }
    for (const k of latinKeys(s.folded)) {
      const w = k.length >= 2 ? closest(index.skeletons.get(k), s.folded) : undefined;
      if (w) {
        const token = canonical(w);
        return { ...s, token, arabizi: ARABIC.test(token) };
      }
    }
    return { ...s, token: canonical(s.token), arabizi: false };
  });
  // An agency's name of two or more words in Arabizi ("el a7wal el madaniya"): each word's
  // skeleton against the name's words in turn, which is specific where one short
  // skeleton alone is not ("a7wal" alone could be حولو, "marra" المرور).
  if (arabizi) {
    // Each word's skeletons once, not once per name tried.
    const keysAt = spans.map((s, i) => (isLatin[i] ? latinKeys(s.folded) : []));
    for (const a of index.aliasKeys)
      for (let i = 0; i < words.length; i++) {
        if (!keysAt[i]!.includes(a.keys[0]!)) continue;
        // An article written apart ("el a7wal el madaniya") sits between the name's words.
        const at: number[] = [];
        for (let k = i; at.length < a.keys.length && k < words.length && isLatin[k]; k++) {
          if (at.length && ARTICLES.includes(words[k]!.folded)) continue;
          if (!keysAt[k]!.includes(a.keys[at.length]!)) break;
          at.push(k);
        }
        if (at.length < a.keys.length) continue;
        at.forEach((k, j) => (words[k] = { ...words[k]!, token: a.tokens[j]!, arabizi: true }));
      }
  }
  // Negation and contrast are read on the words as written ("مو", "شغالة" are not
  // misspellings of service words), or as their dialect letters say ("جالوا" is قالوا).
  const ctx = readContext(
    text,
    words.map((w) => {
      const as = CONTEXT.has(w.folded) ? undefined : CONTEXT_SPELLER.correct(w.folded);
      return as ? { ...w, folded: as } : w;
    }),
  );
  let sentence = 0;
  return (
    words
      .map((w, i) => {
        if (i > 0 && SENTENCE_END.test(text.slice(words[i - 1]!.end, w.start))) sentence++;
        const read = { ...w, sentence, weight: ctx.weight[i]!, disowned: ctx.disowned[i]!, place: false };
        if ((arabizi && isLatin[i]) || !unknown(index, w.token)) return read;
        const other = index.otherForm.get(w.token);
        if (other) return { ...read, token: other };
        // "ماتنفذ", "ماوصل": the negation typed onto its verb. The verb is the evidence
        // (a verb's negation denies no topic, see context.ts).
        if (w.folded.startsWith("ما") && w.folded.length >= 5) {
          const verb = canonical(stemWord(w.folded.slice(2)));
          if (!unknown(index, verb)) return { ...read, token: verb };
        }
        const known = index.speller.correct(w.token);
        return known ? { ...read, token: canonical(known), weight: read.weight * SPELLED } : read;
      })
      // An Arabizi article written apart ("wazarat el se7a") says nothing, and left in, it
      // stood between the words of every name and phrase it precedes: "وزارة الصحة" in
      // Arabizi named no ministry.
      .filter((_, i) => !(arabizi && isLatin[i] && ARTICLES.includes(words[i]!.folded)))
  );
}

interface Scored {
  e: number;
  raw: number;
  gram: number;
  local: boolean;
  strong: number;
  /** Pieces of evidence that can carry a route alone (see `solid` in rank). */
  solid: number;
  evidence: Evidence[];
  spans: Span[];
}

/** Ranked services with a calibrated score in [0, 1] and the citizen's words that produced it. */
export function suggest(index: RoutingIndex, input: { text: string; city?: string | null }, limit = 5): Suggestion[] {
  return rank(index, input)
    .slice(0, limit)
    .map((r) => ({
      agencyCode: index.entries[r.e]!.service.agencyCode,
      serviceCode: index.entries[r.e]!.service.serviceCode,
      score: round(r.p),
      evidence: r.evidence.slice(0, 6),
      spans: r.spans,
    }));
}

/** The features the calibration reads; exported for npm run routing:calibrate. */
export function rank(index: RoutingIndex, input: { text: string; city?: string | null }): (Scored & { features: number[]; p: number })[] {
  const q = read(index, input.text);
  // Places named in the text: used when no city was chosen.
  let city = input.city || null;
  const placeHits: Span[] = [];
  // Where each word occurs, so a name or phrase is looked up, not slid along the text.
  const positions = new Map<string, number[]>();
  q.forEach((w, i) => (positions.get(w.token) ?? positions.set(w.token, []).get(w.token)!).push(i));
  const occurrences = (seq: string[]): number[] => {
    const first = seq.length ? positions.get(seq[0]!) : undefined;
    if (!first) return [];
    return first.filter((at) => {
      for (let j = 1; j < seq.length; j++) if (q[at + j]?.token !== seq[j]) return false;
      return true;
    });
  };
  for (const p of index.places) {
    for (const i of occurrences(p.tokens)) {
      for (let j = 0; j < p.tokens.length; j++) q[i + j]!.place = true;
      if (!input.city && !city) city = p.code;
      placeHits.push({ start: q[i]!.start, end: q[i + p.tokens.length - 1]!.end });
    }
  }
  // Agency names and aliases.
  const agencyScore = new Map<string, { w: number; spans: Span[]; value: string }>();
  const aliasWord = new Array<boolean>(q.length).fill(false);
  // The agencies each sentence names (not disowned): "موبايلي حاطين علي … بالفاتورة" is Mobily's bill.
  const namedIn = new Map<number, Set<string>>();
  // Longest names first (the list is sorted), so "شركة المياه الوطنية" is one name, not two.
  for (const a of index.aliases) {
    for (const i of occurrences(a.tokens)) {
      if (aliasWord[i]) continue;
      const near = a.near;
      if (near && !q.some((w, j) => (j < i || j >= i + a.tokens.length) && w.sentence === q[i]!.sentence && near.has(w.token))) continue;
      const last = q[i + a.tokens.length - 1]!;
      const sign = q[i]!.disowned || q[i]!.weight === DENIED ? DENIED : 1;
      for (const ag of a.agencies) {
        const cur = agencyScore.get(ag) ?? { w: 0, spans: [], value: "" };
        cur.w = sign < 0 ? Math.min(cur.w, 0) + ALIAS * sign : Math.max(cur.w, ALIAS);
        if (sign > 0) {
          (namedIn.get(q[i]!.sentence) ?? namedIn.set(q[i]!.sentence, new Set()).get(q[i]!.sentence)!).add(ag);
          cur.spans.push({ start: q[i]!.start, end: last.end });
          cur.value ||= input.text.slice(q[i]!.start, last.end);
        }
        agencyScore.set(ag, cur);
      }
      for (let j = 0; j < a.tokens.length; j++) aliasWord[i + j] = true;
    }
  }
  // Whose thing a word names, when a noun beside it says so ("شبكة المياه", "water
  // bill"); a word owned everywhere it occurs is no evidence for another agency.
  // So is a word that several agencies use, in a sentence that names one of them.
  const ownerAt = (i: number): string[] | undefined => {
    if (OWNERS.has(q[i]!.token) || aliasWord[i]) return undefined;
    const latin = LATIN.test(q[i]!.folded);
    const next = q[latin ? i - 1 : i + 1];
    const noun = next && next.sentence === q[i]!.sentence ? OWNERS.get(next.token) : undefined;
    if (noun) return [noun];
    const named = namedIn.get(q[i]!.sentence);
    if (!named) return undefined;
    const post = index.postings.get(q[i]!.token);
    const theirs = post?.some(({ e }) => named.has(index.entries[e]!.service.agencyCode));
    return theirs ? [...named] : undefined;
  };
  // One weight per distinct word: the strongest reading (a word both denied and asserted counts as asserted).
  const wordWeight = new Map<string, { weight: number; at: QueryWord[]; owner: string[] | null }>();
  q.forEach((w, i) => {
    if (w.place || STOP.has(w.token)) return;
    const owner = ownerAt(i) ?? null;
    const cur = wordWeight.get(w.token);
    if (!cur) wordWeight.set(w.token, { weight: w.weight, at: [w], owner });
    else {
      cur.weight = Math.max(cur.weight, w.weight);
      cur.at.push(w);
      if (cur.owner?.join() !== owner?.join()) cur.owner = null;
    }
  });
  // Character n-grams of the asserted words.
  const E = index.entries.length;
  const qWords = q.filter((w) => !w.place && w.weight > 0 && !STOP.has(w.token));
  const qGrams = gramsOf(qWords.map((w) => (w.arabizi ? w.token : w.folded)));
  const dots = new Float64Array(E);
  let qNorm = 0;
  for (const [g, c] of qGrams) {
    const idf = index.gramIdf.get(g);
    if (!idf) continue;
    const x = (1 + Math.log(c)) * idf;
    qNorm += x * x;
    for (const { e, w } of index.grams.get(g)!) dots[e]! += x * w;
  }
  qNorm = Math.sqrt(qNorm) || 1;
  const gramOf = new Float64Array(E);
  for (let e = 0; e < E; e++) gramOf[e] = dots[e]! / (qNorm * index.norms[e]!);
  // And of each sentence, in a long text: padding a complaint with greetings and its
  // story dilutes the whole text's similarity, not that of the sentence that says what
  // is wrong. Short texts keep the whole-text similarity: there a lone short sentence
  // (an Arabizi clause left in Latin letters) would stand for too much.
  if (qWords.length >= LONG_TEXT && qWords[0]!.sentence !== qWords[qWords.length - 1]!.sentence) {
    const sdots = new Float64Array(E);
    let from = 0;
    while (from < qWords.length) {
      let to = from;
      while (to < qWords.length && qWords[to]!.sentence === qWords[from]!.sentence) to++;
      sdots.fill(0);
      let sNorm = 0;
      for (const [g, c] of gramsOf(qWords.slice(from, to).map((w) => (w.arabizi ? w.token : w.folded)))) {
        const idf = index.gramIdf.get(g);
        if (!idf) continue;
        const x = (1 + Math.log(c)) * idf;
        sNorm += x * x;
        for (const { e, w } of index.grams.get(g)!) sdots[e]! += x * w;
      }
      sNorm = Math.sqrt(sNorm) || 1;
      // A sentence of one or two words is too little to stand for the complaint.
      const k = Math.min(1, (to - from) / 3);
      for (let e = 0; e < E; e++) {
        const g = (k * sdots[e]!) / (sNorm * index.norms[e]!);
        if (g > gramOf[e]!) gramOf[e] = g;
      }
      from = to;
    }
  }

  // Word evidence, from the words to the entries that know them (not every entry
  // against every word: a long complaint has hundreds of distinct words).
  const sentences = q.length ? q[q.length - 1]!.sentence + 1 : 0;
  const doc = new Float64Array(E);
  const hits = new Uint16Array(E);
  const strongOf = new Uint16Array(E);
  const wholeOf = new Uint16Array(E);
  const entry = (e: number) => index.entries[e]!;
  const evidenceOf: (Evidence[] | undefined)[] = new Array(E);
  const spansOf: (Span[] | undefined)[] = new Array(E);
  // A long complaint buries its point among background: a service is scored on the
  // whole text (half) plus its best single sentence, so scattered incidental words
  // (school, bank, neighbours) do not outweigh one sentence that says it all.
  const bySentence = new Float64Array(sentences > 1 ? E * sentences : 0);
  for (const [t, { weight, at, owner }] of wordWeight) {
    const post = index.postings.get(t);
    if (!post) continue;
    const idf = index.idf.get(t) ?? 1;
    // Said again (a long complaint restating its point) weighs a little more.
    // Capped: background repeated through a long text is not the complaint restated.
    const again = 1 + 0.5 * Math.log(Math.min(at.length, 3));
    for (const { e, hit } of post) {
      if (owner && !owner.includes(entry(e).service.agencyCode)) continue;
      const c = hit * idf;
      doc[e]! += weight * c * again;
      hits[e]!++;
      if (sentences > 1) {
        let last = -1;
        for (const w of at) {
          // Once per sentence (occurrences come in text order).
          if (w.sentence === last) continue;
          last = w.sentence;
          bySentence[e * sentences + w.sentence]! += w.weight * c;
        }
      }
      if (weight > 0) {
        if (hit >= NAME) strongOf[e]!++;
        if (entry(e).whole.has(t)) wholeOf[e]!++;
        (evidenceOf[e] ??= []).push({ kind: "word", value: input.text.slice(at[0]!.start, at[0]!.end) });
        const sp = (spansOf[e] ??= []);
        for (const w of at) if (w.weight > 0) sp.push({ start: w.start, end: w.end });
      }
    }
  }
  const phraseRaw = new Float64Array(E);
  const phraseSeen = new Set<string[]>();
  for (const [t, at] of positions) {
    const starts = index.phraseStarts.get(t);
    if (!starts) continue;
    for (const { e, p } of starts) {
      if (phraseSeen.has(p)) continue;
      for (const i of at) {
        if (!matchesAt(q, i, p)) continue;
        phraseSeen.add(p);
        const sign = q[i]!.weight;
        // Said again, like a word (capped the same way).
        let times = 0;
        for (const j of at) if (times < 3 && matchesAt(q, j, p)) times++;
        phraseRaw[e]! += PHRASE * sign * (1 + 0.5 * Math.log(times));
        if (sign > 0) {
          strongOf[e]!++;
          wholeOf[e]!++;
          (evidenceOf[e] ??= []).unshift({ kind: "phrase", value: input.text.slice(q[i]!.start, q[i + p.length - 1]!.end) });
          (spansOf[e] ??= []).push({ start: q[i]!.start, end: q[i + p.length - 1]!.end });
        }
        break;
      }
    }
  }
  const historyRaw = new Float64Array(E);
  const like = new Uint16Array(E);
  if (index.history.size)
    for (const [t, { weight }] of wordWeight) {
      const m = index.history.get(t);
      if (!m) continue;
      for (const [e, c] of m) {
        historyRaw[e]! += weight * HISTORY * c;
        if (c > 0 && weight > 0) like[e]!++;
      }
    }

  const scored: Scored[] = [];
  for (let e = 0; e < E; e++) {
    const s = entry(e).service;
    const regional = s.cities !== null;
    const local = regional && !!city && s.cities!.includes(city);
    if (regional && !local) continue;
    let raw = 0;
    let strong = strongOf[e]!;
    // Evidence that can carry a route alone: a whole hint ("حفرة"), a hint phrase, the
    // agency's name, learned words, two of the service's words, or a near spelling of
    // its text. One word that is only part of a hint ("غرف" of "غرفة التفتيش",
    // "maintenance" of "school maintenance") is not: see WEAK_CAP.
    let solid = wholeOf[e]! + (hits[e]! >= 2 ? 1 : 0);
    let best = 0;
    if (sentences > 1 && hits[e])
      for (let i = e * sentences; i < (e + 1) * sentences; i++) if (bySentence[i]! > best) best = bySentence[i]!;
    raw += sentences > 1 && hits[e] ? 0.5 * doc[e]! + best : doc[e]!;
    raw += phraseRaw[e]!;
    const evidence = evidenceOf[e] ?? [];
    const spans = spansOf[e] ?? [];
    const ag = agencyScore.get(s.agencyCode);
    if (ag) {
      raw += ag.w;
      if (ag.w > 0) {
        strong++;
        solid++;
        evidence.unshift({ kind: "agency", value: ag.value });
        spans.push(...ag.spans);
      }
    }
    raw += historyRaw[e]!;
    // "Like complaints this service accepted": two or more of its learned words, and how many it accepted.
    if (like[e]! >= 2) {
      strong++;
      solid++;
      evidence.push({ kind: "history", value: String(index.historyAccepted[e] ?? 0) });
    }
    const gram = gramOf[e]!;
    if (gram >= SOLID_GRAMS) solid++;
    // Words shared only with example sentences are too weak to route on, and letters
    // alone ("السلام عليكم" shares n-grams with everything) must be close: a service
    // needs one of its hints, its name, its agency's name or learned words, or a near spelling.
    if ((raw <= 0 || strong === 0) && gram < GRAMS_ALONE) continue;
    raw += GRAMS * gram;
    if (raw <= 0) continue;
    if (local) {
      evidence.unshift({ kind: "location", value: city! });
      spans.push(...placeHits);
    }
    scored.push({ e, raw, gram, local, strong, solid, evidence: dedupe(evidence), spans: mergeSpans(spans) });
  }

  // Location outranks text: in a city a regional agency covers, its service wins when
  // the text supports it at least this well compared with the best national match.
  // Al Buraimi's governorate stands in for the municipal ministry there, not for the
  // water company: the national agency it replaces is the one whose services share
  // most words with its own (computed from the directory, see counterparts()).
  const national = scored.filter((r) => !r.local).sort((a, b) => b.raw - a.raw)[0];
  const topNational = national?.raw ?? 0;
  for (const r of scored) {
    if (!r.local) continue;
    const regional = index.entries[r.e]!.service.agencyCode;
    const same = !national || index.counterparts.get(regional) === index.entries[national.e]!.service.agencyCode;
    if (r.raw - GRAMS * r.gram > 0 && r.raw >= (same ? LOCAL_SUPPORT : LOCAL_SUPPORT_OTHER) * topNational)
      r.raw = topNational * 1.05 + r.raw * 0.05;
  }
  scored.sort((a, b) => b.raw - a.raw);

  const agencyOf = (r: Scored) => index.entries[r.e]!.service.agencyCode;
  // How strongly each agency stands: its best suggestion, where one with no solid
  // evidence (a word or two of background, letters in common) counts for less. A long
  // complaint's greetings and story give some agency such scraps in nearly every text;
  // counted in full, they made the margin and the share fall with the text's length.
  // A regional agency's service in its own city stands on the place, which is evidence enough.
  const standing = (r: Scored) => (r.solid || r.local ? r.raw : WEAK_RIVAL * r.raw);
  const bestByAgency = new Map<string, number>();
  for (const r of scored) {
    const x = standing(r);
    if (x > (bestByAgency.get(agencyOf(r)) ?? 0)) bestByAgency.set(agencyOf(r), x);
  }
  const total = [...bestByAgency.values()].reduce((s, x) => s + x, 0) || 1;
  // Which agency the letters alone and the words alone put first: when both readings
  // agree with the ranking, a wrong route is much rarer than the margin alone says.
  let lettersFirst = "";
  let wordsFirst = "";
  let lettersBest = -1;
  let wordsBest = -1;
  for (const r of scored) {
    if (r.gram > lettersBest) [lettersBest, lettersFirst] = [r.gram, agencyOf(r)];
    const words = r.raw - GRAMS * r.gram;
    if (words > wordsBest) [wordsBest, wordsFirst] = [words, agencyOf(r)];
  }
  const namesAny = [...agencyScore.values()].some((a) => a.w > 0);
  return (
    scored
      .map((r) => {
        let rival = 0;
        // In its own city a regional service stands in for the national agency it replaces
        // (Al Buraimi's potholes for the municipal ministry's): that one is no rival to it.
        const replaced = r.local ? index.counterparts.get(agencyOf(r)) : undefined;
        for (const [a, x] of bestByAgency) if (a !== agencyOf(r) && a !== replaced && x > rival) rival = x;
        const mine = bestByAgency.get(agencyOf(r)) ?? 0;
        let close = 0;
        for (const [a, x] of bestByAgency) if (a !== agencyOf(r) && x > 0.5 * mine) close++;
        const named = (agencyScore.get(agencyOf(r))?.w ?? 0) > 0;
        const f = features(r, rival, total, {
          lettersAgree: lettersFirst === agencyOf(r),
          wordsAgree: wordsFirst === agencyOf(r),
          close,
          named,
          namesAnother: namesAny && !named,
        });
        return { ...r, features: f, p: confidence(index.calibration, f, r.solid) };
      })
      // Ranked by the same standing: one with no solid evidence counts for half, so
      // "unavailable" alone (the pharmacy's "medicine unavailable") does not come before
      // the e-service that "e-services … unavailable" names.
      .sort((a, b) => standing(b) - standing(a))
  );
}

const LOCAL_SUPPORT = 0.2;
/** What a rival with no solid evidence counts for, against its raw score (see bestByAgency). */
const WEAK_RIVAL = 0.5;
/** Against a national agency that does not do what the regional one does (water, telecom): more support needed. */
const LOCAL_SUPPORT_OTHER = 0.6;

/**
 * About as much as one ordinary hint word scores: the margin is taken over at least this,
 * so a lone word with no rival is not "all the evidence points one way".
 */
const RIVAL_FLOOR = 10;

interface Agreement {
  /** The agency is the one the character n-grams alone put first. */
  lettersAgree: boolean;
  /** ... and the one the words (hints, phrases, names, history) alone put first. */
  wordsAgree: boolean;
  /** Other agencies standing at least half as high. */
  close: number;
  /** The text names this agency, or names another one and not this. */
  named: boolean;
  namesAnother: boolean;
}

/**
 * Length-independent: shares, margins and counts that saturate, not raw sums. The
 * agreement features (#6 on) took the calibration set's five-fold log-loss from 0.296
 * to 0.262: a margin won by letters against words, or against an agency the citizen
 * named, is a margin to doubt.
 */
function features(r: Scored, rival: number, total: number, a: Agreement): number[] {
  const against = Math.max(rival, RIVAL_FLOOR);
  const yes = (b: boolean) => (b ? 1 : 0);
  return [
    1,
    (r.raw - against) / (r.raw + against),
    r.raw / total,
    Math.min(1, r.gram * 3),
    Math.min(r.solid, 3) / 3,
    yes(r.local),
    yes(a.lettersAgree),
    yes(a.wordsAgree),
    Math.min(a.close, 3) / 3,
    yes(a.named),
    yes(a.namesAnother),
  ];
}

/** The calibrated probability, capped when no piece of evidence could carry a route alone. */
export function confidence(c: Calibration, f: number[], solid: number): number {
  const p = probability(c, f);
  return solid > 0 ? p : Math.min(p, WEAK_CAP);
}

export function probability(c: Calibration, f: number[]): number {
  let z = 0;
  for (let i = 0; i < f.length; i++) z += (c.weights[i] ?? 0) * f[i]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The precision the hub routes at unless ROUTING_TARGET_PRECISION says otherwise. Not
 * 0.98: on the blind calibration set the router is right first time about nine times in
 * ten, and a 98 % lower bound there sends a quarter of the held-out half to triage; 95 %
 * there is about 98 % on the held-out half with 16 % to triage
 * (test/fixtures/routing/README.md).
 */
export const DEFAULT_TARGET_PRECISION = 0.95;

/** The lowest threshold whose automatic routes reached the target precision on the calibration set. */
export function thresholdFor(c: Calibration, targetPrecision: number): number {
  // Never at or below the cap of a suggestion with no solid evidence: however good the
  // calibration set looks in bulk, such a suggestion is not one to route on unseen.
  const ok = [...c.curve].sort((a, b) => a.threshold - b.threshold).find((p) => p.threshold > WEAK_CAP && p.precision >= targetPrecision);
  return ok ? ok.threshold : 1;
}

/** Swap an index's contents in place: every request holding it reads the rebuilt router. */
export function replaceIndex(target: RoutingIndex, next: RoutingIndex): void {
  Object.assign(target, next);
}

function dedupe(ev: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    const k = `${e.kind}:${normalizeArabic(e.value)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function mergeSpans(spans: Span[]): Span[] {
  const s = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

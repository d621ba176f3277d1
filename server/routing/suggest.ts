import { normalizeArabic } from "../text/arabic.ts";
import { DIALECT } from "./lexicon.ts";
import { tokens } from "./normalize.ts";

// Ranks the directory's services for a complaint's text and place. Pure: built from
// directory data, no database, so it is tested and evaluated directly.

export interface RoutableService {
  agencyCode: string;
  serviceCode: string;
  name: { ar: string; en: string };
  agencyName: { ar: string; en: string };
  /** null = national; otherwise the city codes the agency covers. */
  cities: string[] | null;
  hints: { ar: string[]; en: string[]; examples: { ar: string[]; en: string[] } };
}

export interface Evidence {
  kind: "service" | "location" | "phrase" | "word";
  value: string;
}

export interface Suggestion {
  agencyCode: string;
  serviceCode: string;
  score: number;
  evidence: Evidence[];
}

interface Entry {
  service: RoutableService;
  words: Map<string, { weight: number; source: string }>;
  phrases: { folded: string; source: string }[];
}

export interface RoutingIndex {
  entries: Entry[];
  idf: Map<string, number>;
}

// The lexicon is written in plain words; compare in the folded, stemmed form.
const DIALECT_TOKENS = new Map(
  Object.entries(DIALECT).flatMap(([k, v]) => {
    const [from] = tokens(k);
    const [to] = tokens(v);
    return from && to ? [[from, to] as const] : [];
  }),
);
const canonical = (t: string) => DIALECT_TOKENS.get(t) ?? t;
const wordsOf = (text: string) => tokens(text).map(canonical);

// Words in any complaint that say nothing about where it belongs.
const STOP = new Set(
  ["في", "فيه", "فيها", "من", "علي", "الي", "عن", "مع", "هذا", "هذه", "ذلك", "التي", "الذي", "انا", "احن", "نحن", "لكن", "او", "ما", "مو", "لا", "تم", "كان", "صار",
   "يوم", "يومين", "ايام", "اسبوع", "شهر", "شهور", "سنه", "من", "منذ", "كل", "بعد", "قبل", "عند", "قدام", "جنب", "كبير", "كبيره", "كثير", "جدا", "مره", "لي", "عندي",
   "عام", "عامه", "وطني", "وطنيه", "خدمه", "خدمات", "طلب", "طلبات", "جهه", "جهات", "مختص", "مختصه", "موضوع", "ملاحظه", "general", "national", "service", "services", "request",
   "عندنا", "حقي", "حقتي", "ابي", "ابغي", "نبي", "ارجو", "اود", "ارغب", "بدون", "للحين", "حتي", "وما", "ولا", "الحي", "حي", "حاره", "البيت", "بيت", "بيتي",
   "the", "and", "for", "with", "has", "have", "not", "our", "my", "is", "are", "was", "been", "of", "to", "in", "on", "at", "it", "this", "that", "from", "no"].map((w) => tokens(w)[0] ?? w),
);

function addWord(words: Entry["words"], w: string, weight: number, source: string) {
  if (STOP.has(w) || w.length < 2) return;
  const cur = words.get(w);
  if (!cur || cur.weight < weight) words.set(w, { weight, source });
}

/** Hints weigh most, then the service's own name, then example complaints. */
export function buildIndex(services: RoutableService[]): RoutingIndex {
  const entries: Entry[] = services.map((s) => {
    const words: Entry["words"] = new Map();
    const phrases: Entry["phrases"] = [];
    for (const h of [...s.hints.ar, ...s.hints.en]) {
      for (const w of wordsOf(h)) addWord(words, w, 3, h);
      if (wordsOf(h).length > 1) phrases.push({ folded: wordsOf(h).join(" "), source: h });
    }
    for (const n of [s.name.ar, s.name.en]) for (const w of wordsOf(n)) addWord(words, w, 2, n);
    for (const e of [...s.hints.examples.ar, ...s.hints.examples.en]) for (const w of wordsOf(e)) addWord(words, w, 1, e);
    return { service: s, words, phrases };
  });
  const df = new Map<string, number>();
  for (const e of entries) for (const w of e.words.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = entries.length;
  const idf = new Map([...df].map(([w, d]) => [w, Math.log(1 + n / d)]));
  return { entries, idf };
}

// Location outranks text (after an explicit choice of service): in a city a regional
// agency covers, its service wins when the text supports it at least this well
// compared with the best national match.
const LOCAL_SUPPORT = 0.2;

/**
 * Ranked services with a score in [0, 1) and the evidence that produced it. A city
 * covered by a regional agency (e.g. Al Buraimi) sends matching complaints there;
 * elsewhere regional agencies are out of the running.
 */
export function suggest(index: RoutingIndex, input: { text: string; city?: string | null }, limit = 5): Suggestion[] {
  const textWords = [...new Set(wordsOf(input.text))];
  const folded = wordsOf(input.text).join(" ");
  const raw: { e: Entry; score: number; local: boolean; evidence: Evidence[] }[] = [];
  for (const e of index.entries) {
    const regional = e.service.cities !== null;
    const local = regional && !!input.city && e.service.cities!.includes(input.city);
    if (regional && !local) continue;
    let score = 0;
    let strong = 0;
    const evidence: Evidence[] = [];
    for (const w of textWords) {
      const hit = e.words.get(w);
      if (!hit) continue;
      score += hit.weight * (index.idf.get(w) ?? 1);
      if (hit.weight >= 2) strong++;
      evidence.push({ kind: "word", value: hit.source });
    }
    for (const p of e.phrases) {
      if (folded.includes(p.folded)) {
        score += 4;
        evidence.push({ kind: "phrase", value: p.source });
      }
    }
    // Words shared only with example sentences are too weak to route on: a service
    // needs at least one of its hints or name words in the text.
    if (score <= 0 || strong === 0) continue;
    if (local) evidence.unshift({ kind: "location", value: input.city! });
    raw.push({ e, score, local, evidence: dedupe(evidence) });
  }
  const topNational = Math.max(0, ...raw.filter((r) => !r.local).map((r) => r.score));
  for (const r of raw) {
    if (r.local && r.score >= LOCAL_SUPPORT * topNational) r.score = topNational * 1.05 + r.score * 0.05;
  }
  raw.sort((a, b) => b.score - a.score);
  const total = raw.reduce((s, r) => s + r.score, 0);
  return raw.slice(0, limit).map((r) => ({
    agencyCode: r.e.service.agencyCode,
    serviceCode: r.e.service.serviceCode,
    // Share of the evidence this service holds, damped for thin evidence: one weak
    // word is never a confident route.
    score: round((r.score / total) * (r.score / (r.score + 6))),
    evidence: r.evidence.slice(0, 6),
  }));
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

const round = (x: number) => Math.round(x * 1000) / 1000;

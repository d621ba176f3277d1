import type { WordSpan } from "./normalize.ts";

// Negation and contrast in a complaint: "مو كهرباء، الموية مقطوعة", "not an electricity
// problem: the water…", "الأحوال المدنية قالوا بياناتي سليمة والمشكلة في البنك". A word
// that is denied counts against its service; what follows "but" / "the problem is"
// counts a little more; an agency that "said it is not theirs" counts against itself.

/** Weight of a denied word: against its service, not merely ignored. */
export const DENIED = -0.6;
/** Weight of a word after "but", "بس", "المشكلة": that is usually the real complaint. */
export const STRESSED = 1.5;

const PUNCT = /[،,.;؛:!?؟\n()\-–—"«»]/;
const CONTRAST = new Set([
  "لكن",
  "ولكن",
  "بس",
  "بل",
  "but",
  "however",
  "المشكله",
  "والمشكله",
  "مشكلتي",
  "instead",
  // In Arabizi.
  "bs",
  "bas",
  "lakin",
  "lakn",
  // A long complaint restating its point: "وأكرر إن…", "to repeat: …".
  "اكرر",
  "واكرر",
  "repeat",
  // MSA: "لا تكمن المشكلة في … وإنما في …".
  "انما",
  "وانما",
]);
// "the problem", "the actual / real / main problem", "my problem": where the complaint says what it is about.
const PROBLEM_LEAD = new Set(["the", "my", "our"]);
const PROBLEM_ADJ = new Set(["actual", "real", "main", "only"]);
const NEGATORS = new Set(["مو", "مش", "موب", "مب", "مهوب", "ليس", "ليست", "ليسوا", "مهي", "مهو", "مهب", "mish", "msh", "mesh"]);
const FILLER = new Set([
  "هي",
  "هو",
  "هوب",
  "مشكله",
  "مشكلة",
  // "مو هي أصل المشكلة" (not the root of the problem).
  "اصل",
  "اساس",
  "سبب",
  "في",
  "من",
  "عن",
  "اشتكي",
  "a",
  "an",
  "the",
  "about",
  "complaining",
  "my",
  "our",
  "this",
  "that",
  "problem",
  "am",
  "i",
  "just",
  "to",
  "report",
]);
// "X is fine / working / arrived": X is not what the complaint is about.
const FINE = new Set([
  "شغال",
  "شغاله",
  "سليم",
  "سليمه",
  "ممتاز",
  "ممتازه",
  "عادي",
  "عاديه",
  "تمام",
  "طبيعي",
  "زين",
  "طيب",
  "مضبوط",
  "مضبوطه",
  "نازل",
  "وافق",
  "وافقت",
  "وصلت",
  "صح",
  "working",
  "works",
  "fine",
  "ok",
  "okay",
  "great",
  "normal",
  "arrived",
]);
/** How many words before "fine" it speaks of. */
const FINE_REACH = 3;
const NOT_BEFORE_FINE = new Set(["ما", "مو", "مش", "not", "no", "لا", "never", "isn", "مب", "ولا", "وما", "لسا", "لسه", "still"]);
// "X said it is not theirs", "they sent me to…": the agency named before it disowns the complaint.
const DISCLAIMERS: string[][] = [
  ["مو", "منهم"],
  ["مو", "منها"],
  ["مو", "تبعها"],
  ["مو", "تبعهم"],
  ["مو", "شغلهم"],
  ["ما", "هو", "شغلهم"],
  ["مالهم", "دخل"],
  ["ما", "لهم", "دخل"],
  ["مو", "من", "اختصاصهم"],
  ["مو", "من", "اختصاصها"],
  ["ليس", "من", "اختصاص"],
  ["ليست", "من", "اختصاص"],
  ["مش", "من", "اختصاص"],
  ["not", "theirs"],
  ["not", "their"],
  ["not", "his"],
  ["sent", "me"],
  ["told", "me"],
  ["قالوا", "راجع"],
  ["قال", "راجع"],
  ["قالت", "راجع"],
  ["حولوني"],
  ["حولني"],
];

const WANT = new Set(["ابي", "ابغى", "ابغي", "ابا", "بدي", "عايز", "عاوز", "اريد", "نبي", "نبغى", "نبغي", "نبا", "نريد", "بدنا", "عايزين"]);

const SAYS = new Set(["قالوا", "قال", "قالت", "يقولون", "تقول", "يقول", "said", "says", "say", "told"]);

// An Arabic word that starts like a present-tense verb (بتدفع، يشتغل): "مش بتدفع" is
// the ordinary negation of a verb (Egyptian, Levantine), not a denial of a topic.
const verbLike = (w: string) => /^(ب[يتن]|[يتن])[\u0600-\u06FF]{2,}$/.test(w);

/** The Arabic words this reading looks for (as typed, and after و "and"): what a dialect spelling is read as (suggest.ts). */
export const CONTEXT_WORDS: string[] = [
  ...new Set(
    [...CONTRAST, ...NEGATORS, ...FILLER, ...FINE, ...NOT_BEFORE_FINE, ...SAYS, ...DISCLAIMERS.flat()]
      .filter((w) => /[\u0600-\u06FF]/.test(w))
      .flatMap((w) => [w, `و${w}`]),
  ),
];

export interface Reading {
  /** Per word: 1, STRESSED, or DENIED. */
  weight: number[];
  /** Per word: an agency name here is disowned by what follows it. */
  disowned: boolean[];
}

export function readContext(text: string, spans: WordSpan[]): Reading {
  const n = spans.length;
  const weight = new Array<number>(n).fill(1);
  const disowned = new Array<boolean>(n).fill(false);
  // Clauses: split at punctuation and before contrast words.
  const clauseStart: number[] = new Array(n).fill(0);
  let start = 0;
  let stressed = false;
  for (let i = 0; i < n; i++) {
    const gap = i > 0 ? text.slice(spans[i - 1]!.end, spans[i]!.start) : "";
    const w = spans[i]!.folded;
    const before = spans[i - 1]?.folded ?? "";
    const lead =
      w !== "problem" ? 0 : PROBLEM_LEAD.has(before) ? 1 : PROBLEM_ADJ.has(before) && PROBLEM_LEAD.has(spans[i - 2]?.folded ?? "") ? 2 : -1;
    const contrast = CONTRAST.has(w) || lead > 0;
    if (i > 0 && (PUNCT.test(gap) || contrast)) {
      start = lead > 0 ? i - lead : i;
      stressed = contrast || (stressed && !PUNCT.test(gap));
    }
    clauseStart[i] = start;
    if (stressed) weight[i] = STRESSED;
  }
  const sameClause = (a: number, b: number) => b < n && clauseStart[a] === clauseStart[b];
  const deny = (i: number) => {
    weight[i] = DENIED;
  };
  for (let i = 0; i < n; i++) {
    const w = spans[i]!.folded;
    const next = spans[i + 1]?.folded;
    // "not a …": the article is too short to be one of the spans, so it is read in the gap.
    const article = !!next && /^\s+a\s+$/i.test(text.slice(spans[i]!.end, spans[i + 1]!.start));
    const english = w === "not" && !!next && (FILLER.has(next) || article);
    const arabic = NEGATORS.has(w) || (w === "ما" && (next === "هي" || next === "هو" || next === "هوب" || next === "اشتكي"));
    if (english || arabic) {
      let k = i + 1;
      while (sameClause(i, k) && FILLER.has(spans[k]!.folded)) k++;
      if (!sameClause(i, k)) {
        // Nothing but fillers after it: "الفاتورة مو هي المشكلة", "the bill is not the
        // problem": what the clause named before the negation is what is denied.
        if (k > i + 1 || !sameClause(i, i + 1)) for (let j = clauseStart[i]!; j < i; j++) deny(j);
        continue;
      }
      if (arabic && verbLike(spans[k]!.folded) && !FILLER.has(next!)) continue;
      deny(k);
      // English noun phrases run on ("not the street lights", "not an electricity problem").
      if (english && sameClause(i, k + 1) && !FILLER.has(spans[k + 1]!.folded)) deny(k + 1);
    }
    // "لا ابي هوية ولا سجل اسرة" (I want neither the ID nor the family record): the whole
    // clause is what the complaint is not about. Not "لا زين ولا موبايلي" (neither
    // operator has coverage), which is the complaint.
    // So is "ما ابي موعد" (I do not want an appointment, I want to complain about …).
    if (w === "لا" && i === clauseStart[i] && WANT.has(spans[i + 1]?.folded ?? "")) {
      let k = i + 2;
      while (sameClause(i, k) && spans[k]!.folded !== "ولا") k++;
      if (sameClause(i, k)) for (let j = i + 1; sameClause(i, j); j++) deny(j);
    }
    if ((w === "ما" || w === "مو" || w === "مب") && WANT.has(spans[i + 1]?.folded ?? "") && sameClause(i, i + 2))
      for (let j = i + 2; sameClause(i, j); j++) deny(j);
    // Only at the end of its clause: "والموية شغالة تسيل" is water still running, not water that is fine.
    const endsClause = !sameClause(i, i + 1) || FINE.has(spans[i + 1]!.folded);
    // The few words before it: "الكهرباء عندنا شغالة". A long clause that ends "…
    // بعد ما سويت عملية عادي" (an ordinary purchase) is not all fine.
    if (FINE.has(w) && endsClause && i > clauseStart[i]! && !NOT_BEFORE_FINE.has(spans[i - 1]!.folded)) {
      for (let k = Math.max(clauseStart[i]!, i - FINE_REACH); k < i; k++) deny(k);
    }
    // "X قالوا … مو …", "X said … not …": X disowns it.
    if ((SAYS.has(w) || (w.startsWith("و") && SAYS.has(w.slice(1)))) && i > clauseStart[i]!) {
      for (let k = i + 1; sameClause(i, k); k++) {
        if (NEGATORS.has(spans[k]!.folded) || spans[k]!.folded === "not") {
          for (let j = clauseStart[i]!; j < i; j++) disowned[j] = true;
          break;
        }
      }
    }
    for (const d of DISCLAIMERS) {
      if (d.every((x, j) => spans[i + j]?.folded === x || (j === d.length - 1 && x.length > 5 && spans[i + j]?.folded.startsWith(x)))) {
        for (let k = clauseStart[i]!; k < i; k++) disowned[k] = true;
      }
    }
  }
  return { weight, disowned };
}

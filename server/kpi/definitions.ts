// The key performance indicators of seed 002 (§5.3 for complaints, §5.5.6 for
// inquiries), defined once: each has its name, its formula in words (shown beside the
// figure on the national page), what it counts above and below the line, and a pure
// function of the period's sums. The daily figures (server/kpi/store.ts `sources`) are
// the only SQL they read, plus two live counts that must not hide (open complaints past
// their deadline or past their answer target) and the scored quality audit. The older
// per-agency columns (server/kpi/compute.ts `measures`) call these same functions.

import { ANSWER_TARGET_HOURS, QUALITY_AUDIT_WEIGHT, SATISFIED_STARS } from "../policy.ts";
import { CRITERIA, MAX_PER_CRITERION, MAX_POINTS } from "../quality/audit.ts";

/** metric → dim → value: the period's summed daily figures (server/kpi/store.ts has the same shape; not imported, so the SQL's side can use these definitions). */
export interface Sums {
  [metric: string]: Record<string, number>;
}

export const KINDS = ["complaint", "inquiry", "suggestion", "praise", "report"] as const;
export type Kind = (typeof KINDS)[number];

/** Sums of the scored audits of one kind: how many, and the points on each criterion. */
export interface AuditTotals {
  n: number;
  addressed: number;
  correct: number;
  clear: number;
  complete: number;
}

export interface KpiInputs {
  /** The period's summed daily figures (metric → dim → value). */
  sums: Sums;
  /** Live: open complaints past their deadline, by kind ("" when the kind is not known). */
  overdueByKind: Record<string, number>;
  /** Live: open complaints older than their kind's answer target in clock hours, by kind. */
  pastTargetByKind: Record<string, number>;
  /** Scored quality audits of closes in the period, by kind. */
  audit: Record<string, AuditTotals>;
}

export interface Figure {
  /** 0–1; null when there is nothing to measure (shown "—", never 0%). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** A combined figure's parts (quality: the audit's share and the citizens'). */
  parts?: { audit: number | null; resolved: number | null };
}

export interface Text {
  ar: string;
  en: string;
}

export interface KpiDefinition {
  id: KpiId;
  /** Where the seed asks for it. */
  source: string;
  name: Text;
  formula: Text;
  numerator: Text;
  denominator: Text;
  compute(i: KpiInputs): Figure;
}

const sum = (m: Record<string, number> | undefined) => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
const of = (m: Record<string, number> | undefined, k: string) => m?.[k] ?? 0;
export function share(numerator: number, denominator: number): Figure {
  return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator };
}

/** Ratings with SATISFIED_STARS or more, and all ratings, of one kind or of all ("*"). */
function stars(s: Sums, kind: string): { satisfied: number; rated: number } {
  let satisfied = 0;
  let rated = 0;
  for (const [dim, n] of Object.entries(s.stars_hist ?? {})) {
    const [k = "", st = "0"] = dim.split(":");
    if (kind !== "*" && k !== kind) continue;
    rated += n;
    if (Number(st) >= SATISFIED_STARS) satisfied += n;
  }
  return { satisfied, rated };
}

function auditOf(audit: Record<string, AuditTotals>, kinds: readonly string[] | "*"): AuditTotals {
  const out: AuditTotals = { n: 0, addressed: 0, correct: 0, clear: 0, complete: 0 };
  for (const [k, a] of Object.entries(audit)) {
    if (kinds !== "*" && !kinds.includes(k)) continue;
    out.n += a.n;
    for (const c of CRITERIA) out[c] += a[c];
  }
  return out;
}

/** The audit's mean score as a share of the most a case can get (0–1). */
export function auditShare(a: AuditTotals): number | null {
  return a.n > 0 ? CRITERIA.reduce((x, c) => x + a[c], 0) / (MAX_POINTS * a.n) : null;
}

/** Quality: QUALITY_AUDIT_WEIGHT × audit + the rest × resolved share when both exist, else the one that does. */
export function combineQuality(audit: number | null, resolved: number | null): number | null {
  if (audit !== null && resolved !== null) return QUALITY_AUDIT_WEIGHT * audit + (1 - QUALITY_AUDIT_WEIGHT) * resolved;
  return audit ?? resolved;
}

const pctW = Math.round(QUALITY_AUDIT_WEIGHT * 100);

/** On time for one kind (or all when `kind` is null): closes within the deadline over closes that had one plus the overdue backlog. */
function onTime(i: KpiInputs, kind: string | null): Figure {
  const pick = (m: Record<string, number> | undefined) => (kind === null ? sum(m) : of(m, kind));
  return share(pick(i.sums.closed_on_time), pick(i.sums.closed_due) + pick(i.overdueByKind));
}

const KIND_NAMES: Record<Kind, Text> = {
  complaint: { ar: "الشكاوى", en: "complaints" },
  inquiry: { ar: "الاستفسارات", en: "inquiries" },
  suggestion: { ar: "المقترحات", en: "suggestions" },
  praise: { ar: "الثناء", en: "praise" },
  report: { ar: "البلاغات", en: "reports" },
};

function onTimeFor(kind: Kind): KpiDefinition & { id: `on_time_${Kind}` } {
  const k = KIND_NAMES[kind];
  return {
    id: `on_time_${kind}`,
    source: "002 §5.3",
    name: { ar: `الالتزام بالتوقيت: ${k.ar}`, en: `On time: ${k.en}` },
    formula: {
      ar: `${k.ar} المغلقة ضمن مهلتها ÷ (${k.ar} المغلقة التي لها مهلة + المفتوحة المتجاوزة مهلتها الآن)${kind === "praise" ? "؛ الثناء بلا مهلة فلا يُقاس" : ""}`,
      en: `${k.en} closed within their deadline ÷ (${k.en} closed that had a deadline + open ones past it now)${kind === "praise" ? "; praise has no deadline, so nothing to measure" : ""}`,
    },
    numerator: { ar: "المغلقة في المهلة", en: "closed within the deadline" },
    denominator: { ar: "المغلقة ذات المهلة + المتأخرة المفتوحة", en: "closed with a deadline + open overdue" },
    compute: (i) => onTime(i, kind),
  };
}

const inquiryHours = ANSWER_TARGET_HOURS.inquiry;

export const KPI_DEFINITIONS = [
  {
    id: "first_contact_resolution",
    source: "002 §5.3",
    name: { ar: "الحل من أول اتصال", en: "First-contact resolution" },
    formula: {
      ar: "الإغلاقات المصنفة «حل من أول اتصال» بنتيجة «تم الحل» دون إعادة فتح أو إرجاع ودون تقييم المواطن لها «لم تُحل» ÷ كل الإغلاقات",
      en: 'Closes classified "resolved at first contact", resolved, never reopened or pushed back, and not rated "not resolved" by the citizen ÷ all closes',
    },
    numerator: { ar: "إغلاقات محلولة من أول اتصال", en: "closes resolved at first contact" },
    denominator: { ar: "كل الإغلاقات", en: "all closes" },
    compute: (i) => share(sum(i.sums.closed_first_contact), sum(i.sums.closed)),
  },
  {
    id: "acceptance_rate",
    source: "002 §5.3",
    name: { ar: "قبول الحالات", en: "Acceptance of cases" },
    formula: { ar: "الحالات المقبولة ÷ (المقبولة + المرفوضة) في الفترة", en: "Cases accepted ÷ (accepted + rejected) in the period" },
    numerator: { ar: "المقبولة", en: "accepted" },
    denominator: { ar: "المقبولة + المرفوضة", en: "accepted + rejected" },
    compute: (i) => share(sum(i.sums.accepted), sum(i.sums.accepted) + sum(i.sums.rejected)),
  },
  {
    id: "rejection_rate",
    source: "002 §5.3",
    name: { ar: "رفض الحالات", en: "Rejection of cases" },
    formula: {
      ar: "الحالات المرفوضة لعدم الاختصاص ÷ (المقبولة + المرفوضة) في الفترة",
      en: "Cases rejected as outside the agency's jurisdiction ÷ (accepted + rejected) in the period",
    },
    numerator: { ar: "المرفوضة", en: "rejected" },
    denominator: { ar: "المقبولة + المرفوضة", en: "accepted + rejected" },
    compute: (i) => share(sum(i.sums.rejected), sum(i.sums.accepted) + sum(i.sums.rejected)),
  },
  {
    id: "on_time",
    source: "002 §5.3",
    name: { ar: "الالتزام بالتوقيت الزمني للرد", en: "Answered within the deadline" },
    formula: {
      ar: "الإغلاقات ضمن المهلة ÷ (الإغلاقات التي لها مهلة + الحالات المفتوحة المتجاوزة مهلتها الآن)",
      en: "Closes within the deadline ÷ (closes that had a deadline + open cases past their deadline now)",
    },
    numerator: { ar: "المغلقة في المهلة", en: "closed within the deadline" },
    denominator: { ar: "المغلقة ذات المهلة + المتأخرة المفتوحة", en: "closed with a deadline + open overdue" },
    compute: (i) => onTime(i, null),
  },
  ...KINDS.map(onTimeFor),
  {
    id: "quality",
    source: "002 §5.3",
    name: { ar: "الدقة والجودة", en: "Accuracy and quality of the answer" },
    formula: {
      ar: `${pctW}% × متوسط درجة تدقيق الجودة (من ${MAX_POINTS}) + ${100 - pctW}% × نسبة من أجابوا «نعم، حُلّت» من المقيِّمين؛ وأحدهما وحده إن غاب الآخر`,
      en: `${pctW}% × the quality audit's mean score (out of ${MAX_POINTS}) + ${100 - pctW}% × the share of ratings answering "yes, resolved"; either one alone when the other is missing`,
    },
    numerator: { ar: "درجة التدقيق؛ «نعم»", en: 'audit points; "yes" answers' },
    denominator: { ar: `${MAX_POINTS} × الحالات المدققة؛ كل التقييمات`, en: `${MAX_POINTS} × cases audited; all ratings` },
    compute: (i) => {
      const audit = auditShare(auditOf(i.audit, "*"));
      const rated = sum(i.sums.rating);
      const resolved = rated > 0 ? of(i.sums.rating, "yes") / rated : null;
      return { value: combineQuality(audit, resolved), numerator: null, denominator: null, parts: { audit, resolved } };
    },
  },
  {
    id: "satisfaction",
    source: "002 §5.3",
    name: { ar: "رضا المتعاملين", en: "Satisfaction" },
    formula: {
      ar: `التقييمات بـ ${SATISFIED_STARS} نجوم أو أكثر ÷ كل التقييمات`,
      en: `Ratings of ${SATISFIED_STARS} stars or more ÷ all ratings`,
    },
    numerator: { ar: `تقييمات ${SATISFIED_STARS}–5 نجوم`, en: `ratings of ${SATISFIED_STARS}–5 stars` },
    denominator: { ar: "كل التقييمات", en: "all ratings" },
    compute: (i) => {
      const s = stars(i.sums, "*");
      return share(s.satisfied, s.rated);
    },
  },
  {
    id: "inquiry_immediate",
    source: "002 §5.5.6",
    name: { ar: "الاستفسارات التي يُرد عليها فورًا", en: "Inquiries answered immediately" },
    formula: {
      ar: "الاستفسارات المجاب عنها من أول اتصال (بقاعدة الحل من أول اتصال) ÷ الاستفسارات المغلقة",
      en: "Inquiries answered at the first contact (the first-contact rule) ÷ inquiries closed",
    },
    numerator: { ar: "المجاب عنها من أول اتصال", en: "answered at first contact" },
    denominator: { ar: "الاستفسارات المغلقة", en: "inquiries closed" },
    compute: (i) => share(of(i.sums.closed_first_contact, "inquiry"), of(i.sums.closed_kind, "inquiry")),
  },
  {
    id: "inquiry_in_target",
    source: "002 §5.5.6",
    name: { ar: "الاستفسارات المجاب عنها في الوقت المحدد", en: "Inquiries answered within the set time" },
    formula: {
      ar: `الاستفسارات المغلقة خلال ${inquiryHours} ساعة من استلامها ÷ (الاستفسارات المغلقة + المفتوحة التي مضى عليها أكثر من ${inquiryHours} ساعة)`,
      en: `Inquiries closed within ${inquiryHours} hours of receipt ÷ (inquiries closed + open ones older than ${inquiryHours} hours)`,
    },
    numerator: { ar: `المغلقة خلال ${inquiryHours} ساعة`, en: `closed within ${inquiryHours} hours` },
    denominator: { ar: "المغلقة + المفتوحة المتجاوزة", en: "closed + open past the target" },
    compute: (i) => share(of(i.sums.answered_in_target, "inquiry"), of(i.sums.closed_kind, "inquiry") + of(i.pastTargetByKind, "inquiry")),
  },
  {
    id: "inquiry_satisfaction",
    source: "002 §5.5.6",
    name: { ar: "رضا المتعاملين عن الرد على الاستفسارات", en: "Satisfaction with inquiry answers" },
    formula: {
      ar: `تقييمات الاستفسارات بـ ${SATISFIED_STARS} نجوم أو أكثر ÷ كل تقييمات الاستفسارات`,
      en: `Inquiry ratings of ${SATISFIED_STARS} stars or more ÷ all inquiry ratings`,
    },
    numerator: { ar: `تقييمات ${SATISFIED_STARS}–5 نجوم`, en: `ratings of ${SATISFIED_STARS}–5 stars` },
    denominator: { ar: "تقييمات الاستفسارات", en: "inquiry ratings" },
    compute: (i) => {
      const s = stars(i.sums, "inquiry");
      return share(s.satisfied, s.rated);
    },
  },
  {
    id: "inquiry_accuracy",
    source: "002 §5.5.6",
    name: { ar: "دقة المعلومات", en: "Accuracy of information" },
    formula: {
      ar: `درجات معياري «أجاب عن المطلوب» و«صحيح وفق الأنظمة» في الاستفسارات المدققة ÷ (${2 * MAX_PER_CRITERION} × عددها)`,
      en: `Points on "addressed the request" and "correct under the regulations" of the audited inquiries ÷ (${2 * MAX_PER_CRITERION} × their number)`,
    },
    numerator: { ar: "درجات المعيارين", en: "points on the two criteria" },
    denominator: { ar: `${2 * MAX_PER_CRITERION} × الاستفسارات المدققة`, en: `${2 * MAX_PER_CRITERION} × inquiries audited` },
    compute: (i) => {
      const a = auditOf(i.audit, ["inquiry"]);
      return share(a.addressed + a.correct, 2 * MAX_PER_CRITERION * a.n);
    },
  },
] as const satisfies readonly (KpiDefinition & { id: KpiId })[];

export type KpiId =
  | "first_contact_resolution"
  | "acceptance_rate"
  | "rejection_rate"
  | "on_time"
  | `on_time_${Kind}`
  | "quality"
  | "satisfaction"
  | "inquiry_immediate"
  | "inquiry_in_target"
  | "inquiry_satisfaction"
  | "inquiry_accuracy";

export const KPI: Record<KpiId, KpiDefinition> = Object.fromEntries(KPI_DEFINITIONS.map((d) => [d.id, d])) as Record<KpiId, KpiDefinition>;

/** Every indicator over the same inputs, in the table's order. */
export function computeAll(i: KpiInputs): { def: KpiDefinition; figure: Figure }[] {
  return KPI_DEFINITIONS.map((def) => ({ def, figure: def.compute(i) }));
}

/** Inputs with no live counts or audit (the older per-agency columns, a month of the trend). */
export function sumsOnly(sums: Sums, openOverdue = 0): KpiInputs {
  return { sums, overdueByKind: openOverdue ? { "": openOverdue } : {}, pastTargetByKind: {}, audit: {} };
}

/**
 * First response per channel (issue 14 §8, server/kpi/first-response.ts decides each
 * complaint): defined here with the others so the page shows its formula the same way.
 */
export const FIRST_RESPONSE_DEFINITION = {
  id: "first_response",
  source: "000, 001",
  name: { ar: "الاستجابة الأولى ضمن هدف القناة", en: "First response within the channel's target" },
  formula: {
    ar: "الشكاوى التي جاءها أول رد من موظف خلال هدف قناتها ÷ (التي جاءها في الهدف + التي فاتها الهدف بعد أو قبل الرد)؛ ما لم يحن موعده لا يُحسب",
    en: "Complaints whose first staff response came within their channel's target ÷ (those + those that missed it, answered or not); not yet due is left out",
  },
  numerator: { ar: "ضمن الهدف", en: "within target" },
  denominator: { ar: "ضمن الهدف + فائتة", en: "within + missed" },
  compute: (met: number, missed: number): Figure => share(met, met + missed),
} as const;

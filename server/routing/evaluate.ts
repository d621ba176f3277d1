// Accuracy of a ranker over labelled complaints: overall and per style, top-1 / top-3 /
// service, a calibration table and the triage-rate / precision curve. Pure: eval.ts
// (npm run routing:eval) prints it; the unit tests hold the held-out numbers.

export interface LabelledCase {
  style: string;
  agency: string;
  service: string;
  city: string;
  text: string;
}

export function parseCases(tsv: string): LabelledCase[] {
  const [header, ...lines] = tsv.trim().split("\n");
  const cols = header!.split("\t");
  return lines.map((l) => {
    const cells = l.split("\t");
    const get = (c: string) => (cols.includes(c) ? (cells[cols.indexOf(c)] ?? "") : "");
    return { style: get("style") || "unlabelled", agency: get("agency"), service: get("service"), city: get("city"), text: get("text") };
  });
}

export interface Ranked {
  agencyCode: string;
  serviceCode: string;
  score: number;
}
export type Ranker = (c: LabelledCase) => Ranked[];

export interface Tally {
  total: number;
  /** Agency right first time. */
  top1: number;
  /** Agency among the first three suggestions. */
  top3: number;
  /** Agency and service right first time. */
  service: number;
}

export interface Outcome {
  case: LabelledCase;
  got: Ranked[];
  agencyRight: boolean;
  serviceRight: boolean;
  /** The first suggestion's score (0 when there is none). */
  score: number;
}

export interface EvalResult extends Tally {
  byStyle: Map<string, Tally>;
  outcomes: Outcome[];
  misses: Outcome[];
}

const empty = (): Tally => ({ total: 0, top1: 0, top3: 0, service: 0 });

export function evaluate(rank: Ranker, cases: LabelledCase[]): EvalResult {
  const all = empty();
  const byStyle = new Map<string, Tally>();
  const outcomes: Outcome[] = [];
  for (const c of cases) {
    const got = rank(c);
    const agencies = [...new Set(got.map((g) => g.agencyCode))];
    const agencyRight = got[0]?.agencyCode === c.agency;
    const serviceRight = agencyRight && got[0]?.serviceCode === c.service;
    const t3 = agencies.slice(0, 3).includes(c.agency);
    for (const t of [all, byStyle.get(c.style) ?? byStyle.set(c.style, empty()).get(c.style)!]) {
      t.total++;
      if (agencyRight) t.top1++;
      if (t3) t.top3++;
      if (serviceRight) t.service++;
    }
    outcomes.push({ case: c, got, agencyRight, serviceRight, score: got[0]?.score ?? 0 });
  }
  return { ...all, byStyle, outcomes, misses: outcomes.filter((o) => !o.agencyRight) };
}

export interface CalibrationRow {
  from: number;
  to: number;
  n: number;
  meanScore: number;
  /** Share of these first suggestions whose agency was right. */
  accuracy: number;
}

/** First suggestions grouped by score: a calibrated score matches the accuracy of its bin. */
export function calibration(outcomes: Outcome[], bins = 10): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = outcomes.filter((o) => o.got.length && o.score >= from && (b === bins - 1 ? o.score <= to : o.score < to));
    rows.push({
      from,
      to,
      n: inBin.length,
      meanScore: inBin.length ? inBin.reduce((s, o) => s + o.score, 0) / inBin.length : 0,
      accuracy: inBin.length ? inBin.filter((o) => o.agencyRight).length / inBin.length : 0,
    });
  }
  return rows;
}

export interface CurvePoint {
  threshold: number;
  /** Share of all complaints sent to the triage queue (no suggestion or below threshold). */
  triageRate: number;
  /** Share of automatic routes whose agency is right. */
  precision: number;
  /** Share of automatic routes whose agency and service are right. */
  servicePrecision: number;
}

/** What each threshold would do: how many go to triage, how many automatic routes are right. */
export function triageCurve(outcomes: Outcome[], thresholds: number[]): CurvePoint[] {
  return thresholds.map((threshold) => {
    const auto = outcomes.filter((o) => o.got.length && o.score >= threshold);
    return {
      threshold,
      triageRate: outcomes.length ? 1 - auto.length / outcomes.length : 0,
      precision: auto.length ? auto.filter((o) => o.agencyRight).length / auto.length : 1,
      servicePrecision: auto.length ? auto.filter((o) => o.serviceRight).length / auto.length : 1,
    };
  });
}

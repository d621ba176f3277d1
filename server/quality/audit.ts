// The national unit's quality audit (seed 002 §5.3: "accuracy and quality: an accurate
// and complete answer from the first assignment"; §5.5.6: "accuracy of information").
// The citizens' ratings say whether they felt helped; they cannot say whether the answer
// was correct under the regulations. So each quarter the unit draws a sample of closed
// cases per agency and a reviewer scores each on a small rubric. Pure: the rubric, the
// quarter, the reproducible sample and the parsing of a score form. The SQL is in
// server/quality/store.ts; the KPIs over the scores are in server/kpi/definitions.ts.

import { createHash } from "node:crypto";
import { AUDIT_SAMPLE_SIZE } from "../policy.ts";

/** Four criteria, each 0 (no), 1 (partly) or 2 (yes). */
export const CRITERIA = ["addressed", "correct", "clear", "complete"] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Scores = Record<Criterion, 0 | 1 | 2>;
export const MAX_PER_CRITERION = 2;
export const MAX_POINTS = CRITERIA.length * MAX_PER_CRITERION;

/** Kinds whose close carries an answer worth auditing: praise is only acknowledged. */
export const AUDITED_KINDS = ["complaint", "inquiry", "suggestion", "report"] as const;
/** Closes that answered something: withdrawn, duplicate and auto-closed ones did not. */
export const AUDITED_OUTCOMES = ["resolved", "partially_resolved", "not_resolvable", "answered"] as const;

const PERIOD = /^(\d{4})-Q([1-4])$/;

/** "2026-Q4" → its local dates, inclusive; null when it is not a quarter. */
export function quarterDates(period: string): { from: string; to: string } | null {
  const m = PERIOD.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const start = (Number(m[2]) - 1) * 3 + 1;
  const last = new Date(Date.UTC(year, start + 2, 0)).getUTCDate();
  const mm = (x: number) => String(x).padStart(2, "0");
  return { from: `${year}-${mm(start)}-01`, to: `${year}-${mm(start + 2)}-${last}` };
}

/** The quarter a local date falls in. */
export function quarterOfDate(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The order a candidate is drawn in: a hash of the quarter and the case's id. The ids
 * are random, so the sample is random, and anyone can draw it again and get the same
 * cases (no seed to keep, no agency can predict or steer which of its cases are read).
 */
export function drawKey(period: string, id: string): string {
  return createHash("sha256").update(`${period}|${id}`).digest("hex");
}

/**
 * Which candidates to add so each agency has `n` in the sample (or all it has): the
 * first by drawKey that are not already in it. Drawing again later in the quarter tops
 * an agency up from the closes since; the cases already drawn stay.
 */
export function drawSample<C extends { id: string; agencyCode: string }>(
  candidates: readonly C[],
  period: string,
  n: number = AUDIT_SAMPLE_SIZE,
  already: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): C[] {
  const byAgency = new Map<string, { c: C; key: string }[]>();
  for (const c of candidates) {
    if (already.get(c.agencyCode)?.has(c.id)) continue;
    const list = byAgency.get(c.agencyCode) ?? [];
    list.push({ c, key: drawKey(period, c.id) });
    byAgency.set(c.agencyCode, list);
  }
  const out: C[] = [];
  for (const [agency, list] of [...byAgency.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const room = Math.max(0, n - (already.get(agency)?.size ?? 0));
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out.push(...list.slice(0, room).map((x) => x.c));
  }
  return out;
}

/** The sample size the unit asked for: 1–100, else the default; null for nonsense. */
export function sampleSize(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return AUDIT_SAMPLE_SIZE;
  if (!/^\d{1,3}$/.test(raw.trim())) return null;
  const n = Number(raw);
  return n >= 1 && n <= 100 ? n : null;
}

export type ScoreForm =
  { ok: true; scores: Scores; note: string | null } | { ok: false; errors: Partial<Record<Criterion | "note", string>> };

/** A reviewer's form: every criterion 0, 1 or 2; a note of at most 1000 characters. */
export function parseScores(fields: Record<string, string | undefined>): ScoreForm {
  const errors: Partial<Record<Criterion | "note", string>> = {};
  const scores: Partial<Scores> = {};
  for (const c of CRITERIA) {
    const v = (fields[c] ?? "").trim();
    if (v === "") errors[c] = "required";
    else if (!/^[012]$/.test(v)) errors[c] = "invalid";
    else scores[c] = Number(v) as 0 | 1 | 2;
  }
  const note = (fields.note ?? "").trim();
  if (note.length > 1000) errors.note = "too_long";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, scores: scores as Scores, note: note || null };
}

/** One case's score as a share of the most it could get (0–1). */
export function scoreShare(s: Scores): number {
  return CRITERIA.reduce((a, c) => a + s[c], 0) / MAX_POINTS;
}

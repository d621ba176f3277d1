// The quality audit's SQL: the closes a quarter's sample is drawn from, the sample with
// its cases, a reviewer's score, and the scored totals the quality KPIs read. The rules
// (rubric, draw, form) are pure in server/quality/audit.ts.

import { and, asc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints, qualityAudits } from "../../schema/index.ts";
import type { AuditTotals } from "../kpi/definitions.ts";
import { AUDITED_KINDS, AUDITED_OUTCOMES, drawSample, type Scores } from "./audit.ts";

/**
 * Draws the quarter's sample (`from`/`to`: the quarter's instants): the closed cases of
 * each agency closed in it, up to `n` per agency counting those already drawn. Returns
 * how many were added. Concurrent draws add each case once (the unique index).
 */
export async function drawQuarter(db: Db, period: string, from: Date, to: Date, n: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({
        id: complaints.id,
        agencyCode: sql<string>`${complaints.agencyCode}`,
        kind: complaints.kind,
        closedAt: complaints.closedAt,
      })
      .from(complaints)
      .where(
        and(
          eq(complaints.status, "closed"),
          inArray(complaints.kind, [...AUDITED_KINDS]),
          inArray(complaints.outcome, [...AUDITED_OUTCOMES]),
          isNotNull(complaints.agencyCode),
          gte(complaints.closedAt, from),
          lt(complaints.closedAt, to),
        ),
      );
    const existing = await tx
      .select({ agencyCode: qualityAudits.agencyCode, complaintId: qualityAudits.complaintId })
      .from(qualityAudits)
      .where(eq(qualityAudits.period, period));
    const already = new Map<string, Set<string>>();
    for (const e of existing) (already.get(e.agencyCode) ?? already.set(e.agencyCode, new Set()).get(e.agencyCode)!).add(e.complaintId);
    const picked = drawSample(candidates, period, n, already);
    if (!picked.length) return 0;
    const added = await tx
      .insert(qualityAudits)
      .values(
        picked.map((c) => ({ period, agencyCode: c.agencyCode, complaintId: c.id, kind: c.kind, closedAt: c.closedAt!, sampledAt: now })),
      )
      .onConflictDoNothing()
      .returning({ id: qualityAudits.id });
    return added.length;
  });
}

export interface AuditRow {
  id: string;
  reference: string;
  agencyCode: string;
  serviceCode: string | null;
  kind: string;
  closedAt: Date;
  outcome: string | null;
  resolution: string | null;
  scores: Scores | null;
  note: string | null;
  scoredAt: Date | null;
}

const rowColumns = {
  id: qualityAudits.id,
  reference: complaints.reference,
  agencyCode: qualityAudits.agencyCode,
  serviceCode: complaints.serviceCode,
  kind: qualityAudits.kind,
  closedAt: qualityAudits.closedAt,
  outcome: complaints.outcome,
  resolution: complaints.resolution,
  addressed: qualityAudits.addressed,
  correct: qualityAudits.correct,
  clear: qualityAudits.clear,
  complete: qualityAudits.complete,
  note: qualityAudits.note,
  scoredAt: qualityAudits.scoredAt,
};

function toRow(r: {
  id: string;
  reference: string;
  agencyCode: string;
  serviceCode: string | null;
  kind: string;
  closedAt: Date;
  outcome: string | null;
  resolution: string | null;
  addressed: number | null;
  correct: number | null;
  clear: number | null;
  complete: number | null;
  note: string | null;
  scoredAt: Date | null;
}): AuditRow {
  const { addressed, correct, clear, complete, ...rest } = r;
  const scores =
    r.scoredAt && addressed !== null && correct !== null && clear !== null && complete !== null
      ? ({ addressed, correct, clear, complete } as Scores)
      : null;
  return { ...rest, scores };
}

/** The quarter's sample, by agency then close time. */
export async function auditSample(db: Db, period: string): Promise<AuditRow[]> {
  const rows = await db
    .select(rowColumns)
    .from(qualityAudits)
    .innerJoin(complaints, eq(complaints.id, qualityAudits.complaintId))
    .where(eq(qualityAudits.period, period))
    .orderBy(asc(qualityAudits.agencyCode), asc(qualityAudits.closedAt), asc(qualityAudits.id));
  return rows.map(toRow);
}

/** Records (or corrects) a reviewer's score; null when there is no such sampled case. */
export async function scoreAudit(
  db: Db,
  id: string,
  s: { scores: Scores; note: string | null },
  reviewerId: string,
  now: Date,
): Promise<AuditRow | null> {
  const updated = await db
    .update(qualityAudits)
    .set({ ...s.scores, note: s.note, reviewerId, scoredAt: now })
    .where(eq(qualityAudits.id, id))
    .returning({ id: qualityAudits.id });
  if (!updated.length) return null;
  const [row] = await db
    .select(rowColumns)
    .from(qualityAudits)
    .innerJoin(complaints, eq(complaints.id, qualityAudits.complaintId))
    .where(eq(qualityAudits.id, id));
  return row ? toRow(row) : null;
}

/**
 * The scored audits of closes in [from, to), per agency and kind: the inputs of the
 * quality and accuracy KPIs. A case is counted in the period of the close that was sampled.
 */
export async function auditTotals(db: Db, from: Date, to: Date): Promise<Map<string, Record<string, AuditTotals>>> {
  const rows = await db
    .select({
      agencyCode: qualityAudits.agencyCode,
      kind: qualityAudits.kind,
      n: sql<number>`count(*)::int`,
      addressed: sql<number>`coalesce(sum(${qualityAudits.addressed}), 0)::int`,
      correct: sql<number>`coalesce(sum(${qualityAudits.correct}), 0)::int`,
      clear: sql<number>`coalesce(sum(${qualityAudits.clear}), 0)::int`,
      complete: sql<number>`coalesce(sum(${qualityAudits.complete}), 0)::int`,
    })
    .from(qualityAudits)
    .where(and(isNotNull(qualityAudits.scoredAt), gte(qualityAudits.closedAt, from), lt(qualityAudits.closedAt, to)))
    .groupBy(qualityAudits.agencyCode, qualityAudits.kind);
  const out = new Map<string, Record<string, AuditTotals>>();
  for (const { agencyCode, kind, ...t } of rows) {
    const m = out.get(agencyCode) ?? {};
    m[kind] = t;
    out.set(agencyCode, m);
  }
  return out;
}

/** One sampled case with its quarter; null when there is none with that id. */
export async function auditRow(db: Db, id: string): Promise<(AuditRow & { period: string }) | null> {
  const [row] = await db
    .select({ ...rowColumns, period: qualityAudits.period })
    .from(qualityAudits)
    .innerJoin(complaints, eq(complaints.id, qualityAudits.complaintId))
    .where(eq(qualityAudits.id, id));
  if (!row) return null;
  const { period, ...rest } = row;
  return { ...toRow(rest), period };
}

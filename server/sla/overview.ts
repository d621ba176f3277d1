// The due-soon and overdue picture: per agency for the national unit, for one agency
// for its supervisor. Counts only open complaints; the clock is paused for those
// waiting on the citizen, so they are never overdue here.

import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, complaints } from "../../schema/index.ts";

export interface AgencySla {
  agencyCode: string;
  nameAr: string;
  nameEn: string;
  open: number;
  dueSoon: number;
  overdue: number;
  undecided: number;
  level1: number;
  level2: number;
  level3: number;
}

export async function slaOverview(db: Db, now: Date, soon: Date, agencyCode?: string): Promise<AgencySla[]> {
  const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const active = sql`${complaints.status} in ('routed', 'in_progress')`;
  const rows = await db
    .select({
      agencyCode: agencies.code,
      nameAr: agencies.nameAr,
      nameEn: agencies.nameEn,
      open: sql<number>`count(${complaints.id})`.mapWith(Number),
      dueSoon: sql<number>`count(*) filter (where ${active} and ${complaints.actionDueAt} >= ${iso(now)} and ${complaints.actionDueAt} <= ${iso(soon)})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${active} and ${complaints.actionDueAt} < ${iso(now)})`.mapWith(Number),
      undecided: sql<number>`count(*) filter (where ${complaints.status} = 'routed' and ${complaints.actionDueAt} < ${iso(now)})`.mapWith(Number),
      level1: sql<number>`count(*) filter (where ${complaints.escalationLevel} = 1)`.mapWith(Number),
      level2: sql<number>`count(*) filter (where ${complaints.escalationLevel} = 2)`.mapWith(Number),
      level3: sql<number>`count(*) filter (where ${complaints.escalationLevel} = 3)`.mapWith(Number),
    })
    .from(agencies)
    .leftJoin(complaints, and(eq(complaints.agencyCode, agencies.code), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])))
    .where(agencyCode ? eq(agencies.code, agencyCode) : undefined)
    .groupBy(agencies.code, agencies.nameAr, agencies.nameEn)
    .orderBy(sql`count(*) filter (where ${active} and ${complaints.actionDueAt} < ${iso(now)}) desc`, asc(agencies.code));
  return rows;
}

/** The most overdue open complaints, oldest deadline first. */
export async function mostOverdue(db: Db, now: Date, agencyCode?: string, limit = 50) {
  return db
    .select({ reference: complaints.reference, agencyCode: complaints.agencyCode, status: complaints.status, title: complaints.title, text: sql<string>`left(${complaints.text}, 120)`.mapWith(complaints.text), due: complaints.actionDueAt, level: complaints.escalationLevel })
    .from(complaints)
    .where(and(inArray(complaints.status, ["routed", "in_progress"]), lt(complaints.actionDueAt, now), agencyCode ? eq(complaints.agencyCode, agencyCode) : undefined))
    .orderBy(asc(complaints.actionDueAt))
    .limit(limit);
}

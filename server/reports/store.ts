// The digital reports capability's SQL. The use cases (reports.ts) check who may do
// what and decide; these read and write the rows, in the caller's transaction when
// given one.

import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db.ts";
import { directoryNames } from "../directory/names.ts";
import {
  agencies,
  citizens,
  complaintEvents,
  complaints,
  digitalReports,
  reportEvents,
  reportFollowups,
  reportSlaEvents,
  satisfaction,
  services,
  staffRoles,
  staffUsers,
} from "../../schema/index.ts";

export type ComplaintRow = typeof complaints.$inferSelect;
export type ReportRow = typeof digitalReports.$inferSelect;
export type NewReport = typeof digitalReports.$inferInsert;
export type ReportPatch = Partial<NewReport>;

const OPEN = ["open", "awaiting_agency"] as const;

export async function citizenComplaint(db: Db, citizenId: string, reference: string): Promise<ComplaintRow | null> {
  const [c] = await db
    .select()
    .from(complaints)
    .where(and(eq(complaints.reference, reference), eq(complaints.citizenId, citizenId)));
  return c ?? null;
}

export async function complaintRow(db: Db, id: string): Promise<ComplaintRow | null> {
  const [c] = await db.select().from(complaints).where(eq(complaints.id, id));
  return c ?? null;
}

/** What escalation eligibility needs besides the complaint: last visible news, latest rating, an open report. */
export async function escalationFacts(db: Db, complaintId: string) {
  const [last] = await db
    .select({ at: sql<Date>`max(${complaintEvents.at})`.mapWith((v) => new Date(v)) })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaintId), eq(complaintEvents.visibleToCitizen, true)));
  const [rating] = await db
    .select({ resolved: satisfaction.resolved, stars: satisfaction.stars })
    .from(satisfaction)
    .where(eq(satisfaction.complaintId, complaintId))
    .orderBy(desc(satisfaction.invitedAt))
    .limit(1);
  const [open] = await db
    .select({ id: digitalReports.id })
    .from(digitalReports)
    .where(and(eq(digitalReports.complaintId, complaintId), inArray(digitalReports.status, [...OPEN])));
  return { lastVisibleAt: last?.at ?? null, rating: rating ?? null, openReport: !!open };
}

export async function reportByClientKey(db: Db, citizenId: string, clientKey: string): Promise<ReportRow | null> {
  const [r] = await db
    .select()
    .from(digitalReports)
    .where(and(eq(digitalReports.citizenId, citizenId), eq(digitalReports.clientKey, clientKey)));
  return r ?? null;
}

export async function activeService(db: Db, agencyCode: string, code: string): Promise<{ agencyCode: string; code: string } | null> {
  const [s] = await db
    .select({ agencyCode: services.agencyCode, code: services.code })
    .from(services)
    .where(and(eq(services.agencyCode, agencyCode), eq(services.code, code), eq(services.active, true)));
  return s ?? null;
}

export async function citizenContact(db: Db, citizenId: string) {
  const [p] = await db
    .select({ mobile: citizens.mobile, email: citizens.email, lang: citizens.lang, notifyBy: citizens.notifyBy })
    .from(citizens)
    .where(eq(citizens.id, citizenId));
  return p ?? null;
}

/** The new report, or null when the same form key was filed meanwhile. */
export async function insertReport(tx: Db, values: NewReport): Promise<ReportRow | null> {
  const [r] = await tx
    .insert(digitalReports)
    .values(values)
    .onConflictDoNothing({ target: [digitalReports.citizenId, digitalReports.clientKey] })
    .returning();
  return r ?? null;
}

export async function addReportEvent(tx: Db, e: typeof reportEvents.$inferInsert): Promise<void> {
  await tx.insert(reportEvents).values(e);
}

export async function citizenReports(db: Db, citizenId: string) {
  return db
    .select({
      reference: digitalReports.reference,
      type: digitalReports.type,
      status: digitalReports.status,
      dueAt: digitalReports.dueAt,
      createdAt: digitalReports.createdAt,
    })
    .from(digitalReports)
    .where(eq(digitalReports.citizenId, citizenId))
    .orderBy(desc(digitalReports.createdAt))
    .limit(100);
}

/** A report with its complaint's reference, its agency's name, its timeline and the unit's questions. */
export async function reportWithContext(db: Db, by: { reference: string; citizenId?: string }) {
  const where: SQL = by.citizenId
    ? and(eq(digitalReports.reference, by.reference), eq(digitalReports.citizenId, by.citizenId))!
    : eq(digitalReports.reference, by.reference);
  const [[row], names] = await Promise.all([
    db
      .select({ r: digitalReports, complaintRef: complaints.reference })
      .from(digitalReports)
      .leftJoin(complaints, eq(complaints.id, digitalReports.complaintId))
      .where(where),
    directoryNames(db),
  ]);
  if (!row) return null;
  const agency = names.agency(row.r.agencyCode);
  const events = await db.select().from(reportEvents).where(eq(reportEvents.reportId, row.r.id)).orderBy(asc(reportEvents.id));
  const followups = await db
    .select()
    .from(reportFollowups)
    .where(eq(reportFollowups.reportId, row.r.id))
    .orderBy(asc(reportFollowups.askedAt));
  return {
    ...row.r,
    complaintRef: row.complaintRef,
    agency: { ar: agency?.ar ?? row.r.agencyCode, en: agency?.en ?? row.r.agencyCode },
    events,
    followups,
  };
}
export type ReportView = NonNullable<Awaited<ReturnType<typeof reportWithContext>>>;

/** Open reports, soonest due first (overdue on top). */
export async function openReports(db: Db, limit: number) {
  return db
    .select({
      reference: digitalReports.reference,
      type: digitalReports.type,
      status: digitalReports.status,
      agencyCode: digitalReports.agencyCode,
      dueAt: digitalReports.dueAt,
      text: sql<string>`left(${digitalReports.text}, 140)`.mapWith(digitalReports.text),
      createdAt: digitalReports.createdAt,
    })
    .from(digitalReports)
    .where(inArray(digitalReports.status, [...OPEN]))
    .orderBy(asc(digitalReports.dueAt))
    .limit(limit);
}

/** Questions from the unit waiting for these agencies' answers. */
export async function unansweredFollowups(db: Db, agencyCodes: string[]) {
  return db
    .select({
      id: reportFollowups.id,
      question: reportFollowups.question,
      askedAt: reportFollowups.askedAt,
      dueAt: reportFollowups.dueAt,
      agencyCode: reportFollowups.agencyCode,
      reference: digitalReports.reference,
      text: digitalReports.text,
      complaintRef: complaints.reference,
    })
    .from(reportFollowups)
    .innerJoin(digitalReports, eq(digitalReports.id, reportFollowups.reportId))
    .leftJoin(complaints, eq(complaints.id, digitalReports.complaintId))
    .where(and(inArray(reportFollowups.agencyCode, agencyCodes), isNull(reportFollowups.answeredAt)))
    .orderBy(asc(reportFollowups.dueAt));
}

export async function reportByReference(db: Db, reference: string): Promise<ReportRow | null> {
  const [r] = await db.select().from(digitalReports).where(eq(digitalReports.reference, reference));
  return r ?? null;
}

export async function reportById(db: Db, id: string): Promise<ReportRow | null> {
  const [r] = await db.select().from(digitalReports).where(eq(digitalReports.id, id));
  return r ?? null;
}

/** Applies `patch` and a new version if the report is still at `version`: false when someone was faster. */
export async function bumpReport(tx: Db, id: string, version: number, patch: ReportPatch, now: Date): Promise<boolean> {
  const [u] = await tx
    .update(digitalReports)
    .set({ ...patch, version: sql`${digitalReports.version} + 1`, updatedAt: now })
    .where(and(eq(digitalReports.id, id), eq(digitalReports.version, version)))
    .returning({ id: digitalReports.id });
  return !!u;
}

export async function addFollowup(tx: Db, f: typeof reportFollowups.$inferInsert): Promise<void> {
  await tx.insert(reportFollowups).values(f);
}

export async function complaintReference(tx: Db, id: string): Promise<string | null> {
  const [c] = await tx.select({ reference: complaints.reference }).from(complaints).where(eq(complaints.id, id));
  return c?.reference ?? null;
}

export async function followupById(db: Db, id: string) {
  const [f] = await db.select().from(reportFollowups).where(eq(reportFollowups.id, id));
  return f ?? null;
}

/** Records the agency's answer once: false when it was answered meanwhile. */
export async function answerFollowupRow(tx: Db, id: string, answer: string, staffId: string, now: Date): Promise<boolean> {
  const [u] = await tx
    .update(reportFollowups)
    .set({ answer, answeredBy: staffId, answeredAt: now })
    .where(and(eq(reportFollowups.id, id), isNull(reportFollowups.answeredAt)))
    .returning({ id: reportFollowups.id });
  return !!u;
}

export async function pendingFollowupCount(tx: Db, reportId: string): Promise<number> {
  return (
    await tx
      .select({ id: reportFollowups.id })
      .from(reportFollowups)
      .where(and(eq(reportFollowups.reportId, reportId), isNull(reportFollowups.answeredAt)))
  ).length;
}

/** Back to the reviewer once every question is answered. */
export async function reopenForReviewer(tx: Db, reportId: string, now: Date): Promise<void> {
  await tx
    .update(digitalReports)
    .set({ status: "open", version: sql`${digitalReports.version} + 1`, updatedAt: now })
    .where(eq(digitalReports.id, reportId));
}

/** The citizen's one rating of a closed report: false when not closed, not theirs, or rated already. */
export async function rateReportRow(
  db: Db,
  citizenId: string,
  reference: string,
  v: { resolved: "yes" | "partly" | "no"; stars: number },
  now: Date,
): Promise<boolean> {
  const [u] = await db
    .update(digitalReports)
    .set({ ratingResolved: v.resolved, ratingStars: v.stars, ratedAt: now })
    .where(
      and(
        eq(digitalReports.reference, reference),
        eq(digitalReports.citizenId, citizenId),
        eq(digitalReports.status, "closed"),
        isNull(digitalReports.ratedAt),
      ),
    )
    .returning({ id: digitalReports.id });
  return !!u;
}

// --- the unit's own deadline (server/jobs/report-sla.ts) ---------------------------

/** Open reports, locked for the tick; SKIP LOCKED: another instance takes the others. */
export async function claimOpenReports(tx: Db): Promise<ReportRow[]> {
  return tx
    .select()
    .from(digitalReports)
    .where(inArray(digitalReports.status, [...OPEN]))
    .for("update", { skipLocked: true });
}

export async function followupsOf(tx: Db, reportId: string) {
  return tx.select().from(reportFollowups).where(eq(reportFollowups.reportId, reportId));
}

export async function firedReportKeys(tx: Db, reportId: string): Promise<Set<string>> {
  const rows = await tx.select({ key: reportSlaEvents.key }).from(reportSlaEvents).where(eq(reportSlaEvents.reportId, reportId));
  return new Set(rows.map((x) => x.key));
}

/** Claims one deadline event: false when it fired already (the unique key: exactly once). */
export async function claimReportEvent(tx: Db, reportId: string, e: { key: string; kind: string; at: Date }, now: Date): Promise<boolean> {
  const [claimed] = await tx
    .insert(reportSlaEvents)
    .values({ reportId, key: e.key, kind: e.kind, dueAt: e.at, firedAt: now })
    .onConflictDoNothing()
    .returning({ id: reportSlaEvents.id });
  return !!claimed;
}

export async function reviewerEmails(tx: Db): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ email: staffUsers.email })
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
    .where(and(eq(staffUsers.active, true), eq(staffRoles.role, "reviewer")));
  return rows.map((r) => r.email);
}

/** The agency's first escalation contact (the one chased for an unanswered question). */
export async function firstEscalationContact(tx: Db, agencyCode: string): Promise<{ email: string } | null> {
  const [a] = await tx.select({ escalation: agencies.escalation }).from(agencies).where(eq(agencies.code, agencyCode));
  return a?.escalation[0] ?? null;
}

/** Open reports' deadlines, locked for the re-planning job (server/jobs/replan.ts). */
export async function openReportDeadlines(tx: Db) {
  return tx
    .select({
      id: digitalReports.id,
      reference: digitalReports.reference,
      citizenId: digitalReports.citizenId,
      createdAt: digitalReports.createdAt,
      dueAt: digitalReports.dueAt,
    })
    .from(digitalReports)
    .where(inArray(digitalReports.status, [...OPEN]))
    .orderBy(asc(digitalReports.createdAt))
    .for("update");
}

/** The unit's unanswered questions to agencies on open reports. */
export async function openFollowupDeadlines(tx: Db) {
  return tx
    .select({ id: reportFollowups.id, askedAt: reportFollowups.askedAt, dueAt: reportFollowups.dueAt })
    .from(reportFollowups)
    .innerJoin(digitalReports, eq(digitalReports.id, reportFollowups.reportId))
    .where(and(isNull(reportFollowups.answeredAt), inArray(digitalReports.status, [...OPEN])))
    .for("update", { of: reportFollowups });
}

export async function moveReportDue(tx: Db, id: string, dueAt: Date): Promise<void> {
  await tx.update(digitalReports).set({ dueAt }).where(eq(digitalReports.id, id));
}

export async function moveFollowupDue(tx: Db, id: string, dueAt: Date): Promise<void> {
  await tx.update(reportFollowups).set({ dueAt }).where(eq(reportFollowups.id, id));
}

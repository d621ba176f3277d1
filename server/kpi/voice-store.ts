// The voice-of-the-beneficiary page's SQL: digital reports of a period grouped for the
// pure figures (voice.ts), the ratings answered in it, and the quotes (voice_quotes).

import { and, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { citizens, complaints, digitalReports, satisfaction, staffUsers, voiceQuotes } from "../../schema/index.ts";
import type { ReportGroup, VoteGroup } from "./voice.ts";

/** Reports filed in [from, to), grouped; closed ones carry their calendar days from filing to closing. */
export async function reportGroups(db: Db, from: Date, to: Date): Promise<ReportGroup[]> {
  const closed = sql<boolean>`(${digitalReports.closedAt} is not null)`;
  const rows = await db
    .select({
      type: digitalReports.type,
      agencyCode: digitalReports.agencyCode,
      ground: digitalReports.ground,
      technicalFault: digitalReports.technicalFault,
      closed,
      n: sql<number>`count(*)::int`,
      days: sql<number>`coalesce(sum(extract(epoch from ${digitalReports.closedAt} - ${digitalReports.createdAt}) / 86400), 0)`.mapWith(
        Number,
      ),
    })
    .from(digitalReports)
    .where(and(gte(digitalReports.createdAt, from), lt(digitalReports.createdAt, to)))
    .groupBy(digitalReports.type, digitalReports.agencyCode, digitalReports.ground, digitalReports.technicalFault, closed);
  // postgres.js and PGlite both give booleans; the cast keeps a driver's "t"/"f" honest.
  return rows.map((r) => ({ ...r, closed: r.closed === true || (r.closed as unknown) === "t" }));
}

/** Ratings answered in [from, to): complaints' satisfaction answers and digital reports' ratings. */
export async function voteGroups(db: Db, from: Date, to: Date): Promise<VoteGroup[]> {
  const [c, r] = await Promise.all([
    db
      .select({ resolved: satisfaction.resolved, n: sql<number>`count(*)::int` })
      .from(satisfaction)
      .where(and(isNotNull(satisfaction.resolved), gte(satisfaction.answeredAt, from), lt(satisfaction.answeredAt, to)))
      .groupBy(satisfaction.resolved),
    db
      .select({ resolved: digitalReports.ratingResolved, n: sql<number>`count(*)::int` })
      .from(digitalReports)
      .where(and(isNotNull(digitalReports.ratingResolved), gte(digitalReports.ratedAt, from), lt(digitalReports.ratedAt, to)))
      .groupBy(digitalReports.ratingResolved),
  ]);
  return [
    ...c.map((x) => ({ source: "complaint" as const, resolved: x.resolved!, n: x.n })),
    ...r.map((x) => ({ source: "report" as const, resolved: x.resolved!, n: x.n })),
  ];
}

// --- quotes ------------------------------------------------------------------------

export type QuoteRow = typeof voiceQuotes.$inferSelect;

/** The four-part name as registered (the anonymiser removes it whole and part by part). */
const citizenName = sql<
  string | null
>`concat_ws(' ', ${citizens.firstName}, ${citizens.fatherName}, ${citizens.grandfatherName}, ${citizens.familyName})`;

/** A quote's source: its text, when it was filed, its agency, and the requester's names on record. */
export async function quoteSource(db: Db, reference: string) {
  if (reference.startsWith("DR-")) {
    const [r] = await db
      .select({
        id: digitalReports.id,
        text: digitalReports.text,
        at: digitalReports.createdAt,
        agencyCode: digitalReports.agencyCode,
        name: citizenName,
      })
      .from(digitalReports)
      .innerJoin(citizens, eq(citizens.id, digitalReports.citizenId))
      .where(eq(digitalReports.reference, reference));
    return r ? { kind: "report" as const, reference, ...r, names: r.name ? [r.name] : [] } : null;
  }
  const [c] = await db
    .select({
      id: complaints.id,
      text: complaints.text,
      at: complaints.createdAt,
      agencyCode: complaints.agencyCode,
      name: citizenName,
      contact: complaints.contact,
    })
    .from(complaints)
    .leftJoin(citizens, eq(citizens.id, complaints.citizenId))
    .where(eq(complaints.reference, reference));
  if (!c) return null;
  // Registered on a citizen's behalf (call centre, media): the name is the contact's.
  const names = [c.name, c.contact?.name].filter((x): x is string => !!x);
  return { kind: "complaint" as const, reference, id: c.id, text: c.text, at: c.at, agencyCode: c.agencyCode, names };
}

export async function quoteBySource(db: Db, kind: "report" | "complaint", sourceId: string): Promise<QuoteRow | null> {
  const [q] = await db
    .select()
    .from(voiceQuotes)
    .where(and(eq(voiceQuotes.sourceKind, kind), eq(voiceQuotes.sourceId, sourceId)));
  return q ?? null;
}

export async function quoteById(db: Db, id: string): Promise<QuoteRow | null> {
  const [q] = await db.select().from(voiceQuotes).where(eq(voiceQuotes.id, id));
  return q ?? null;
}

/** A new quote, or null when the same source was chosen meanwhile. */
export async function insertQuote(tx: Db, v: typeof voiceQuotes.$inferInsert): Promise<QuoteRow | null> {
  const [q] = await tx
    .insert(voiceQuotes)
    .values(v)
    .onConflictDoNothing({ target: [voiceQuotes.sourceKind, voiceQuotes.sourceId] })
    .returning();
  return q ?? null;
}

/** Applies `patch` if the quote is still at `version`: null when someone was faster. */
export async function bumpQuote(
  tx: Db,
  id: string,
  version: number,
  patch: Partial<typeof voiceQuotes.$inferInsert>,
  now: Date,
): Promise<QuoteRow | null> {
  const [q] = await tx
    .update(voiceQuotes)
    .set({ ...patch, version: sql`${voiceQuotes.version} + 1`, updatedAt: now })
    .where(and(eq(voiceQuotes.id, id), eq(voiceQuotes.version, version)))
    .returning();
  return q ?? null;
}

const quoteColumns = {
  id: voiceQuotes.id,
  sourceReference: voiceQuotes.sourceReference,
  agencyCode: voiceQuotes.agencyCode,
  text: voiceQuotes.text,
  status: voiceQuotes.status,
  receivedAt: voiceQuotes.receivedAt,
  chosenAt: voiceQuotes.chosenAt,
  publishedAt: voiceQuotes.publishedAt,
};

/** Quotes in these states whose source was filed in [from, to), oldest source first. */
export async function quotesIn(db: Db, states: QuoteRow["status"][], from: Date, to: Date) {
  return db
    .select(quoteColumns)
    .from(voiceQuotes)
    .where(and(inArray(voiceQuotes.status, states), gte(voiceQuotes.receivedAt, from), lt(voiceQuotes.receivedAt, to)))
    .orderBy(voiceQuotes.receivedAt, voiceQuotes.id);
}

/** Candidates of any period, the latest chosen first (the reviewer's worklist). */
export async function candidateQuotes(db: Db, limit: number) {
  return db
    .select(quoteColumns)
    .from(voiceQuotes)
    .where(eq(voiceQuotes.status, "candidate"))
    .orderBy(desc(voiceQuotes.chosenAt))
    .limit(limit);
}

export async function staffName(db: Db, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [s] = await db.select({ name: staffUsers.fullName }).from(staffUsers).where(eq(staffUsers.id, id));
  return s?.name ?? null;
}

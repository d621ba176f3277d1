// The complaints capability's read side: the rows the citizen's, the staff's and the
// tracking views are built from (queries.ts, staff-view.ts, track.ts decide what each
// reader may see), the account link and the inbox's "new" badge. Names come from the
// directory held in memory (directory/names.ts), switched-off agencies and services
// included: a complaint keeps the names it was handled under.

import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { directoryNames, namesOf } from "../directory/names.ts";
import {
  citizens,
  complaintAttachments,
  complaintEvents,
  complaints,
  personalDataViews,
  services,
  staffUsers,
} from "../../schema/index.ts";

/** A complaint with its agency's, service's and city's names and its service's deadlines. */
export async function complaintWithNames(db: Db, by: { reference: string; citizenId?: string } | { id: string }) {
  const where =
    "id" in by
      ? eq(complaints.id, by.id)
      : by.citizenId !== undefined
        ? and(eq(complaints.reference, by.reference), eq(complaints.citizenId, by.citizenId))
        : eq(complaints.reference, by.reference);
  const [[r], names] = await Promise.all([
    db
      .select({ c: complaints, sla: services.slaDays, jurisdictionDays: services.jurisdictionDays })
      .from(complaints)
      .leftJoin(services, and(eq(services.agencyCode, complaints.agencyCode), eq(services.code, complaints.serviceCode)))
      .where(where),
    directoryNames(db),
  ]);
  if (!r) return null;
  const { agency, service } = namesOf(names, r.c);
  const city = r.c.city ? names.city(r.c.city) : null;
  return {
    c: r.c,
    agency,
    service,
    city: city && { ar: city.ar, en: city.en },
    slaDays: r.sla,
    jurisdictionDays: r.jurisdictionDays,
  };
}

export async function citizenById(db: Db, id: string) {
  const [p] = await db.select().from(citizens).where(eq(citizens.id, id));
  return p ?? null;
}

/** Every look at a complainant's personal data is written down (seed 003). */
export async function logPersonalDataView(db: Db, staffId: string, complaintId: string, fields: string[], now: Date): Promise<void> {
  await db.insert(personalDataViews).values({ staffId, complaintId, fields, at: now });
}

/** Who saw a complaint's personal data: for the agency's supervisor and audits. */
export async function personalDataLog(db: Db, complaintId: string) {
  return db
    .select({ at: personalDataViews.at, fields: personalDataViews.fields, fullName: staffUsers.fullName })
    .from(personalDataViews)
    .innerJoin(staffUsers, eq(staffUsers.id, personalDataViews.staffId))
    .where(eq(personalDataViews.complaintId, complaintId))
    .orderBy(asc(personalDataViews.at));
}

/** The whole timeline, in written order, with the names of the staff who acted. */
export async function staffTimeline(db: Db, complaintId: string) {
  return db
    .select({ e: complaintEvents, actorName: staffUsers.fullName })
    .from(complaintEvents)
    .leftJoin(staffUsers, and(eq(complaintEvents.actorKind, "staff"), eq(staffUsers.id, complaintEvents.actorId)))
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(asc(complaintEvents.id));
}

/** The events the citizen sees, in written order. */
export async function publicTimeline(db: Db, complaintId: string) {
  return db
    .select({ type: complaintEvents.type, status: complaintEvents.toStatus, at: complaintEvents.at, data: complaintEvents.data })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaintId), eq(complaintEvents.visibleToCitizen, true)))
    .orderBy(asc(complaintEvents.id));
}

/** Every file of a complaint (staff in scope see all of them). */
export async function attachmentsOf(db: Db, complaintId: string) {
  return db
    .select({
      id: complaintAttachments.id,
      filename: complaintAttachments.filename,
      contentType: complaintAttachments.contentType,
      size: complaintAttachments.size,
      eventId: complaintAttachments.eventId,
    })
    .from(complaintAttachments)
    .where(eq(complaintAttachments.complaintId, complaintId))
    .orderBy(asc(complaintAttachments.createdAt));
}

/** One file with the agency of its complaint, for the caller's scope check. */
export async function attachmentWithAgency(db: Db, reference: string, id: string) {
  const [row] = await db
    .select({
      filename: complaintAttachments.filename,
      contentType: complaintAttachments.contentType,
      size: complaintAttachments.size,
      data: complaintAttachments.data,
      storageKey: complaintAttachments.storageKey,
      agencyCode: complaints.agencyCode,
    })
    .from(complaintAttachments)
    .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
    .where(and(eq(complaintAttachments.id, id), eq(complaints.reference, reference)));
  return row ?? null;
}

// A file reaches the citizen when it came with the filing or with a step the citizen
// sees (their answer, the agency's question, the close); never with an internal note.
const visibleFile = or(isNull(complaintAttachments.eventId), eq(complaintEvents.visibleToCitizen, true));

/** The files the citizen may see, with the step each came with. */
export async function citizenVisibleAttachments(db: Db, complaintId: string) {
  return db
    .select({
      id: complaintAttachments.id,
      filename: complaintAttachments.filename,
      contentType: complaintAttachments.contentType,
      size: complaintAttachments.size,
      eventType: complaintEvents.type,
    })
    .from(complaintAttachments)
    .leftJoin(complaintEvents, eq(complaintEvents.id, complaintAttachments.eventId))
    .where(and(eq(complaintAttachments.complaintId, complaintId), visibleFile))
    .orderBy(asc(complaintAttachments.createdAt));
}

/** An attachment of the citizen's own complaint, or null. Scoped in the query itself. */
export async function citizenAttachment(db: Db, citizenId: string, reference: string, id: string) {
  const [row] = await db
    .select({
      filename: complaintAttachments.filename,
      contentType: complaintAttachments.contentType,
      size: complaintAttachments.size,
      data: complaintAttachments.data,
      storageKey: complaintAttachments.storageKey,
    })
    .from(complaintAttachments)
    .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
    .leftJoin(complaintEvents, eq(complaintEvents.id, complaintAttachments.eventId))
    .where(and(eq(complaintAttachments.id, id), eq(complaints.reference, reference), eq(complaints.citizenId, citizenId), visibleFile));
  return row ?? null;
}

/** The citizen's own complaints, newest first. Scoped by citizen id in the query itself. */
export async function citizenComplaintRows(db: Db, citizenId: string, limit: number) {
  return db
    .select({
      reference: complaints.reference,
      kind: complaints.kind,
      status: complaints.status,
      title: complaints.title,
      agencyCode: complaints.agencyCode,
      createdAt: complaints.createdAt,
    })
    .from(complaints)
    .where(eq(complaints.citizenId, citizenId))
    .orderBy(desc(complaints.createdAt))
    .limit(limit);
}

/** What /track compares the typed mobile with: the contact staff recorded, or the account's. */
export async function trackTarget(db: Db, reference: string) {
  const [row] = await db
    .select({ id: complaints.id, contact: complaints.contact, accountMobile: citizens.mobile })
    .from(complaints)
    .leftJoin(citizens, eq(citizens.id, complaints.citizenId))
    .where(eq(complaints.reference, reference));
  return row ?? null;
}

/**
 * Links every unlinked, identity-verified complaint filed under `nationalId` to the
 * citizen, with an audit event each, in one transaction. Returns their ids and references.
 */
export async function linkUnlinked(db: Db, citizenId: string, nationalId: string, now: Date): Promise<{ id: string; reference: string }[]> {
  return db.transaction(async (tx) => {
    const linked = await tx
      .update(complaints)
      .set({ citizenId, updatedAt: now })
      // The expression matches complaints_unlinked_national_id_idx (migration 0010).
      .where(
        and(
          isNull(complaints.citizenId),
          eq(complaints.identityVerified, true),
          sql`(${complaints.contact}->>'nationalId') = ${nationalId}`,
        ),
      )
      .returning({ id: complaints.id, reference: complaints.reference });
    if (linked.length) {
      // An audit trail of who got which complaint, not something the citizen is told.
      await tx.insert(complaintEvents).values(
        linked.map((c) => ({
          complaintId: c.id,
          actorKind: "system" as const,
          type: "linked_to_account",
          data: { citizenId },
          visibleToCitizen: false,
          at: now,
        })),
      );
    }
    return linked;
  });
}

/**
 * The steps that hand an agency new work, each one the officer is also told of
 * (server/notify/agency.ts): it arrived (filed straight to the agency, or routed by the
 * unit's triage), the unit transferred it in, the citizen reopened it or answered the
 * agency's question, the unit followed up. The first three count for the agency they
 * named (the complaint may have moved on since); the others for the agency holding it.
 */
export const ARRIVAL_EVENTS = ["submitted", "routed_by_triage", "transferred"] as const;
export const RETURN_EVENTS = ["reopened", "answered", "pushed_back"] as const;

/**
 * The badge: open complaints of these agencies with new work since the officer last
 * opened the inbox, each counted once however many steps it had. Work already finished
 * (closed, withdrawn) or sent back to the unit's triage is not waiting for them.
 */
export async function newWorkCount(db: Db, staffId: string, agencyCodes: string[]): Promise<number> {
  if (agencyCodes.length === 0) return 0;
  const [me] = await db.select({ seen: staffUsers.inboxSeenAt }).from(staffUsers).where(eq(staffUsers.id, staffId));
  const since = me?.seen ? sql`and ${complaintEvents.at} > ${me.seen.toISOString()}::timestamptz` : sql``;
  const list = (types: readonly string[]) =>
    sql.join(
      types.map((t) => sql`${t}`),
      sql`, `,
    );
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(
      and(
        inArray(complaints.agencyCode, agencyCodes),
        inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"]),
        sql`exists (select 1 from ${complaintEvents} where ${complaintEvents.complaintId} = ${complaints.id} ${since}
          and (${complaintEvents.type} in (${list(RETURN_EVENTS)})
            or (${complaintEvents.type} in (${list(ARRIVAL_EVENTS)}) and ${complaintEvents.data}->>'agencyCode' = ${complaints.agencyCode})))`,
      ),
    );
  return r?.n ?? 0;
}

export async function markInboxSeen(db: Db, staffId: string, now: Date): Promise<void> {
  await db.update(staffUsers).set({ inboxSeenAt: now }).where(eq(staffUsers.id, staffId));
}

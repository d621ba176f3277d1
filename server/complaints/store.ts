// The complaints capability's SQL: what the use cases load before they decide (the
// pure modules lifecycle.ts, effects.ts, routing/decide.ts) and how they write what was
// decided. The intake's single-statement write lives in store-intake.ts.

import { and, asc, count, desc, eq, inArray, isNull, gt, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import {
  agencies,
  citizens,
  complaintAttachments,
  complaintEvents,
  complaints,
  satisfaction,
  services,
  staffRoles,
  staffUsers,
} from "../../schema/index.ts";
import { citizenChannel } from "../notify/recipient.ts";
import { enqueue } from "../notify/outbox.ts";
import { notifyAgency } from "../notify/agency.ts";
import { escalationHoursOf, firedKeys } from "../sla/state.ts";
import { agencyNamed, directoryNames, type DirectoryNames } from "../directory/names.ts";
import { DEFAULT_SLA_DAYS } from "../policy.ts";
import type { StoredFile } from "../attachments/storage.ts";
import type { Command } from "./commands.ts";
import type { Colleague } from "./second-look.ts";
import { parseReopenWindow, type Actor, type ReopenWindow } from "./lifecycle.ts";
import type { ComplaintChanges, Effects, Recipient, ServicePolicy, TransferTarget, TransitionFacts } from "./effects.ts";

export * from "./store-intake.ts";

export type ComplaintRow = typeof complaints.$inferSelect;

// --- the lifecycle ----------------------------------------------------------------

export async function complaintByReference(db: Db, reference: string): Promise<ComplaintRow | null> {
  const [c] = await db.select().from(complaints).where(eq(complaints.reference, reference));
  return c ?? null;
}

export async function complaintById(db: Db, id: string): Promise<ComplaintRow | null> {
  const [c] = await db.select().from(complaints).where(eq(complaints.id, id));
  return c ?? null;
}

/**
 * A media outlet's answer to the complaint's current closure: an `outlet_answered` event
 * written after the last event that moved the complaint into "closed" (by event id, so a
 * reply and a second close in the same instant are still told apart). An answer to an
 * earlier closure, before a reopen or a push back, does not count. For a query over
 * `complaints` (it names the outer row as "complaints"."id": drizzle writes a column of a
 * one-table select unqualified, which inside the subquery would mean the event's id).
 */
export const outletAnsweredCondition = () => sql<boolean>`exists (
  select 1 from complaint_events e
  where e.complaint_id = "complaints"."id" and e.type = 'outlet_answered'
    and e.id > coalesce((
      select max(x.id) from complaint_events x
      where x.complaint_id = "complaints"."id" and x.to_status = 'closed' and x.from_status is distinct from 'closed'
    ), 0)
)`;

export async function outletAnsweredThisClosure(db: Db, complaintId: string): Promise<boolean> {
  const [row] = await db
    .select({ answered: outletAnsweredCondition().mapWith(Boolean) })
    .from(complaints)
    .where(eq(complaints.id, complaintId));
  return row?.answered === true;
}

/** The service's policy for this complaint, read at the moment it is needed (an admin edit applies at once). */
export async function servicePolicy(
  db: Db,
  c: { agencyCode: string | null; serviceCode: string | null; kind: string },
): Promise<ServicePolicy> {
  if (!c.agencyCode || !c.serviceCode) return { sla: DEFAULT_SLA_DAYS, clockStart: "receipt", reopenWindow: null };
  const [s] = await db
    .select({ sla: services.slaDays, clockStart: services.clockStart, reopenWindow: services.reopenWindow })
    .from(services)
    .where(and(eq(services.agencyCode, c.agencyCode), eq(services.code, c.serviceCode)));
  return {
    sla: s?.sla[c.kind] ?? DEFAULT_SLA_DAYS,
    clockStart: s?.clockStart ?? "receipt",
    reopenWindow: s?.reopenWindow ? parseReopenWindow(s.reopenWindow) : null,
  };
}

/** An active service of an active agency, with what routing a complaint there needs. */
export async function activeService(db: Db, agencyCode: string, serviceCode: string): Promise<TransferTarget | null> {
  const [s] = await db
    .select({ s: services })
    .from(services)
    .innerJoin(agencies, eq(agencies.code, services.agencyCode))
    .where(and(eq(services.agencyCode, agencyCode), eq(services.code, serviceCode), eq(services.active, true), eq(agencies.active, true)));
  if (!s) return null;
  const { kinds, jurisdictionDays, complexity, importance, actionType } = s.s;
  return { agencyCode, serviceCode, kinds, jurisdictionDays, complexity, importance, actionType };
}

/** "AGENCY/SERVICE" as a transfer names it. */
async function transferTarget(db: Db, pair: string): Promise<TransferTarget | null> {
  const [agencyCode, serviceCode] = pair.split("/");
  return agencyCode && serviceCode ? activeService(db, agencyCode, serviceCode) : null;
}

/** An active service (its agency may be switched off): what an agency may suggest on rejecting. */
async function serviceExists(db: Db, pair: string): Promise<{ agencyCode: string; serviceCode: string } | null> {
  const [agencyCode, serviceCode] = pair.split("/");
  if (!agencyCode || !serviceCode) return null;
  const [s] = await db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.agencyCode, agencyCode), eq(services.code, serviceCode), eq(services.active, true)));
  return s ? { agencyCode, serviceCode } : null;
}

/** Active staff holding an agency role in this agency: the only people work can go to. */
export async function agencyStaff(db: Db, agencyCode: string) {
  return db
    .selectDistinct({ id: staffUsers.id, fullName: staffUsers.fullName, email: staffUsers.email })
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
    .where(
      and(eq(staffUsers.active, true), eq(staffRoles.agencyCode, agencyCode), inArray(staffRoles.role, ["liaison", "agency_supervisor"])),
    )
    .orderBy(staffUsers.fullName);
}

/** The agency's staff with how many unfinished complaints each holds. */
async function colleaguesWithLoad(db: Db, agencyCode: string): Promise<Colleague[]> {
  const people = await agencyStaff(db, agencyCode);
  if (people.length === 0) return [];
  const load = await db
    .select({ id: complaints.assignedTo, open: count() })
    .from(complaints)
    .where(
      and(
        inArray(
          complaints.assignedTo,
          people.map((p) => p.id),
        ),
        inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"]),
      ),
    )
    .groupBy(complaints.assignedTo);
  const open = new Map(load.map((r) => [r.id, r.open]));
  return people.map((p) => ({ id: p.id, fullName: p.fullName, open: open.get(p.id) ?? 0 }));
}

/** The officer whose close is being reopened; null when the system closed it. */
async function closedBy(db: Db, complaintId: string): Promise<string | null> {
  const [last] = await db
    .select({ kind: complaintEvents.actorKind, id: complaintEvents.actorId })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaintId), eq(complaintEvents.type, "closed")))
    .orderBy(desc(complaintEvents.id))
    .limit(1);
  return last?.kind === "staff" ? last.id : null;
}

/** Where the citizen hears about it: their account's channel, or the contact staff recorded. */
export async function recipient(db: Db, c: Pick<ComplaintRow, "citizenId" | "notifyBy" | "contact">): Promise<Recipient | null> {
  if (c.citizenId) {
    const [p] = await db
      .select({ mobile: citizens.mobile, email: citizens.email, lang: citizens.lang })
      .from(citizens)
      .where(eq(citizens.id, c.citizenId));
    if (!p) return null;
    return citizenChannel(p, c.notifyBy);
  }
  // A partner's filing (Open311) may give an email instead of a mobile: it asked for email then.
  const lang = c.contact?.lang ?? "ar";
  if (c.notifyBy === "email" && c.contact?.email) return { channel: "email", recipient: c.contact.email, lang };
  return c.contact?.mobile ? { channel: "sms", recipient: c.contact.mobile, lang } : null;
}

const NOTIFIES = new Set<Command["action"]>(["accept", "request_info", "close", "auto_close", "answer_inquiry", "acknowledge"]);

/** What `cmd` on `c` may depend on, read once; each action reads only what it needs. */
export async function transitionFacts(
  db: Db,
  c: ComplaintRow,
  cmd: Command,
  hubReopenWindow: ReopenWindow,
  names: DirectoryNames,
): Promise<TransitionFacts> {
  const a = cmd.action;
  const needsColleagues = c.agencyCode !== null && (a === "reopen" || (a === "push_back" && c.status === "closed"));
  const [policy, suggested, target, people, colleagues, closer, fired, to] = await Promise.all([
    servicePolicy(db, c),
    a === "reject" && cmd.suggested ? serviceExists(db, cmd.suggested) : null,
    a === "transfer" ? transferTarget(db, cmd.to) : null,
    a === "reassign" && c.agencyCode ? agencyStaff(db, c.agencyCode) : [],
    needsColleagues ? colleaguesWithLoad(db, c.agencyCode!) : [],
    needsColleagues ? closedBy(db, c.id) : null,
    firedKeys(db, c.id),
    // A transfer tells the citizen only when it withdraws a question waiting for them.
    NOTIFIES.has(a) || (a === "transfer" && c.status === "awaiting_citizen") ? recipient(db, c) : null,
  ]);
  // The SLA is planned on the service the complaint is with afterwards, as the job reads it:
  // a rejection leaves it with none, a transfer moves it to the target.
  const hours = await escalationHoursOf(
    db,
    a === "reject" ? { agencyCode: null, serviceCode: null } : a === "transfer" ? (target ?? c) : c,
  );
  return {
    complaint: c,
    policy,
    hubReopenWindow,
    suggested,
    transferTarget: target,
    agencyStaff: people,
    colleagues,
    closedBy: closer,
    escalationHours: hours,
    fired,
    recipient: to,
    agencyName: NOTIFIES.has(a) ? agencyNamed(names, c.agencyCode) : null,
    transferAgencyName: target ? agencyNamed(names, target.agencyCode) : null,
  };
}

const actorColumns = (a: Actor) =>
  a.kind === "citizen"
    ? { actorKind: "citizen" as const, actorId: a.id }
    : a.kind === "staff"
      ? { actorKind: "staff" as const, actorId: a.staff.id }
      : { actorKind: "system" as const, actorId: null };

/**
 * Writes what effects.ts decided, in `tx` (the caller's transaction): the complaint's
 * columns against the version read (a change in between, even by a job, conflicts), the
 * event, its files, the citizen's message and the agency's notice. Returns the version
 * after, or "conflict".
 */
export async function persistTransition(
  tx: Db,
  c: ComplaintRow,
  eff: Extract<Effects, { ok: true }>,
  actor: Actor,
  files: StoredFile[],
  now: Date,
  names: DirectoryNames,
): Promise<{ version: number } | "conflict"> {
  if (eff.changes) {
    const [u] = await tx
      .update(complaints)
      .set({ ...(eff.changes satisfies ComplaintChanges), version: sql`${complaints.version} + 1`, updatedAt: now })
      .where(and(eq(complaints.id, c.id), eq(complaints.version, c.version)))
      .returning({ version: complaints.version });
    if (!u) return "conflict";
  }
  const [ev] = await tx
    .insert(complaintEvents)
    .values({
      complaintId: c.id,
      ...actorColumns(actor),
      type: eff.event.type,
      fromStatus: c.status,
      toStatus: eff.changes?.status ?? c.status,
      data: eff.event.data,
      visibleToCitizen: eff.event.visibleToCitizen,
      at: now,
    })
    .returning({ id: complaintEvents.id });
  for (const f of files) {
    await tx.insert(complaintAttachments).values({
      complaintId: c.id,
      eventId: ev!.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.bytes.length,
      // Stored first (AttachmentStorage.put): the object's key, or the bytes themselves.
      data: f.key ? null : Buffer.from(f.bytes),
      storageKey: f.key,
    });
  }
  if (eff.notify) await enqueue(tx, [eff.notify], now);
  if (eff.agencyNotice) {
    const n = eff.agencyNotice;
    await notifyAgency(
      tx,
      {
        event: n.event,
        complaintId: c.id,
        reference: c.reference,
        kind: c.kind,
        agencyCode: n.agencyCode,
        key: ev!.id,
        status: eff.changes?.status ?? c.status,
        extra: n.extra,
      },
      now,
      names,
    );
  }
  return { version: eff.changes ? c.version + 1 : c.version };
}

// --- triage -----------------------------------------------------------------------

export interface TriageRow {
  id: string;
  reference: string;
  kind: string;
  title: string | null;
  text: string;
  city: string;
  createdAt: Date;
  version: number;
  suggestions: { agencyCode: string; serviceCode: string; score: number }[];
  rejectionCount: number;
  flagged: boolean;
  channel: string;
  /** A media item's outlet, day, link and clipping (seed 002 §5.2), for the queue to show. */
  media: ComplaintRow["media"];
}

/** Complaints the router could not place; the ones agencies keep rejecting come first (they waited longest). */
export async function triageRows(db: Db, limit: number): Promise<TriageRow[]> {
  return db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      kind: complaints.kind,
      title: complaints.title,
      text: complaints.text,
      city: complaints.city,
      createdAt: complaints.createdAt,
      version: complaints.version,
      suggestions: complaints.suggestions,
      rejectionCount: complaints.rejectionCount,
      flagged: complaints.flagged,
      channel: complaints.channel,
      media: complaints.media,
    })
    .from(complaints)
    .where(eq(complaints.status, "triage"))
    .orderBy(desc(complaints.flagged), asc(complaints.createdAt), asc(complaints.id))
    .limit(limit);
}

/** The "rejected" events of these complaints, oldest first. */
export async function rejectionEvents(db: Db, complaintIds: string[]) {
  if (complaintIds.length === 0) return [];
  return db
    .select({ complaintId: complaintEvents.complaintId, data: complaintEvents.data, at: complaintEvents.at })
    .from(complaintEvents)
    .where(and(inArray(complaintEvents.complaintId, complaintIds), eq(complaintEvents.type, "rejected")))
    .orderBy(asc(complaintEvents.id));
}

/**
 * Routes a triage complaint: the columns against the version the officer saw and only
 * while it is still in triage (two officers at once: one route, one conflict), the
 * event and the agency's notice. Returns the reference, or null on a conflict.
 */
export async function persistTriageRoute(
  tx: Db,
  c: Pick<ComplaintRow, "id" | "reference" | "kind">,
  version: number,
  changes: Partial<typeof complaints.$inferInsert> & { agencyCode: string; serviceCode: string },
  staffId: string,
  now: Date,
  names: DirectoryNames,
): Promise<string | null> {
  const [updated] = await tx
    .update(complaints)
    .set({ ...changes, status: "routed", version: sql`${complaints.version} + 1`, updatedAt: now })
    .where(and(eq(complaints.id, c.id), eq(complaints.status, "triage"), eq(complaints.version, version)))
    .returning({ reference: complaints.reference });
  if (!updated) return null;
  const [ev] = await tx
    .insert(complaintEvents)
    .values({
      complaintId: c.id,
      actorKind: "staff",
      actorId: staffId,
      type: "routed_by_triage",
      fromStatus: "triage",
      toStatus: "routed",
      data: { agencyCode: changes.agencyCode, serviceCode: changes.serviceCode },
      at: now,
    })
    .returning({ id: complaintEvents.id });
  await notifyAgency(
    tx,
    {
      event: "agency_new",
      complaintId: c.id,
      reference: c.reference,
      kind: c.kind,
      agencyCode: changes.agencyCode,
      key: ev!.id,
      status: "routed",
    },
    now,
    names,
  );
  return updated.reference;
}

// --- satisfaction ratings ---------------------------------------------------------

export type Invitation = { id: string; complaintId: string; reference: string; agencyAr: string | null; agencyEn: string | null };

const openAt = (now: Date) => and(isNull(satisfaction.answeredAt), gt(satisfaction.expiresAt, now), eq(complaints.status, "closed"));

const invitationFields = {
  id: satisfaction.id,
  complaintId: complaints.id,
  reference: complaints.reference,
  agencyCode: satisfaction.agencyCode,
};

async function withAgencyName(
  db: Db,
  row: { id: string; complaintId: string; reference: string; agencyCode: string | null } | undefined,
): Promise<Invitation | null> {
  if (!row) return null;
  const name = agencyNamed(await directoryNames(db), row.agencyCode);
  return { id: row.id, complaintId: row.complaintId, reference: row.reference, agencyAr: name?.ar ?? null, agencyEn: name?.en ?? null };
}

/** The invitation whose token hashes to `tokenHash`, if it can still be answered. */
export async function invitationByTokenHash(db: Db, tokenHash: string, now: Date): Promise<Invitation | null> {
  const [row] = await db
    .select(invitationFields)
    .from(satisfaction)
    .innerJoin(complaints, eq(complaints.id, satisfaction.complaintId))
    .where(and(eq(satisfaction.tokenHash, tokenHash), openAt(now)));
  return withAgencyName(db, row);
}

/** The citizen's own closed complaint's open invitation (the latest closure's), if any. */
export async function invitationOfCitizen(db: Db, citizenId: string, reference: string, now: Date): Promise<Invitation | null> {
  const [row] = await db
    .select(invitationFields)
    .from(satisfaction)
    .innerJoin(complaints, eq(complaints.id, satisfaction.complaintId))
    .where(and(eq(complaints.reference, reference), eq(complaints.citizenId, citizenId), openAt(now)))
    .orderBy(desc(satisfaction.invitedAt))
    .limit(1);
  return withAgencyName(db, row);
}

/**
 * Records the answer if the invitation is still unanswered: single use even under a
 * double click, or the link and the page at once (only the first update finds it open).
 */
export async function answerInvitation(
  db: Db,
  id: string,
  v: { resolved: "yes" | "partly" | "no"; stars: number; comment: string | null },
  now: Date,
): Promise<boolean> {
  const [saved] = await db
    .update(satisfaction)
    .set({ answeredAt: now, resolved: v.resolved, stars: v.stars, comment: v.comment })
    .where(and(eq(satisfaction.id, id), isNull(satisfaction.answeredAt)))
    .returning({ id: satisfaction.id });
  return !!saved;
}

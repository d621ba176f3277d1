import { and, asc, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaintAttachments, complaintEvents, complaints } from "../../schema/index.ts";
import { directoryNames, namesOf } from "../directory/names.ts";

export interface CitizenComplaintView {
  reference: string;
  kind: string;
  status: string;
  title: string | null;
  text: string;
  city: string;
  agencyCode: string | null;
  agency: { ar: string; en: string } | null;
  serviceCode: string | null;
  service: { ar: string; en: string } | null;
  routedBy: string;
  createdAt: string;
  version: number;
  citizenId: string | null;
  dueAt: Date | null;
  infoDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  resolution: string | null;
  reopenUntil: Date | null;
  reopenCount: number;
  /** Only what the citizen wrote or was asked; internal reasons never leave the agency. */
  timeline: { type: string; status: string | null; at: string; text?: string }[];
  /** `eventType` is the step a file came with (null: the filing); internal notes' files are left out. */
  attachments: { id: string; filename: string; contentType: string; size: number; eventType: string | null }[];
}

// A file reaches the citizen when it came with the filing or with a step the citizen
// sees (their answer, the agency's question, the close); never with an internal note.
const visibleFile = or(isNull(complaintAttachments.eventId), eq(complaintEvents.visibleToCitizen, true));

// The words of an event a citizen may read: the agency's question and their own answers.
function citizenText(type: string, data: Record<string, unknown>): { text?: string } {
  const key = ({ info_requested: "message", answered: "text", reopened: "reason", withdrawn: "reason" } as Record<string, string>)[type];
  const v = key ? data[key] : undefined;
  return typeof v === "string" && v ? { text: v } : {};
}

/** The citizen's own complaints, newest first. Scoped by citizen id in the query itself. */
export async function citizenComplaints(db: Db, citizenId: string, limit = 100) {
  const rows = await db
    .select({ reference: complaints.reference, kind: complaints.kind, status: complaints.status, title: complaints.title, agencyCode: complaints.agencyCode, createdAt: complaints.createdAt })
    .from(complaints)
    .where(eq(complaints.citizenId, citizenId))
    .orderBy(desc(complaints.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One complaint as its citizen sees it: null when it is not theirs (the same as missing). */
export async function citizenComplaint(db: Db, citizenId: string, reference: string): Promise<CitizenComplaintView | null> {
  const [c] = await db
    .select({ c: complaints })
    .from(complaints)
    .where(and(eq(complaints.reference, reference), eq(complaints.citizenId, citizenId)));
  if (!c) return null;
  const { agency, service } = namesOf(await directoryNames(db), c.c);
  const events = await db
    .select({ type: complaintEvents.type, status: complaintEvents.toStatus, at: complaintEvents.at, data: complaintEvents.data })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, c.c.id), eq(complaintEvents.visibleToCitizen, true)))
    .orderBy(asc(complaintEvents.id));
  return {
    reference: c.c.reference,
    kind: c.c.kind,
    status: c.c.status,
    title: c.c.title,
    text: c.c.text,
    city: c.c.city,
    agencyCode: c.c.agencyCode,
    agency,
    serviceCode: c.c.serviceCode,
    service,
    routedBy: c.c.routedBy,
    createdAt: c.c.createdAt.toISOString(),
    version: c.c.version,
    citizenId: c.c.citizenId,
    dueAt: c.c.dueAt,
    infoDueAt: c.c.infoDueAt,
    closedAt: c.c.closedAt,
    outcome: c.c.outcome,
    resolution: c.c.resolution,
    reopenUntil: c.c.reopenUntil,
    reopenCount: c.c.reopenCount,
    timeline: events.map((e) => ({ type: e.type, status: e.status, at: e.at.toISOString(), ...citizenText(e.type, e.data) })),
    attachments: await db
      .select({ id: complaintAttachments.id, filename: complaintAttachments.filename, contentType: complaintAttachments.contentType, size: complaintAttachments.size, eventType: complaintEvents.type })
      .from(complaintAttachments)
      .leftJoin(complaintEvents, eq(complaintEvents.id, complaintAttachments.eventId))
      .where(and(eq(complaintAttachments.complaintId, c.c.id), visibleFile))
      .orderBy(asc(complaintAttachments.createdAt)),
  };
}

/** An attachment of the citizen's own complaint, or null. */
export async function citizenAttachment(db: Db, citizenId: string, reference: string, id: string) {
  const [row] = await db
    .select({ filename: complaintAttachments.filename, contentType: complaintAttachments.contentType, data: complaintAttachments.data })
    .from(complaintAttachments)
    .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
    .leftJoin(complaintEvents, eq(complaintEvents.id, complaintAttachments.eventId))
    .where(and(eq(complaintAttachments.id, id), eq(complaints.reference, reference), eq(complaints.citizenId, citizenId), visibleFile));
  return row ?? null;
}

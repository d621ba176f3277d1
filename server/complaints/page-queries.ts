import { and, asc, count, desc, eq, inArray, isNotNull, not } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaintEvents, complaints, slaEvents } from "../../schema/index.ts";
import { outletAnsweredCondition } from "./store.ts";

// Reads for staff pages that no use case needs; the names come from the directory in
// memory (server/directory/names.ts), not from a join here.

export interface BeyondAgencyRow {
  reference: string;
  agencyCode: string | null;
  title: string | null;
  text: string;
  since: Date;
  /** The beyond_agency SLA event's key (its reason), when there is one. */
  key: string | null;
}

/** Open complaints the SLA sent to the national unit as beyond their agency, oldest first. */
export async function beyondAgencyQueue(db: Db, limit = 500): Promise<BeyondAgencyRow[]> {
  const rows = await db
    .select({
      reference: complaints.reference,
      agencyCode: complaints.agencyCode,
      title: complaints.title,
      text: complaints.text,
      since: complaints.beyondAgencyAt,
      key: slaEvents.key,
    })
    .from(complaints)
    .leftJoin(slaEvents, and(eq(slaEvents.complaintId, complaints.id), eq(slaEvents.kind, "beyond_agency")))
    .where(and(isNotNull(complaints.beyondAgencyAt), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])))
    .orderBy(asc(complaints.beyondAgencyAt))
    .limit(limit);
  // One row per complaint: the first of its events.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.reference) && seen.add(r.reference)).map((r) => ({ ...r, since: r.since! }));
}

// --- media complaints (seed 002 §5.2) ------------------------------------------------

export type MediaTab = "awaiting" | "open" | "answered";

export interface MediaComplaintRow {
  id: string;
  reference: string;
  agencyCode: string | null;
  title: string | null;
  text: string;
  status: string;
  media: { outlet: string; publishedOn: string; link?: string; clipping?: string } | null;
  createdAt: Date;
  closedAt: Date | null;
  outcome: string | null;
  /** The answered tab: the reply to this closure (the latest). */
  reply: { repliedOn: string; means: string; at: Date } | null;
}

const OPEN_STATUSES = ["triage", "routed", "in_progress", "awaiting_citizen"] as const;

function mediaWhere(tab: MediaTab) {
  const media = eq(complaints.channel, "media");
  switch (tab) {
    case "open":
      return and(media, inArray(complaints.status, [...OPEN_STATUSES]));
    case "awaiting":
      return and(media, eq(complaints.status, "closed"), not(outletAnsweredCondition()));
    case "answered":
      return and(media, eq(complaints.status, "closed"), outletAnsweredCondition());
  }
}

/** How many media complaints each tab holds. */
export async function mediaComplaintCounts(db: Db): Promise<Record<MediaTab, number>> {
  const tabs: MediaTab[] = ["awaiting", "open", "answered"];
  const counts = await Promise.all(tabs.map((t) => db.select({ n: count() }).from(complaints).where(mediaWhere(t))));
  return Object.fromEntries(tabs.map((t, i) => [t, counts[i]![0]?.n ?? 0])) as Record<MediaTab, number>;
}

/**
 * Media complaints by where the reply to the outlet stands: awaiting (closed, the outlet
 * not answered for this closure; longest waiting first), open (still with the agency or
 * the unit; oldest first), answered (latest closure first, with the reply).
 */
export async function mediaComplaints(db: Db, tab: MediaTab, limit = 500): Promise<MediaComplaintRow[]> {
  const order =
    tab === "awaiting"
      ? [asc(complaints.closedAt), asc(complaints.id)]
      : tab === "open"
        ? [asc(complaints.createdAt), asc(complaints.id)]
        : [desc(complaints.closedAt), asc(complaints.id)];
  const rows = await db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      agencyCode: complaints.agencyCode,
      title: complaints.title,
      text: complaints.text,
      status: complaints.status,
      media: complaints.media,
      createdAt: complaints.createdAt,
      closedAt: complaints.closedAt,
      outcome: complaints.outcome,
    })
    .from(complaints)
    .where(mediaWhere(tab))
    .orderBy(...order)
    .limit(limit);
  if (tab !== "answered" || rows.length === 0) return rows.map((r) => ({ ...r, reply: null }));
  const events = await db
    .select({ complaintId: complaintEvents.complaintId, data: complaintEvents.data, at: complaintEvents.at })
    .from(complaintEvents)
    .where(
      and(
        inArray(
          complaintEvents.complaintId,
          rows.map((r) => r.id),
        ),
        eq(complaintEvents.type, "outlet_answered"),
      ),
    )
    .orderBy(asc(complaintEvents.id));
  const latest = new Map<string, { data: Record<string, unknown>; at: Date }>();
  for (const e of events) latest.set(e.complaintId, e);
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return rows.map((r) => {
    const e = latest.get(r.id);
    return { ...r, reply: e ? { repliedOn: str(e.data.repliedOn), means: str(e.data.means), at: e.at } : null };
  });
}

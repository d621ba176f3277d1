import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints, slaEvents } from "../../schema/index.ts";

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

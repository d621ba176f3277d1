import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints } from "../../schema/index.ts";
import type { Cursor } from "./cursor.ts";

// The agency API's own reads. Everything else goes through the portal's use cases
// (staff-view.ts, transition.ts), which apply the scope and privacy rules.

/** updated_at exactly, in UTC with microseconds: the cursor's half that orders. */
const position = sql<string>`to_char(${complaints.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The agency's complaints changed after `after`, oldest change first, `limit` + 1 of
 * them (the extra one says whether there is more). Read from the primary: a case system
 * that just acted must see its own change (the index of 0027 serves the order).
 */
export async function agencyChanges(db: Db, agencyCode: string, after: Cursor, limit: number) {
  return db
    .select({
      id: complaints.id,
      position,
      reference: complaints.reference,
      kind: complaints.kind,
      status: complaints.status,
      version: complaints.version,
      title: complaints.title,
      city: complaints.city,
      agencyCode: complaints.agencyCode,
      serviceCode: complaints.serviceCode,
      createdAt: complaints.createdAt,
      updatedAt: complaints.updatedAt,
      acceptedAt: complaints.acceptedAt,
      dueAt: complaints.dueAt,
      closedAt: complaints.closedAt,
      outcome: complaints.outcome,
    })
    .from(complaints)
    .where(
      and(
        eq(complaints.agencyCode, agencyCode),
        sql`(${complaints.updatedAt}, ${complaints.id}) > (${after.at}::timestamptz, ${after.id}::uuid)`,
      ),
    )
    .orderBy(asc(complaints.updatedAt), asc(complaints.id))
    .limit(limit + 1);
}

/** The agency a complaint is with now, to refuse another agency's before any file is stored. */
export async function complaintAgency(db: Db, reference: string): Promise<{ id: string; agencyCode: string | null } | null> {
  const [row] = await db
    .select({ id: complaints.id, agencyCode: complaints.agencyCode })
    .from(complaints)
    .where(eq(complaints.reference, reference));
  return row ?? null;
}

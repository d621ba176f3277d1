// The special report of recurring complaints (seed 002 §5.4): the same service in the
// same place again and again, or the same words from different people, so the unit can
// act on root causes rather than on each complaint.

import { and, desc, gte, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints } from "../../schema/index.ts";

export const MIN_REPEATS = 3;

/** Service + city + district with at least MIN_REPEATS complaints in the period. */
export async function hotspots(db: Db, from: Date, to: Date, limit = 50) {
  return db
    .select({
      agencyCode: complaints.agencyCode,
      serviceCode: complaints.serviceCode,
      city: complaints.city,
      district: sql<string>`coalesce(${complaints.district}, '')`,
      n: sql<number>`count(*)::int`,
      open: sql<number>`(count(*) filter (where ${complaints.status} in ('routed', 'in_progress', 'awaiting_citizen')))::int`,
    })
    .from(complaints)
    .where(and(gte(complaints.createdAt, from), lt(complaints.createdAt, to), isNotNull(complaints.agencyCode)))
    .groupBy(complaints.agencyCode, complaints.serviceCode, complaints.city, sql`coalesce(${complaints.district}, '')`)
    .having(sql`count(*) >= ${MIN_REPEATS}`)
    .orderBy(desc(sql`count(*)`))
    .limit(limit);
}

/**
 * Complaints whose wording repeats: the folded text (its search document) compared on
 * its first words, so small differences at the end (a date, a name) still group them.
 */
export async function repeatedWording(db: Db, from: Date, to: Date, limit = 50) {
  const head = sql<string>`left(regexp_replace(lower(${complaints.text}), '[^[:alnum:] ]+', ' ', 'g'), 60)`;
  return db
    .select({ wording: head, agencyCode: sql<string>`min(coalesce(${complaints.agencyCode}, ''))`, n: sql<number>`count(*)::int`, people: sql<number>`count(distinct coalesce(${complaints.citizenId}::text, ${complaints.contact}->>'nationalId', ${complaints.id}::text))::int` })
    .from(complaints)
    .where(and(gte(complaints.createdAt, from), lt(complaints.createdAt, to)))
    .groupBy(head)
    .having(sql`count(*) >= 2`)
    .orderBy(desc(sql`count(*)`))
    .limit(limit);
}

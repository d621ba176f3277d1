// "New" in the liaison portal's header: complaints that reached the officer's agencies
// (filed, routed by triage, transferred in) since the officer last opened the inbox.
// Opening the inbox marks them seen; the notification email is the other half of this.

import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints, staffUsers } from "../../schema/index.ts";

export async function newWorkCount(db: Db, staffId: string, agencyCodes: string[]): Promise<number> {
  if (agencyCodes.length === 0) return 0;
  const [me] = await db.select({ seen: staffUsers.inboxSeenAt }).from(staffUsers).where(eq(staffUsers.id, staffId));
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(and(inArray(complaints.agencyCode, agencyCodes), eq(complaints.status, "routed"), me?.seen ? sql`coalesce(${complaints.routedAt}, ${complaints.createdAt}) > ${me.seen.toISOString()}::timestamptz` : undefined));
  return r?.n ?? 0;
}

export async function markInboxSeen(db: Db, staffId: string, now: Date): Promise<void> {
  await db.update(staffUsers).set({ inboxSeenAt: now }).where(eq(staffUsers.id, staffId));
}

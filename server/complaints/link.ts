// Complaints the call centre (or any staff channel) registered for a person whose
// national number the civil registry confirmed belong to that person's account once
// it exists: they then show under "my requests", and the person may reopen or escalate
// them like their own. Run at registration and at every sign-in, so a complaint
// registered between two sign-ins is picked up at the next one.

import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaintEvents, complaints } from "../../schema/index.ts";

/**
 * Links every unlinked, identity-verified complaint filed under `nationalId` to the
 * citizen. Only the registry-verified number counts: a media item naming someone
 * without verification (identity_verified = false) never links. Returns the references.
 */
export async function linkRegisteredComplaints(db: Db, citizenId: string, nationalId: string, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const linked = await tx
      .update(complaints)
      .set({ citizenId, updatedAt: now })
      // The expression matches complaints_unlinked_national_id_idx (migration 0010).
      .where(and(isNull(complaints.citizenId), eq(complaints.identityVerified, true), sql`(${complaints.contact}->>'nationalId') = ${nationalId}`))
      .returning({ id: complaints.id, reference: complaints.reference });
    if (linked.length) {
      // An audit trail of who got which complaint, not something the citizen is told.
      await tx.insert(complaintEvents).values(linked.map((c) => ({ complaintId: c.id, actorKind: "system" as const, type: "linked_to_account", data: { citizenId }, visibleToCitizen: false, at: now })));
    }
    return linked.map((c) => c.reference);
  });
}

// Complaints the call centre (or any staff channel) registered for a person whose
// national number the civil registry confirmed belong to that person's account once
// it exists: they then show under "my requests", and the person may reopen or escalate
// them like their own. Run at registration and at every sign-in, so a complaint
// registered between two sign-ins is picked up at the next one.

import type { Db } from "../db.ts";
import { linkUnlinked } from "./store-views.ts";

/**
 * Links every unlinked, identity-verified complaint filed under `nationalId` to the
 * citizen. Only the registry-verified number counts: a media item naming someone
 * without verification (identity_verified = false) never links. Returns the references.
 */
export async function linkRegisteredComplaints(db: Db, citizenId: string, nationalId: string, now: Date): Promise<string[]> {
  return (await linkUnlinked(db, citizenId, nationalId, now)).map((c) => c.reference);
}

// Satisfaction ratings (seeds 000/001/002/004): one single-use invitation per closure,
// valid 14 days. A "not resolved" or one or two stars opens the escalation
// (server/reports/eligibility.ts, the one place that says when).

import { z } from "zod";
import type { Db } from "../db.ts";
import { fieldErrors } from "../fields.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { answerInvitation, invitationByTokenHash, invitationOfCitizen, type Invitation } from "./store.ts";

export type { Invitation };

export const ratingSchema = z.object({
  resolved: z.enum(["yes", "partly", "no"], { error: "required" }),
  stars: z.coerce.number({ error: "required" }).int("required").min(1, "required").max(5, "required"),
  comment: z
    .string()
    .trim()
    .max(2000, "too_long")
    .optional()
    .transform((s) => s || undefined),
});

// The same invitation can be answered two ways, under the same rules: from the link in
// the closing message (no sign-in), or from the complaint's page by its signed-in
// citizen. Either way one answer per closure, and only while the complaint is closed
// (a reopened complaint is being worked on again: there is nothing to rate yet).

/** The invitation behind a link, if it can still be answered. */
export async function openInvitation(db: Db, token: string, now: Date): Promise<Invitation | null> {
  return invitationByTokenHash(db, sha256Hex(token), now);
}

/** The citizen's own closed complaint's open invitation (the latest closure's), if any. */
export async function openInvitationFor(db: Db, citizenId: string, reference: string, now: Date): Promise<Invitation | null> {
  return invitationOfCitizen(db, citizenId, reference, now);
}

export type RateResult =
  | { ok: true; reference: string; complaintId: string }
  | { ok: false; error: "invalid"; fields: Record<string, string> }
  | { ok: false; error: "link_invalid" };

async function answer(db: Db, invitation: Invitation | null, raw: unknown, now: Date): Promise<RateResult> {
  if (!invitation) return { ok: false, error: "link_invalid" };
  const parsed = ratingSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const v = parsed.data;
  const saved = await answerInvitation(db, invitation.id, { resolved: v.resolved, stars: v.stars, comment: v.comment ?? null }, now);
  if (!saved) return { ok: false, error: "link_invalid" };
  return { ok: true, reference: invitation.reference, complaintId: invitation.complaintId };
}

/** From the link. Whether escalation is now open is the caller's to ask (reports/eligibility.ts). */
export async function rate(db: Db, token: string, raw: unknown, now: Date): Promise<RateResult> {
  return answer(db, await openInvitation(db, token, now), raw, now);
}

/** From the complaint's page, by its citizen. */
export async function rateOwn(db: Db, citizenId: string, reference: string, raw: unknown, now: Date): Promise<RateResult> {
  return answer(db, await openInvitationFor(db, citizenId, reference, now), raw, now);
}

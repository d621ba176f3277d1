// Satisfaction ratings (seeds 000/001/002/004): one single-use link per closure, valid
// 14 days, no sign-in. A "not resolved" or one or two stars offers the escalation.

import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db.ts";
import { agencies, complaints, satisfaction } from "../../schema/index.ts";
import { fieldErrors } from "../identity/fields.ts";
import { sha256Hex } from "../auth/tokens.ts";

export const ratingSchema = z.object({
  resolved: z.enum(["yes", "partly", "no"], { error: "required" }),
  stars: z.coerce.number({ error: "required" }).int("required").min(1, "required").max(5, "required"),
  comment: z.string().trim().max(2000, "too_long").optional().transform((s) => s || undefined),
});

/** The invitation behind a link, if it can still be answered. */
export async function openInvitation(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ id: satisfaction.id, reference: complaints.reference, agencyAr: agencies.nameAr, agencyEn: agencies.nameEn })
    .from(satisfaction)
    .innerJoin(complaints, eq(complaints.id, satisfaction.complaintId))
    .leftJoin(agencies, eq(agencies.code, satisfaction.agencyCode))
    .where(and(eq(satisfaction.tokenHash, sha256Hex(token)), isNull(satisfaction.answeredAt), gt(satisfaction.expiresAt, now)));
  return row ?? null;
}

export type RateResult = { ok: true; reference: string; offerEscalation: boolean } | { ok: false; error: "invalid"; fields: Record<string, string> } | { ok: false; error: "link_invalid" };

export async function rate(db: Db, token: string, raw: unknown, now: Date): Promise<RateResult> {
  const invitation = await openInvitation(db, token, now);
  if (!invitation) return { ok: false, error: "link_invalid" };
  const parsed = ratingSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const v = parsed.data;
  // Single use even under a double click: only the first update finds it unanswered.
  const [saved] = await db
    .update(satisfaction)
    .set({ answeredAt: now, resolved: v.resolved, stars: v.stars, comment: v.comment ?? null })
    .where(and(eq(satisfaction.id, invitation.id), isNull(satisfaction.answeredAt)))
    .returning({ id: satisfaction.id });
  if (!saved) return { ok: false, error: "link_invalid" };
  return { ok: true, reference: invitation.reference, offerEscalation: v.resolved === "no" || v.stars <= 2 };
}

// Following a complaint without an account (issue 11, item 6): the reference and the
// mobile number the complaint was filed with get a 5-digit SMS code, and the code opens
// a read-only view of that one complaint. The code only ever goes to the number on the
// complaint, and every well-formed request gets the same answer (the code page),
// whether the reference exists or the number matches: like the password reset, the
// page cannot tell anyone which complaints exist or whose number filed them.

import { z } from "zod";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { complaintWithNames, publicTimeline, trackTarget } from "./store-views.ts";
import { hitLimits, LIMITS } from "../auth/rate-limit.ts";
import { fieldErrors, mobileField } from "../fields.ts";
import { westernDigits } from "../text/arabic.ts";
import type { Failure, Result } from "../identity/citizens.ts";
import { codeSms } from "../identity/messages.ts";
import { issueChallenge, verifyChallenge } from "../identity/otp.ts";
import type { SmsGateway } from "../notify/sms.ts";
import { REFERENCE_PATTERN } from "./reference.ts";

export interface TrackDeps {
  db: Db;
  clock: Clock;
  sms: SmsGateway;
}

export const trackSchema = z.object({
  reference: z
    .string({ error: "reference_invalid" })
    .transform((s) => westernDigits(s).replace(/\s/g, "").toUpperCase())
    .pipe(z.string().regex(REFERENCE_PATTERN, "reference_invalid").startsWith("CMP-", "reference_invalid")),
  mobile: z.string({ error: "mobile_invalid" }).pipe(mobileField),
});

/** The number a complaint's code goes to: the one staff wrote down, else the account's. */
export function complaintMobile(row: { contact: { mobile?: string } | null; accountMobile: string | null }): string | null {
  return row.contact?.mobile ?? row.accountMobile ?? null;
}

export async function startTracking(
  deps: TrackDeps,
  raw: unknown,
  ctx: { ip: string; lang: "ar" | "en" },
): Promise<Result<{ challengeId: string }>> {
  const parsed = trackSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const { reference, mobile } = parsed.data;
  const now = deps.clock.now();
  // Counted per address and per typed reference, existing or not, so guessing numbers
  // for one reference is slow and the limit itself says nothing about the reference.
  const limit = await hitLimits(
    deps.db,
    [
      [LIMITS.trackIp, ctx.ip],
      [LIMITS.trackReference, reference],
    ],
    now,
  );
  if (!limit.allowed) return { ok: false, error: "throttled", retryAt: limit.retryAt };

  const row = await trackTarget(deps.db, reference);
  const matches = !!row && complaintMobile(row) === mobile;
  // A non-match still gets a challenge, under a placeholder that no SMS is sent to and
  // whose code nobody knows; it is throttled per typed number like a real one.
  const issued = await issueChallenge(
    deps.db,
    { purpose: "track", mobile: matches ? mobile : `none:${mobile}`, ...(matches ? { payload: { complaintId: row.id } } : {}) },
    now,
  );
  if (!issued.ok) return { ok: false, error: "throttled", retryAt: issued.retryAt };
  if (matches) {
    // A failed send must look like a non-match; the code page offers a resend.
    await deps.sms.send({ to: mobile, text: codeSms(issued.code, ctx.lang) }).catch(() => undefined);
  }
  return { ok: true, challengeId: issued.challengeId };
}

/** The code opens the complaint it was issued for; anything else reads as a wrong code. */
export async function completeTracking(deps: TrackDeps, challengeId: string, code: string): Promise<Result<{ complaintId: string }>> {
  const v = await verifyChallenge(deps.db, challengeId, code, deps.clock.now());
  if (!v.ok) {
    if (v.reason === "wrong") return { ok: false, error: "code_wrong", attemptsLeft: v.attemptsLeft };
    return { ok: false, error: `code_${v.reason}` } as Failure;
  }
  const complaintId = v.payload?.complaintId;
  if (v.purpose !== "track" || typeof complaintId !== "string") return { ok: false, error: "code_wrong", attemptsLeft: 0 };
  return { ok: true, complaintId };
}

export interface TrackedComplaint {
  reference: string;
  kind: string;
  status: string;
  agency: { ar: string; en: string } | null;
  service: { ar: string; en: string } | null;
  createdAt: Date;
  dueAt: Date | null;
  infoDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  resolution: string | null;
  reopenUntil: Date | null;
  /** What happened and when; no free text (the complaint's words and answers stay behind the sign-in). */
  timeline: { type: string; at: Date }[];
}

/**
 * The read-only view: status, the public timeline and the agency's answer. Not the
 * complaint's text, names, numbers or attachments: the code proves only that the
 * reader holds the phone the complaint was filed with.
 */
export async function trackedComplaint(db: Db, complaintId: string): Promise<TrackedComplaint | null> {
  const c = await complaintWithNames(db, { id: complaintId });
  if (!c) return null;
  const events = (await publicTimeline(db, complaintId)).map((e) => ({ type: e.type, at: e.at }));
  const x = c.c;
  return {
    reference: x.reference,
    kind: x.kind,
    status: x.status,
    agency: c.agency,
    service: c.service,
    createdAt: x.createdAt,
    dueAt: x.dueAt,
    infoDueAt: x.infoDueAt,
    closedAt: x.closedAt,
    outcome: x.outcome,
    resolution: x.status === "closed" ? x.resolution : null,
    reopenUntil: x.reopenUntil,
    timeline: events,
  };
}

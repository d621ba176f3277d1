import { randomInt } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { otpChallenges } from "../../schema/index.ts";
import { matchesHash, randomToken, sha256Hex } from "../auth/tokens.ts";
import { hitLimit, LIMITS } from "../auth/rate-limit.ts";

export const OTP_RULES = {
  digits: 5,
  validMs: 5 * 60_000,
  maxAttempts: 5,
  resendAfterMs: 60_000,
} as const;

export type OtpPurpose = "register" | "reset_password" | "change_mobile" | "track";

export type IssueResult =
  { ok: true; challengeId: string; code: string; expiresAt: Date } | { ok: false; reason: "throttled"; retryAt: Date };

export type VerifyResult =
  | { ok: true; purpose: OtpPurpose; mobile: string; citizenId: string | null; payload: Record<string, unknown> | null }
  | { ok: false; reason: "not_found" | "expired" | "locked" | "used" }
  | { ok: false; reason: "wrong"; attemptsLeft: number };

// The hash binds the code to its challenge, so equal codes never share a hash.
const codeHash = (challengeId: string, code: string) => sha256Hex(`${challengeId}:${code}`);

function newCode(): string {
  return String(randomInt(0, 10 ** OTP_RULES.digits)).padStart(OTP_RULES.digits, "0");
}

/**
 * Throttles codes per number: one a minute and five an hour, across every challenge
 * and every hub instance (the counts live in the database).
 */
async function throttle(db: Db, mobile: string, now: Date): Promise<Date | null> {
  const [last] = await db
    .select({ at: otpChallenges.lastSentAt })
    .from(otpChallenges)
    .where(eq(otpChallenges.mobile, mobile))
    .orderBy(desc(otpChallenges.lastSentAt))
    .limit(1);
  if (last && now.getTime() - last.at.getTime() < OTP_RULES.resendAfterMs) {
    return new Date(last.at.getTime() + OTP_RULES.resendAfterMs);
  }
  const hour = await hitLimit(db, LIMITS.codeMobileHour, mobile, now);
  return hour.allowed ? null : hour.retryAt;
}

/** Creates a challenge; the caller sends `code` by SMS and never stores it. */
export async function issueChallenge(
  db: Db,
  input: { purpose: OtpPurpose; mobile: string; citizenId?: string; payload?: Record<string, unknown> },
  now: Date,
): Promise<IssueResult> {
  const retryAt = await throttle(db, input.mobile, now);
  if (retryAt) return { ok: false, reason: "throttled", retryAt };
  const id = randomToken();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + OTP_RULES.validMs);
  await db.insert(otpChallenges).values({
    id,
    purpose: input.purpose,
    mobile: input.mobile,
    citizenId: input.citizenId ?? null,
    payload: input.payload ?? null,
    codeHash: codeHash(id, code),
    lastSentAt: now,
    expiresAt,
    createdAt: now,
  });
  return { ok: true, challengeId: id, code, expiresAt };
}

/** A new code for the same challenge; wrong tries keep counting so resending cannot reset the lockout. */
export async function reissueChallenge(
  db: Db,
  challengeId: string,
  now: Date,
): Promise<IssueResult | { ok: false; reason: "not_found" | "locked" | "used" }> {
  const [c] = await db.select().from(otpChallenges).where(eq(otpChallenges.id, challengeId));
  if (!c) return { ok: false, reason: "not_found" };
  if (c.consumedAt) return { ok: false, reason: "used" };
  if (c.lockedAt) return { ok: false, reason: "locked" };
  const retryAt = await throttle(db, c.mobile, now);
  if (retryAt) return { ok: false, reason: "throttled", retryAt };
  const code = newCode();
  const expiresAt = new Date(now.getTime() + OTP_RULES.validMs);
  await db
    .update(otpChallenges)
    .set({ codeHash: codeHash(c.id, code), lastSentAt: now, expiresAt, sends: sql`${otpChallenges.sends} + 1` })
    .where(eq(otpChallenges.id, c.id));
  return { ok: true, challengeId: c.id, code, expiresAt };
}

export async function challengeMobile(db: Db, challengeId: string): Promise<string | null> {
  const [c] = await db.select({ mobile: otpChallenges.mobile }).from(otpChallenges).where(eq(otpChallenges.id, challengeId));
  return c?.mobile ?? null;
}

/**
 * Checks a typed code. Each try is counted with an atomic update before comparing, so
 * parallel guesses cannot exceed the limit, and a right code is consumed only once.
 */
export async function verifyChallenge(db: Db, challengeId: string, code: string, now: Date): Promise<VerifyResult> {
  const [c] = await db.select().from(otpChallenges).where(eq(otpChallenges.id, challengeId));
  if (!c) return { ok: false, reason: "not_found" };
  if (c.consumedAt) return { ok: false, reason: "used" };
  if (c.lockedAt) return { ok: false, reason: "locked" };
  if (now >= c.expiresAt) return { ok: false, reason: "expired" };

  const [counted] = await db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(and(eq(otpChallenges.id, c.id), isNull(otpChallenges.consumedAt), isNull(otpChallenges.lockedAt)))
    .returning({ attempts: otpChallenges.attempts, codeHash: otpChallenges.codeHash });
  if (!counted) return { ok: false, reason: "locked" };
  if (counted.attempts > OTP_RULES.maxAttempts) return { ok: false, reason: "locked" };

  if (!/^\d{5}$/.test(code) || !matchesHash(`${c.id}:${code}`, counted.codeHash)) {
    if (counted.attempts >= OTP_RULES.maxAttempts) {
      await db.update(otpChallenges).set({ lockedAt: now }).where(eq(otpChallenges.id, c.id));
      return { ok: false, reason: "locked" };
    }
    return { ok: false, reason: "wrong", attemptsLeft: OTP_RULES.maxAttempts - counted.attempts };
  }
  const [consumed] = await db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(and(eq(otpChallenges.id, c.id), isNull(otpChallenges.consumedAt)))
    .returning({ id: otpChallenges.id });
  if (!consumed) return { ok: false, reason: "used" };
  return { ok: true, purpose: c.purpose, mobile: c.mobile, citizenId: c.citizenId, payload: c.payload };
}

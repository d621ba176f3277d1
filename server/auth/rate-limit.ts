import { lt, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { rateLimits } from "../../schema/index.ts";
import { sha256Hex } from "./tokens.ts";

export interface LimitRule {
  /** What is counted, e.g. "signin:ip". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface LimitResult {
  allowed: boolean;
  /** When the current window ends: the time to tell a refused user. */
  retryAt: Date;
  count: number;
}

/**
 * Counts one attempt against `rule` for `subject`. One atomic upsert per call, so
 * every hub instance sharing the database sees the same counts.
 */
export async function hitLimit(db: Db, rule: LimitRule, subject: string, now: Date): Promise<LimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  // A subject is whatever the client typed (an email, a number): a long one is hashed so
  // it fits the key's index (a 4,000-character email overflowed it, a 500).
  const key = subject.length > 128 ? `${rule.name}:#${sha256Hex(subject)}` : `${rule.name}:${subject}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  const count = row!.count;
  return { allowed: count <= rule.limit, retryAt: new Date(start.getTime() + windowMs), count };
}

/** Checks several rules; all are counted, so an attacker cannot dodge one by tripping another. */
export async function hitLimits(db: Db, checks: [LimitRule, string][], now: Date): Promise<LimitResult> {
  const results = [];
  for (const [rule, subject] of checks) results.push(await hitLimit(db, rule, subject, now));
  const refused = results.filter((r) => !r.allowed);
  if (!refused.length) return { allowed: true, retryAt: now, count: 0 };
  return {
    allowed: false,
    retryAt: new Date(Math.max(...refused.map((r) => r.retryAt.getTime()))),
    count: Math.max(...refused.map((r) => r.count)),
  };
}

/** Old windows are useless; a job calls this so the table stays small. */
export async function pruneLimits(db: Db, now: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 3600_000)));
}

export const LIMITS = {
  signinIp: { name: "signin:ip", limit: 30, windowSeconds: 15 * 60 },
  signinId: { name: "signin:id", limit: 5, windowSeconds: 15 * 60 },
  registerIp: { name: "register:ip", limit: 10, windowSeconds: 60 * 60 },
  registerId: { name: "register:id", limit: 5, windowSeconds: 60 * 60 },
  codeIp: { name: "code:ip", limit: 30, windowSeconds: 60 * 60 },
  codeMobileHour: { name: "code:mobile", limit: 5, windowSeconds: 60 * 60 },
  // Following a complaint by reference and SMS code (server/complaints/track.ts).
  trackIp: { name: "track:ip", limit: 20, windowSeconds: 60 * 60 },
  trackReference: { name: "track:ref", limit: 5, windowSeconds: 60 * 60 },
  staffSigninIp: { name: "staff-signin:ip", limit: 30, windowSeconds: 15 * 60 },
  staffSigninEmail: { name: "staff-signin:email", limit: 5, windowSeconds: 15 * 60 },
} satisfies Record<string, LimitRule>;

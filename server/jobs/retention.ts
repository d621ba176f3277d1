import { and, eq, lt, or } from "drizzle-orm";
import type { Db } from "../db.ts";
import { otpChallenges, rateLimits, sessions, staffInvites } from "../../schema/index.ts";
import { SESSION_POLICIES, type Realm } from "../auth/sessions.ts";

/** How long an expired code or invite is kept for support questions ("I got no code"). */
export const EXPIRED_KEEP_MS = 24 * 3600_000;

/**
 * Deletes what has expired and only ever grows: sessions of every realm (citizens, staff,
 * and those following one complaint by SMS code) past their idle or absolute limit (a
 * session row is a way in until it is gone), SMS codes and set-password links a
 * day after they expired, and rate-limit windows older than a day. The rules are the
 * same the code applies on use, so nothing deleted here was still usable.
 */
export async function pruneExpired(db: Db, now: Date): Promise<{ sessions: number; codes: number; invites: number; limits: number }> {
  let sessionCount = 0;
  for (const realm of Object.keys(SESSION_POLICIES) as Realm[]) {
    const p = SESSION_POLICIES[realm];
    const gone = await db
      .delete(sessions)
      .where(
        and(
          eq(sessions.realm, realm),
          or(lt(sessions.createdAt, new Date(now.getTime() - p.absoluteMs)), lt(sessions.lastActiveAt, new Date(now.getTime() - p.idleMs))),
        ),
      )
      .returning({ id: sessions.id });
    sessionCount += gone.length;
  }
  const cutoff = new Date(now.getTime() - EXPIRED_KEEP_MS);
  const codes = await db.delete(otpChallenges).where(lt(otpChallenges.expiresAt, cutoff)).returning({ id: otpChallenges.id });
  const invites = await db.delete(staffInvites).where(lt(staffInvites.expiresAt, cutoff)).returning({ at: staffInvites.expiresAt });
  const limits = await db.delete(rateLimits).where(lt(rateLimits.windowStart, cutoff)).returning({ key: rateLimits.key });
  return { sessions: sessionCount, codes: codes.length, invites: invites.length, limits: limits.length };
}

import { and, eq } from "drizzle-orm";
import { rawQuery, type Db } from "../db.ts";
import { sessions } from "../../schema/index.ts";
import { matchesHash, randomToken, sha256Hex } from "./tokens.ts";

/** "track" is someone following one complaint by reference and SMS code: userId is that complaint's id. */
export type Realm = "citizen" | "staff" | "track";

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out this long after sign-in, however active. */
  absoluteMs: number;
  /** Activity is written at most this often, so every request is not a database write. */
  touchEveryMs: number;
}

const MINUTE = 60_000;
// Staff sessions are shorter: a staff account opens many citizens' complaints.
export const SESSION_POLICIES: Record<Realm, SessionPolicy> = {
  citizen: { idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE, touchEveryMs: MINUTE },
  staff: { idleMs: 15 * MINUTE, absoluteMs: 9 * 60 * MINUTE, touchEveryMs: MINUTE },
  // Proved only by an SMS code, and it opens one complaint read-only: short-lived.
  track: { idleMs: 15 * MINUTE, absoluteMs: 60 * MINUTE, touchEveryMs: MINUTE },
};

export const SESSION_COOKIES: Record<Realm, string> = { citizen: "hub_session", staff: "hub_staff_session", track: "hub_track" };

export interface Session {
  id: string;
  realm: Realm;
  userId: string;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
}

function expiry(policy: SessionPolicy, createdAt: Date, lastActiveAt: Date): Date {
  return new Date(Math.min(createdAt.getTime() + policy.absoluteMs, lastActiveAt.getTime() + policy.idleMs));
}

/** Returns the cookie value `id.secret`; the database only ever sees the secret's hash. */
export async function createSession(db: Db, realm: Realm, userId: string, now: Date): Promise<{ token: string; session: Session }> {
  const id = randomToken();
  const secret = randomToken();
  await db.insert(sessions).values({ id, secretHash: sha256Hex(secret), realm, userId, createdAt: now, lastActiveAt: now });
  const policy = SESSION_POLICIES[realm];
  return {
    token: `${id}.${secret}`,
    session: { id, realm, userId, createdAt: now, lastActiveAt: now, expiresAt: expiry(policy, now, now) },
  };
}

/** The session behind a cookie, renewed on use; null (and the row removed) when expired or forged. */
export async function validateSession(db: Db, realm: Realm, token: string | undefined, now: Date): Promise<Session | null> {
  if (!token) return null;
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined) return null;
  // Every signed-in request runs this: one prepared statement, no query building.
  const [raw] = await rawQuery<{ secret_hash: string; user_id: string; created_at: Date | string; last_active_at: Date | string }>(
    db,
    "select secret_hash, user_id, created_at, last_active_at from sessions where id = $1::text and realm = $2::text",
    [id, realm],
  );
  if (!raw || !matchesHash(secret, raw.secret_hash)) return null;
  const row = { userId: raw.user_id, createdAt: new Date(raw.created_at), lastActiveAt: new Date(raw.last_active_at) };
  const policy = SESSION_POLICIES[realm];
  if (now >= expiry(policy, row.createdAt, row.lastActiveAt)) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let lastActiveAt = row.lastActiveAt;
  if (now.getTime() - lastActiveAt.getTime() >= policy.touchEveryMs) {
    lastActiveAt = now;
    await db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, id));
  }
  return { id, realm, userId: row.userId, createdAt: row.createdAt, lastActiveAt, expiresAt: expiry(policy, row.createdAt, lastActiveAt) };
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** "Sign out everywhere", and what a password change does. */
export async function deleteUserSessions(db: Db, realm: Realm, userId: string): Promise<number> {
  const r = await db
    .delete(sessions)
    .where(and(eq(sessions.realm, realm), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return r.length;
}

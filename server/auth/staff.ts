import { and, asc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { Db } from "../db.ts";
import { agencies, apiClients, staffInvites, staffRoles, staffUsers } from "../../schema/index.ts";
import { hashPassword, passwordSchema, verifyPassword } from "./password.ts";
import { hitLimits, LIMITS } from "./rate-limit.ts";
import { grantProblem, totpRequired, type RoleGrant, type StaffActor } from "./roles.ts";
import type { SecretBox } from "./secret-box.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import { totpStep } from "./totp.ts";
import { deleteUserSessions } from "./sessions.ts";

export const INVITE_VALID_MS = 72 * 3600_000;

export type StaffFailure =
  | { ok: false; error: "invalid"; fields: Record<string, string> }
  | { ok: false; error: "email_taken" | "invite_invalid" | "invalid_credentials" | "totp_required" | "totp_wrong" | "totp_not_enrolled" }
  | { ok: false; error: "throttled"; retryAt: Date };
type StaffResult<T> = ({ ok: true } & T) | StaffFailure;

const normaliseEmail = (e: string) => e.trim().toLowerCase();

async function agencyTotpLookup(db: Db): Promise<(code: string) => "required" | "optional"> {
  const rows = await db.select({ code: agencies.code, staffTotp: agencies.staffTotp }).from(agencies);
  const map = new Map(rows.map((r) => [r.code, r.staffTotp]));
  return (code) => map.get(code) ?? "optional";
}

export async function loadStaffActor(db: Db, staffId: string): Promise<StaffActor | null> {
  const [u] = await db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.id, staffId), eq(staffUsers.active, true)));
  if (!u) return null;
  const roles = await db.select().from(staffRoles).where(eq(staffRoles.staffId, staffId)).orderBy(asc(staffRoles.role));
  return { id: u.id, email: u.email, fullName: u.fullName, roles: roles.map((r) => ({ role: r.role, agencyCode: r.agencyCode || null })) };
}

async function checkGrants(db: Db, roles: RoleGrant[]): Promise<Record<string, string> | null> {
  if (!roles.length) return { roles: "role_required" };
  for (const g of roles) {
    const p = grantProblem(g);
    if (p) return { roles: p };
    if (g.agencyCode) {
      const [a] = await db.select({ code: agencies.code }).from(agencies).where(eq(agencies.code, g.agencyCode));
      if (!a) return { roles: "agency_unknown" };
    }
  }
  return null;
}

async function newInvite(db: Db, staffId: string, now: Date): Promise<string> {
  const token = randomToken() + randomToken();
  await db
    .insert(staffInvites)
    .values({ tokenHash: sha256Hex(token), staffId, expiresAt: new Date(now.getTime() + INVITE_VALID_MS), createdAt: now });
  return token;
}

/** Creates a staff account with no password; the returned token makes the one-time set-password link. */
export async function createStaff(
  db: Db,
  input: { email: string; fullName: string; roles: RoleGrant[] },
  now: Date,
): Promise<StaffResult<{ staffId: string; inviteToken: string }>> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, error: "invalid", fields: { email: "email_invalid" } };
  if (!input.fullName.trim()) return { ok: false, error: "invalid", fields: { fullName: "required" } };
  const roles = distinct(input.roles);
  const bad = await checkGrants(db, roles);
  if (bad) return { ok: false, error: "invalid", fields: bad };
  return db.transaction(async (tx) => {
    const [u] = await tx
      .insert(staffUsers)
      .values({ email, fullName: input.fullName.trim() })
      .onConflictDoNothing({ target: staffUsers.email })
      .returning({ id: staffUsers.id });
    if (!u) return { ok: false as const, error: "email_taken" as const };
    await tx.insert(staffRoles).values(roles.map((g) => ({ staffId: u.id, role: g.role, agencyCode: g.agencyCode ?? "" })));
    return { ok: true as const, staffId: u.id, inviteToken: await newInvite(tx as unknown as Db, u.id, now) };
  });
}

export async function reissueInvite(db: Db, staffId: string, now: Date): Promise<string> {
  return newInvite(db, staffId, now);
}

/** The same role for the same agency twice is one grant. */
function distinct(roles: RoleGrant[]): RoleGrant[] {
  const seen = new Map(roles.map((g) => [`${g.role}:${g.agencyCode ?? ""}`, g]));
  return [...seen.values()];
}

export async function replaceRoles(db: Db, staffId: string, given: RoleGrant[]): Promise<StaffResult<object>> {
  const roles = distinct(given);
  const [exists] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, staffId));
  if (!exists) return { ok: false, error: "invalid", fields: { staff: "invalid" } };
  const bad = await checkGrants(db, roles);
  if (bad) return { ok: false, error: "invalid", fields: bad };
  await db.transaction(async (tx) => {
    await tx.delete(staffRoles).where(eq(staffRoles.staffId, staffId));
    await tx.insert(staffRoles).values(roles.map((g) => ({ staffId, role: g.role, agencyCode: g.agencyCode ?? "" })));
  });
  return { ok: true };
}

export async function setStaffActive(db: Db, staffId: string, active: boolean): Promise<void> {
  await db.update(staffUsers).set({ active }).where(eq(staffUsers.id, staffId));
  if (!active) await deleteUserSessions(db, "staff", staffId);
}

export async function inviteStaff(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ staffId: staffInvites.staffId, expiresAt: staffInvites.expiresAt, email: staffUsers.email })
    .from(staffInvites)
    .innerJoin(staffUsers, eq(staffUsers.id, staffInvites.staffId))
    .where(and(eq(staffInvites.tokenHash, sha256Hex(token)), isNull(staffInvites.usedAt), eq(staffUsers.active, true)));
  if (!row || row.expiresAt <= now) return null;
  return row;
}

/**
 * Uses a set-password link once. Staff who need a second factor get a new TOTP key,
 * returned once to be shown, and stored sealed.
 */
export async function acceptInvite(
  db: Db,
  box: SecretBox,
  input: { token: string; password: string; passwordConfirm: string },
  now: Date,
): Promise<StaffResult<{ staffId: string; totpKey: Uint8Array | null }>> {
  const pw = passwordSchema.safeParse(input.password);
  if (!pw.success) return { ok: false, error: "invalid", fields: { password: pw.error.issues[0]!.message } };
  if (input.password !== input.passwordConfirm) return { ok: false, error: "invalid", fields: { passwordConfirm: "password_mismatch" } };
  const [used] = await db
    .update(staffInvites)
    .set({ usedAt: now })
    .where(and(eq(staffInvites.tokenHash, sha256Hex(input.token)), isNull(staffInvites.usedAt), gt(staffInvites.expiresAt, now)))
    .returning({ staffId: staffInvites.staffId });
  if (!used) return { ok: false, error: "invite_invalid" };
  const actor = await loadStaffActor(db, used.staffId);
  if (!actor) return { ok: false, error: "invite_invalid" };
  const needsTotp = totpRequired(actor.roles, await agencyTotpLookup(db));
  const key = needsTotp ? new Uint8Array(randomBytes(20)) : null;
  await db
    .update(staffUsers)
    .set({ passwordHash: await hashPassword(input.password), ...(key ? { totpKeyEnc: box.seal(key) } : {}) })
    .where(eq(staffUsers.id, used.staffId));
  await deleteUserSessions(db, "staff", used.staffId);
  return { ok: true, staffId: used.staffId, totpKey: key };
}

let pad: Promise<string> | undefined;

export async function signInStaff(
  db: Db,
  box: SecretBox,
  input: { email: string; password: string; totp?: string },
  ctx: { ip: string; now: Date },
): Promise<StaffResult<{ staffId: string }>> {
  const email = normaliseEmail(input.email ?? "");
  const limit = await hitLimits(
    db,
    [
      [LIMITS.staffSigninIp, ctx.ip],
      [LIMITS.staffSigninEmail, email],
    ],
    ctx.now,
  );
  if (!limit.allowed) return { ok: false, error: "throttled", retryAt: limit.retryAt };
  const [u] = await db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.email, email), eq(staffUsers.active, true)));
  const ok = await verifyPassword(u?.passwordHash ?? (await (pad ??= hashPassword("timing-pad-not-a-password"))), input.password ?? "");
  if (!u || !u.passwordHash || !ok) return { ok: false, error: "invalid_credentials" };
  const actor = (await loadStaffActor(db, u.id))!;
  const required = totpRequired(actor.roles, await agencyTotpLookup(db));
  if (u.totpKeyEnc) {
    if (!input.totp) return { ok: false, error: "totp_required" };
    const step = totpStep(box.open(u.totpKeyEnc), input.totp.trim(), ctx.now);
    if (step === null) return { ok: false, error: "totp_wrong" };
    // Each step once per user, and never an older one: one conditional update, so two
    // instances racing with the same code cannot both win.
    const [claimed] = await db
      .update(staffUsers)
      .set({ totpLastStep: step })
      .where(and(eq(staffUsers.id, u.id), or(isNull(staffUsers.totpLastStep), lt(staffUsers.totpLastStep, step))))
      .returning({ id: staffUsers.id });
    if (!claimed) return { ok: false, error: "totp_wrong" };
  } else if (required) {
    // The role was granted after the password was set: a new link enrols the second factor.
    return { ok: false, error: "totp_not_enrolled" };
  }
  return { ok: true, staffId: u.id };
}

export async function listStaff(db: Db) {
  const users = await db.select().from(staffUsers).orderBy(asc(staffUsers.email));
  const roles = await db.select().from(staffRoles);
  // An agency API key's own account (0027) is managed with its key, not as a person.
  const keyAccounts = new Set((await db.select({ id: apiClients.staffId }).from(apiClients)).map((r) => r.id));
  return users
    .filter((u) => !keyAccounts.has(u.id))
    .map((u) => ({
      id: u.id,
      email: u.email,
      fullName: u.fullName,
      active: u.active,
      hasPassword: !!u.passwordHash,
      hasTotp: !!u.totpKeyEnc,
      roles: roles.filter((r) => r.staffId === u.id).map((r) => ({ role: r.role, agencyCode: r.agencyCode || null })),
    }));
}

export function inviteLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/staff/set-password/${token}`;
}

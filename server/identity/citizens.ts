import { eq } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { citizens } from "../../schema/index.ts";
import { hashPassword, passwordSchema, verifyPassword } from "../auth/password.ts";
import { hitLimits, LIMITS } from "../auth/rate-limit.ts";
import { deleteUserSessions } from "../auth/sessions.ts";
import type { SmsGateway } from "../notify/sms.ts";
import { challengeMobile, issueChallenge, reissueChallenge, verifyChallenge, type VerifyResult } from "./otp.ts";
import { fieldErrors, maskMobile, mobileField, nationalIdField, profileSchema, registrationSchema } from "./fields.ts";
import { matchesRegistry, RegistryUnavailableError, type CivilRegistry } from "./registry.ts";
import { codeSms } from "./messages.ts";
import { linkRegisteredComplaints } from "../complaints/link.ts";

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  registry: CivilRegistry;
  sms: SmsGateway;
}

/** Every refusal is a code the views translate; none reveals which identity field was wrong. */
export type Failure =
  | { ok: false; error: "invalid"; fields: Record<string, string> }
  | { ok: false; error: "identity_mismatch" | "registry_unavailable" | "already_registered" | "invalid_credentials" | "sms_failed" }
  | { ok: false; error: "throttled"; retryAt: Date }
  | { ok: false; error: "code_wrong"; attemptsLeft: number }
  | { ok: false; error: "code_expired" | "code_locked" | "code_used" | "code_not_found" };

export type Result<T> = ({ ok: true } & T) | Failure;

function codeFailure(v: Exclude<VerifyResult, { ok: true }>): Failure {
  if (v.reason === "wrong") return { ok: false, error: "code_wrong", attemptsLeft: v.attemptsLeft };
  return { ok: false, error: `code_${v.reason}` as "code_expired" | "code_locked" | "code_used" | "code_not_found" };
}

async function sendCode(deps: IdentityDeps, mobile: string, code: string, lang: "ar" | "en"): Promise<boolean> {
  try {
    await deps.sms.send({ to: mobile, text: codeSms(code, lang) });
    return true;
  } catch {
    return false;
  }
}

// Argon2 on a throwaway hash keeps "no such citizen" as slow as "wrong password".
let dummyHash: Promise<string> | undefined;
const timingPad = () => (dummyHash ??= hashPassword("timing-pad-not-a-password"));

export async function startRegistration(
  deps: IdentityDeps,
  raw: unknown,
  ctx: { ip: string; lang: "ar" | "en" },
): Promise<Result<{ challengeId: string; mobileMasked: string }>> {
  const parsed = registrationSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    // zod skips the cross-field check while another field is invalid; show it anyway.
    const r = (raw ?? {}) as Record<string, unknown>;
    if (r.password !== r.passwordConfirm) fields.passwordConfirm ??= "password_mismatch";
    return { ok: false, error: "invalid", fields };
  }
  const input = parsed.data;
  const now = deps.clock.now();

  const limit = await hitLimits(
    deps.db,
    [
      [LIMITS.registerIp, ctx.ip],
      [LIMITS.registerId, input.nationalId],
    ],
    now,
  );
  if (!limit.allowed) return { ok: false, error: "throttled", retryAt: limit.retryAt };

  let record;
  try {
    record = await deps.registry.lookup(input.nationalId);
  } catch (e) {
    if (e instanceof RegistryUnavailableError) return { ok: false, error: "registry_unavailable" };
    throw e;
  }
  if (!record || !matchesRegistry(record, input)) return { ok: false, error: "identity_mismatch" };

  const [existing] = await deps.db.select({ id: citizens.id }).from(citizens).where(eq(citizens.nationalId, input.nationalId));
  if (existing) return { ok: false, error: "already_registered" };

  const { password, passwordConfirm: _c, acceptPolicy: _a, ...profile } = input;
  const payload = {
    ...profile,
    nationality: record.nationality,
    passwordHash: await hashPassword(password),
    lang: ctx.lang,
    policyAcceptedAt: now.toISOString(),
  };
  const issued = await issueChallenge(deps.db, { purpose: "register", mobile: input.mobile, payload }, now);
  if (!issued.ok) return { ok: false, error: "throttled", retryAt: issued.retryAt };
  if (!(await sendCode(deps, input.mobile, issued.code, ctx.lang))) return { ok: false, error: "sms_failed" };
  return { ok: true, challengeId: issued.challengeId, mobileMasked: maskMobile(input.mobile) };
}

interface RegistrationPayload {
  nationalId: string;
  nationality: string;
  firstName: string;
  fatherName: string;
  grandfatherName: string;
  familyName: string;
  dateOfBirth: string;
  mobile: string;
  email?: string;
  country: string;
  city: string;
  address: string;
  passwordHash: string;
  lang: "ar" | "en";
  policyAcceptedAt: string;
}

/** The account exists only once the mobile is confirmed. */
export async function completeRegistration(deps: IdentityDeps, challengeId: string, code: string): Promise<Result<{ citizenId: string }>> {
  const now = deps.clock.now();
  const v = await verifyChallenge(deps.db, challengeId, code, now);
  if (!v.ok) return codeFailure(v);
  if (v.purpose !== "register" || !v.payload) return { ok: false, error: "code_not_found" };
  const p = v.payload as unknown as RegistrationPayload;
  const [row] = await deps.db
    .insert(citizens)
    .values({
      nationalId: p.nationalId,
      nationality: p.nationality,
      firstName: p.firstName,
      fatherName: p.fatherName,
      grandfatherName: p.grandfatherName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      mobile: p.mobile,
      email: p.email ?? null,
      country: p.country,
      city: p.city,
      address: p.address,
      passwordHash: p.passwordHash,
      lang: p.lang,
      notifyBy: "sms",
      policyAcceptedAt: new Date(p.policyAcceptedAt),
      mobileVerifiedAt: now,
    })
    .onConflictDoNothing({ target: citizens.nationalId })
    .returning({ id: citizens.id });
  if (!row) return { ok: false, error: "already_registered" };
  // What the call centre registered for this (registry-verified) number is theirs now.
  await linkRegisteredComplaints(deps.db, row.id, p.nationalId, now);
  return { ok: true, citizenId: row.id };
}

/** Sends a new code for a challenge (registration, reset or mobile change). */
export async function resendCode(deps: IdentityDeps, challengeId: string, lang: "ar" | "en"): Promise<Result<{ mobileMasked: string }>> {
  const r = await reissueChallenge(deps.db, challengeId, deps.clock.now());
  if (!r.ok) {
    if (r.reason === "throttled") return { ok: false, error: "throttled", retryAt: r.retryAt };
    return { ok: false, error: `code_${r.reason}` as "code_locked" | "code_used" | "code_not_found" };
  }
  const to = await challengeMobile(deps.db, challengeId);
  // Placeholder mobiles of unmatched reset requests receive nothing, and say nothing.
  if (to && to.startsWith("+") && !(await sendCode(deps, to, r.code, lang))) return { ok: false, error: "sms_failed" };
  return { ok: true, mobileMasked: to && to.startsWith("+") ? maskMobile(to) : "" };
}

export async function signIn(
  deps: IdentityDeps,
  raw: { nationalId?: unknown; password?: unknown },
  ctx: { ip: string },
): Promise<Result<{ citizenId: string }>> {
  const id = nationalIdField.safeParse(raw.nationalId ?? "");
  const password = typeof raw.password === "string" ? raw.password : "";
  if (!id.success || !password) return { ok: false, error: "invalid_credentials" };
  const now = deps.clock.now();
  const limit = await hitLimits(
    deps.db,
    [
      [LIMITS.signinIp, ctx.ip],
      [LIMITS.signinId, id.data],
    ],
    now,
  );
  if (!limit.allowed) return { ok: false, error: "throttled", retryAt: limit.retryAt };
  const [c] = await deps.db.select({ id: citizens.id, hash: citizens.passwordHash }).from(citizens).where(eq(citizens.nationalId, id.data));
  const ok = await verifyPassword(c?.hash ?? (await timingPad()), password);
  if (!c || !ok) return { ok: false, error: "invalid_credentials" };
  // Staff may have registered a complaint for this number since the last sign-in.
  await linkRegisteredComplaints(deps.db, c.id, id.data, now);
  return { ok: true, citizenId: c.id };
}

/**
 * Always answers with a challenge, so the page cannot be used to learn who has an
 * account; only a matching national number and birth date get a real code by SMS.
 */
export async function startPasswordReset(
  deps: IdentityDeps,
  raw: { nationalId?: unknown; dateOfBirth?: unknown },
  ctx: { ip: string; lang: "ar" | "en" },
): Promise<Result<{ challengeId: string }>> {
  const id = nationalIdField.safeParse(raw.nationalId ?? "");
  if (!id.success) return { ok: false, error: "invalid", fields: { nationalId: "national_id_invalid" } };
  const now = deps.clock.now();
  const limit = await hitLimits(
    deps.db,
    [
      [LIMITS.codeIp, ctx.ip],
      [LIMITS.registerId, id.data],
    ],
    now,
  );
  if (!limit.allowed) return { ok: false, error: "throttled", retryAt: limit.retryAt };
  const [c] = await deps.db.select().from(citizens).where(eq(citizens.nationalId, id.data));
  const matches = !!c && c.dateOfBirth === String(raw.dateOfBirth ?? "").trim();
  const issued = await issueChallenge(
    deps.db,
    { purpose: "reset_password", mobile: matches ? c.mobile : `none:${id.data}`, ...(matches ? { citizenId: c.id } : {}) },
    now,
  );
  if (!issued.ok) return { ok: false, error: "throttled", retryAt: issued.retryAt };
  // A failed send must look like a non-match, or a gateway outage would reveal who
  // has an account; the citizen can ask for the code again on the next page.
  if (matches) await sendCode(deps, c.mobile, issued.code, ctx.lang);
  return { ok: true, challengeId: issued.challengeId };
}

export async function completePasswordReset(
  deps: IdentityDeps,
  input: { challengeId: string; code: string; password: string; passwordConfirm: string },
): Promise<Result<{ citizenId: string }>> {
  const pw = passwordSchema.safeParse(input.password);
  if (!pw.success) return { ok: false, error: "invalid", fields: { password: pw.error.issues[0]!.message } };
  if (input.password !== input.passwordConfirm) return { ok: false, error: "invalid", fields: { passwordConfirm: "password_mismatch" } };
  const v = await verifyChallenge(deps.db, input.challengeId, input.code, deps.clock.now());
  if (!v.ok) return codeFailure(v);
  if (v.purpose !== "reset_password" || !v.citizenId) return { ok: false, error: "code_wrong", attemptsLeft: 0 };
  await deps.db
    .update(citizens)
    .set({ passwordHash: await hashPassword(input.password), updatedAt: deps.clock.now() })
    .where(eq(citizens.id, v.citizenId));
  // A reset usually means the old password leaked: every open session ends.
  await deleteUserSessions(deps.db, "citizen", v.citizenId);
  return { ok: true, citizenId: v.citizenId };
}

export async function startMobileChange(
  deps: IdentityDeps,
  citizenId: string,
  rawMobile: unknown,
  ctx: { ip: string; lang: "ar" | "en" },
): Promise<Result<{ challengeId: string; mobileMasked: string }>> {
  const m = mobileField.safeParse(rawMobile ?? "");
  if (!m.success) return { ok: false, error: "invalid", fields: { mobile: "mobile_invalid" } };
  const now = deps.clock.now();
  const limit = await hitLimits(deps.db, [[LIMITS.codeIp, ctx.ip]], now);
  if (!limit.allowed) return { ok: false, error: "throttled", retryAt: limit.retryAt };
  const issued = await issueChallenge(deps.db, { purpose: "change_mobile", mobile: m.data, citizenId }, now);
  if (!issued.ok) return { ok: false, error: "throttled", retryAt: issued.retryAt };
  if (!(await sendCode(deps, m.data, issued.code, ctx.lang))) return { ok: false, error: "sms_failed" };
  return { ok: true, challengeId: issued.challengeId, mobileMasked: maskMobile(m.data) };
}

export async function completeMobileChange(
  deps: IdentityDeps,
  citizenId: string,
  challengeId: string,
  code: string,
): Promise<Result<object>> {
  const v = await verifyChallenge(deps.db, challengeId, code, deps.clock.now());
  if (!v.ok) return codeFailure(v);
  if (v.purpose !== "change_mobile" || v.citizenId !== citizenId) return { ok: false, error: "code_not_found" };
  const now = deps.clock.now();
  await deps.db.update(citizens).set({ mobile: v.mobile, mobileVerifiedAt: now, updatedAt: now }).where(eq(citizens.id, citizenId));
  return { ok: true };
}

export async function updateProfile(deps: IdentityDeps, citizenId: string, raw: unknown): Promise<Result<object>> {
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const p = parsed.data;
  await deps.db
    .update(citizens)
    .set({
      email: p.email ?? null,
      notifyBy: p.notifyBy,
      city: p.city,
      address: p.address,
      ...(p.lang ? { lang: p.lang } : {}),
      updatedAt: deps.clock.now(),
    })
    .where(eq(citizens.id, citizenId));
  return { ok: true };
}

export async function getCitizen(db: Db, citizenId: string) {
  const [c] = await db.select().from(citizens).where(eq(citizens.id, citizenId));
  return c ?? null;
}

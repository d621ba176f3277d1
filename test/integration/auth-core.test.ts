import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase, type Database } from "../../server/db.ts";
import { createSession, deleteUserSessions, SESSION_POLICIES, validateSession } from "../../server/auth/sessions.ts";
import { hitLimit, LIMITS } from "../../server/auth/rate-limit.ts";
import { issueChallenge, OTP_RULES, reissueChallenge, verifyChallenge } from "../../server/identity/otp.ts";
import { otpChallenges, sessions } from "../../schema/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const T0 = new Date("2026-11-22T09:00:00+03:00");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const USER = "00000000-0000-4000-8000-000000000001";

describe("sessions", () => {
  it("the cookie token opens the session; the database holds only a hash of its secret", async () => {
    const { token, session } = await createSession(database.db, "citizen", USER, T0);
    const [id, secret] = token.split(".");
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id!));
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.secretHash).not.toContain(secret!);
    expect((await validateSession(database.db, "citizen", token, at(1000)))?.id).toBe(session.id);
    expect(await validateSession(database.db, "citizen", `${id}.wrongsecret`, at(1000))).toBeNull();
    expect(await validateSession(database.db, "staff", token, at(1000))).toBeNull();
    expect(await validateSession(database.db, "citizen", "garbage", at(1000))).toBeNull();
  });

  it("expires after the idle timeout, and activity renews it", async () => {
    const { token } = await createSession(database.db, "citizen", USER, T0);
    const idle = SESSION_POLICIES.citizen.idleMs;
    // Active every 20 minutes for two hours: still signed in.
    for (let t = 20 * MIN; t <= 120 * MIN; t += 20 * MIN) {
      expect(await validateSession(database.db, "citizen", token, at(t))).not.toBeNull();
    }
    expect(await validateSession(database.db, "citizen", token, at(120 * MIN + idle))).toBeNull();
    // And the row is gone, not just refused.
    const id = token.split(".")[0]!;
    expect(await database.db.select().from(sessions).where(eq(sessions.id, id))).toEqual([]);
  });

  it("ends at the absolute timeout however active, and staff sessions are shorter", async () => {
    const { token } = await createSession(database.db, "staff", USER, T0);
    const { absoluteMs, idleMs } = SESSION_POLICIES.staff;
    expect(idleMs).toBeLessThan(SESSION_POLICIES.citizen.idleMs);
    expect(absoluteMs).toBeLessThan(SESSION_POLICIES.citizen.absoluteMs);
    let t = 0;
    while (t + 10 * MIN < absoluteMs) {
      t += 10 * MIN;
      expect(await validateSession(database.db, "staff", token, at(t))).not.toBeNull();
    }
    expect(await validateSession(database.db, "staff", token, at(absoluteMs))).toBeNull();
  });

  it("signing out everywhere removes every session of that user only", async () => {
    const other = "00000000-0000-4000-8000-000000000002";
    const a = await createSession(database.db, "citizen", other, T0);
    const b = await createSession(database.db, "citizen", other, T0);
    const keep = await createSession(database.db, "citizen", USER, T0);
    expect(await deleteUserSessions(database.db, "citizen", other)).toBe(2);
    expect(await validateSession(database.db, "citizen", a.token, at(1))).toBeNull();
    expect(await validateSession(database.db, "citizen", b.token, at(1))).toBeNull();
    expect(await validateSession(database.db, "citizen", keep.token, at(1))).not.toBeNull();
  });
});

describe("SMS codes", () => {
  let n = 0;
  const mobile = () => `+9665000000${String(++n).padStart(2, "0")}`;

  it("are 5 digits, stored hashed, and work once", async () => {
    const m = mobile();
    const c = await issueChallenge(database.db, { purpose: "register", mobile: m }, T0);
    if (!c.ok) throw new Error("throttled");
    expect(c.code).toMatch(/^\d{5}$/);
    const [row] = await database.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
    expect(JSON.stringify(row)).not.toContain(`"${c.code}"`);
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyChallenge(database.db, c.challengeId, c.code, at(MIN))).toMatchObject({ ok: true, mobile: m });
    expect(await verifyChallenge(database.db, c.challengeId, c.code, at(MIN))).toEqual({ ok: false, reason: "used" });
  });

  it("expire after 5 minutes", async () => {
    const c = await issueChallenge(database.db, { purpose: "register", mobile: mobile() }, T0);
    if (!c.ok) throw new Error("throttled");
    expect(await verifyChallenge(database.db, c.challengeId, c.code, at(OTP_RULES.validMs))).toEqual({ ok: false, reason: "expired" });
  });

  it("lock after 5 wrong tries, even for the right code afterwards", async () => {
    const c = await issueChallenge(database.db, { purpose: "register", mobile: mobile() }, T0);
    if (!c.ok) throw new Error("throttled");
    const wrong = c.code === "00000" ? "11111" : "00000";
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await verifyChallenge(database.db, c.challengeId, wrong, at(1000)));
    expect(results.slice(0, 4).map((r) => (r.ok ? "ok" : r.reason === "wrong" ? r.attemptsLeft : r.reason))).toEqual([4, 3, 2, 1]);
    expect(results[4]).toEqual({ ok: false, reason: "locked" });
    expect(await verifyChallenge(database.db, c.challengeId, c.code, at(2000))).toEqual({ ok: false, reason: "locked" });
    expect(await reissueChallenge(database.db, c.challengeId, at(5 * MIN))).toEqual({ ok: false, reason: "locked" });
  });

  it("parallel guesses cannot exceed the five tries", async () => {
    const c = await issueChallenge(database.db, { purpose: "register", mobile: mobile() }, T0);
    if (!c.ok) throw new Error("throttled");
    const guesses = Array.from({ length: 20 }, (_, i) => String(i).padStart(5, "9")).filter((g) => g !== c.code);
    await Promise.all(guesses.map((g) => verifyChallenge(database.db, c.challengeId, g, at(1000))));
    const [row] = await database.db.select().from(otpChallenges).where(eq(otpChallenges.id, c.challengeId));
    expect(row!.lockedAt).not.toBeNull();
    expect(await verifyChallenge(database.db, c.challengeId, c.code, at(2000))).toMatchObject({ ok: false });
  });

  it("resending waits 60 seconds and allows 5 codes an hour per number", async () => {
    const m = mobile();
    const first = await issueChallenge(database.db, { purpose: "register", mobile: m }, T0);
    if (!first.ok) throw new Error("throttled");
    const early = await reissueChallenge(database.db, first.challengeId, at(30_000));
    expect(early).toMatchObject({ ok: false, reason: "throttled", retryAt: at(60_000) });
    let t = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      t += 61_000;
      const r = await reissueChallenge(database.db, first.challengeId, at(t));
      outcomes.push(r.ok ? "sent" : r.reason);
    }
    // The first code and four resends fill the hour's five; the fifth resend waits.
    expect(outcomes).toEqual(["sent", "sent", "sent", "sent", "throttled"]);
    // A new challenge for the same number is throttled too: the limit is per number.
    expect((await issueChallenge(database.db, { purpose: "register", mobile: m }, at(t + 61_000))).ok).toBe(false);
    // A fresh hour brings the number back.
    const nextHour = new Date(Math.ceil(at(t).getTime() / 3600_000) * 3600_000 + 1000);
    expect((await reissueChallenge(database.db, first.challengeId, nextHour)).ok).toBe(true);
  });

  it("a resent code replaces the old one but keeps counting wrong tries", async () => {
    const c = await issueChallenge(database.db, { purpose: "register", mobile: mobile() }, T0);
    if (!c.ok) throw new Error("throttled");
    const wrong = c.code === "00000" ? "11111" : "00000";
    for (let i = 0; i < 3; i++) await verifyChallenge(database.db, c.challengeId, wrong, at(1000));
    const again = await reissueChallenge(database.db, c.challengeId, at(2 * MIN));
    if (!again.ok) throw new Error("throttled");
    if (again.code !== c.code) {
      expect(await verifyChallenge(database.db, c.challengeId, c.code, at(3 * MIN))).toMatchObject({
        ok: false,
        reason: "wrong",
        attemptsLeft: 1,
      });
    }
    expect(await verifyChallenge(database.db, c.challengeId, again.code, at(3 * MIN))).toMatchObject({ ok: true });
  });
});

describe("rate limits", () => {
  it("hold across two hub instances sharing one database", async () => {
    // A second, independent connection to the same database: another hub instance.
    const second: Database = database.url ? await openDatabase({ url: database.url, migrate: false, max: 2 }) : database; // PGlite is single-process: the same database is the only way to share it.
    try {
      const rule = LIMITS.signinId;
      const results = await Promise.all(
        Array.from({ length: rule.limit + 3 }, (_, i) => hitLimit((i % 2 ? second : database).db, rule, "1012345678", T0)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(rule.limit);
      const refused = results.filter((r) => !r.allowed);
      expect(refused).toHaveLength(3);
      expect(refused[0]!.retryAt.getTime()).toBeGreaterThan(T0.getTime());
      expect((await hitLimit(second.db, rule, "1012345678", refused[0]!.retryAt)).allowed).toBe(true);
    } finally {
      if (second !== database) await second.close();
    }
  });
});

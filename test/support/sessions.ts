import { expect } from "vitest";
import { eq } from "drizzle-orm";
import { staffUsers } from "../../schema/index.ts";
import type { Db } from "../../server/db.ts";
import { loadStaffActor } from "../../server/auth/staff.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import type { Hono } from "hono";
import type { Clock } from "../../server/clock.ts";
import { totpCode } from "../../server/auth/totp.ts";
import { DEMO_PASSWORD, demoTotpKey } from "../../server/demo/seed.ts";
import { Browser } from "./http.ts";

// The hub takes each TOTP step once per account, as a phone's code would be: a second
// sign-in of one account at one clock time uses the next step (inside the drift window).
// Kept per clock, not per app: apps that share a database (and so the last step each
// account used) share the test's clock too, while a test with its own database and app
// has a clock of its own.
const usedSteps = new WeakMap<Clock, Map<string, number>>();

/**
 * For files whose tests share one database and each set the clock where they like: a
 * test that runs after one set later in time would find every code "already used".
 * Forgets the steps on both sides, the hub's record and this helper's.
 */
export async function forgetTotpSteps(db: Db, clock: Clock): Promise<void> {
  await db.update(staffUsers).set({ totpLastStep: null });
  usedSteps.delete(clock);
}

/** Signs a demo staff account in ("liaison.momah", "analyst", …) with password and TOTP. */
export async function signInStaff(app: Hono<any>, clock: Clock, who: string): Promise<Browser> {
  const email = who.includes("@") ? who : `${who}@demo.hub.example`;
  const used = usedSteps.get(clock) ?? new Map<string, number>();
  usedSteps.set(clock, used);
  const step = Math.floor(clock.now().getTime() / 30_000);
  const last = used.get(email);
  const chosen = last === undefined || last < step ? step : last + 1;
  if (chosen > step + 1) throw new Error(`${email} signed in too often at one clock time; advance the clock`);
  used.set(email, chosen);
  const b = new Browser(app);
  const res = await b.post("/staff/signin", {
    email,
    password: DEMO_PASSWORD,
    totp: totpCode(demoTotpKey(email), new Date(chosen * 30_000)),
  });
  expect(res.status).toBe(303);
  return b;
}

/**
 * Staff browsers kept across tests: sign-in is rate-limited (5 per 15 minutes per
 * email), so a test signs in again only when a jump of the settable clock expired one.
 */
export function staffSessions(app: Hono<any>, clock: Clock) {
  const known = new Map<string, Browser>();
  return async (who: string) => {
    const b = known.get(who);
    if (b && (await b.get("/staff")).status === 200) return b;
    const fresh = await signInStaff(app, clock, who);
    known.set(who, fresh);
    return fresh;
  };
}

/** The same for a citizen's browser: signs in again if the session has expired. */
export async function keepCitizen(b: Browser, nationalId: string, password = "a long secret phrase"): Promise<Browser> {
  if ((await b.get("/account")).status !== 200) expect((await b.post("/signin", { nationalId, password })).status).toBe(303);
  return b;
}

/** A demo staff account ("liaison.momah", …) as the actor the use cases take directly. */
export async function demoStaff(db: Db, who: string): Promise<StaffActor> {
  const email = who.includes("@") ? who : `${who}@demo.hub.example`;
  const [u] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email));
  const actor = u && (await loadStaffActor(db, u.id));
  if (!actor) throw new Error(`no demo staff account ${email}`);
  return actor;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { registerCitizen } from "../support/citizen.ts";
import { pruneExpired } from "../../server/jobs/retention.ts";
import { hitLimit, LIMITS } from "../../server/auth/rate-limit.ts";
import type { SettableClock } from "../../server/clock.ts";
import { createSession, validateSession } from "../../server/auth/sessions.ts";

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;

beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
});
afterAll(async () => {
  await database?.close();
});

const count = async (table: string) => {
  const r = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return ((r as unknown as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[]))[0]!.n;
};

describe("the retention job", () => {
  it("deletes expired sessions, codes and old rate-limit windows, and keeps live ones", async () => {
    const clock = h.deps.clock as SettableClock;
    const { browser } = await registerCitizen(h); // a session, a used code, rate-limit rows
    expect(await count("sessions")).toBe(1);
    expect(await count("otp_challenges")).toBeGreaterThan(0);
    expect(await count("rate_limits")).toBeGreaterThan(0);

    // An hour on: the citizen's idle limit (30 min) has passed; codes and windows are recent.
    clock.advance(3600_000);
    await hitLimit(database.db, LIMITS.signinIp, "203.0.113.9", clock.now());
    let pruned = await pruneExpired(database.db, clock.now());
    expect(pruned.sessions).toBe(1);
    expect(await count("sessions")).toBe(0);
    expect((await browser.get("/account")).status).not.toBe(200);
    expect(await count("otp_challenges")).toBeGreaterThan(0);

    // Two days on: the codes expired more than a day ago; the windows are old.
    clock.advance(48 * 3600_000);
    await hitLimit(database.db, LIMITS.signinIp, "203.0.113.9", clock.now());
    pruned = await pruneExpired(database.db, clock.now());
    expect(pruned.codes).toBeGreaterThan(0);
    expect(await count("otp_challenges")).toBe(0);
    expect(await count("rate_limits")).toBe(1); // the window just opened stays
  });

  it("deletes a follower's expired track session (one complaint, by SMS code) and keeps a live one", async () => {
    const clock = h.deps.clock as SettableClock;
    const complaintId = "00000000-0000-4000-8000-000000000017";
    const old = await createSession(database.db, "track", complaintId, clock.now());
    clock.advance(20 * 60_000); // past the 15-minute idle limit of the first
    const live = await createSession(database.db, "track", complaintId, clock.now());
    expect((await pruneExpired(database.db, clock.now())).sessions).toBeGreaterThanOrEqual(1);
    const left = await database.db.execute(sql`select id from sessions where realm = 'track'`);
    const rows = (left as unknown as { rows?: { id: string }[] }).rows ?? (left as unknown as { id: string }[]);
    expect(rows.map((r) => r.id)).toEqual([live.session.id]);
    expect(await validateSession(database.db, "track", old.token, clock.now())).toBeNull();
    // Leaves the table as it found it: the other test counts every session.
    await database.db.execute(sql`delete from sessions where realm = 'track'`);
  });
});

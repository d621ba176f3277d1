import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { registerCitizen } from "../support/citizen.ts";
import { pruneExpired } from "../../server/jobs/retention.ts";
import { hitLimit, LIMITS } from "../../server/auth/rate-limit.ts";
import type { SettableClock } from "../../server/clock.ts";

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
});

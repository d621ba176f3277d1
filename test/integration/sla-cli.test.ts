import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaints, slaEvents } from "../../schema/index.ts";
import { runCli } from "../../server/cli-run.ts";
import { parseConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db.ts";
import { loadCalendar, loadCalendarBook } from "../../server/calendar/holiday-store.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { SLOW_TEST_TIMEOUT } from "../support/server-process.ts";
import { act } from "../../server/complaints/transition.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { runSla } from "../../server/jobs/sla.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { demoStaff } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";

// `npm run hub -- sla forecast --as-of …` against the real configuration: its lines are
// what the job then does at that instant, and printing them changes nothing.

let env: Record<string, string>;
const pgs: TestDatabase[] = [];
/** A database of its own (a PGlite data folder, or a PostgreSQL database) for one test. */
async function freshEnv(): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), "hub-sla-cli-"));
  if (!process.env.DATABASE_URL) return { DATA_DIR: dataDir };
  const pg = await createTestDatabase();
  pgs.push(pg);
  return { DATABASE_URL: pg.url!, DATA_DIR: dataDir, HUB_SECRET: "test-secret-".padEnd(40, "x") };
}
beforeAll(async () => {
  env = await freshEnv();
});
afterAll(async () => {
  for (const pg of pgs) await pg.close();
});

const open = (e = env) => {
  const config = parseConfig(e);
  return openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
};

describe("npm run hub -- sla forecast", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("prints what would be warned, escalated or closed by then, and the job then does exactly that", async () => {
    const config = parseConfig(env);
    const clock = new SettableClock("2026-12-10T12:00:00+03:00"); // a Thursday
    let database = await open();
    const calendar = await loadCalendar(database.db, config.calendar, clock.now());
    const deps = {
      db: database.db,
      clock,
      calendar,
      reopenWindow: config.reopenWindow,
      publicUrl: "https://hub.example",
      routing: buildIndex([]),
      routingThreshold: 0.15,
    };
    await syncDirectory(database.db, await loadDirectory("agencies"));
    await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
    const officer = await demoStaff(database.db, "liaison.momah");
    const citizenId = await insertCitizen(database.db, { nationalId: "1013131313", mobile: "+966501313131" });
    const refs: string[] = [];
    for (const [i, service] of ["ROADS_POTHOLES", "STREET_LIGHTING", "CLEANLINESS"].entries()) {
      const r = await submitComplaint(deps, citizenId, {
        kind: "complaint",
        text: `بلاغ تجريبي رقم ${i} عن مشكلة في الحي`,
        city: "riyadh",
        agencyCode: "MOMAH",
        serviceCode: service,
        notifyBy: "sms",
        clientKey: `forecast-${i}-key`,
      });
      if (!r.ok) throw new Error(JSON.stringify(r));
      refs.push(r.reference);
    }
    await act(deps, { kind: "staff", staff: officer }, refs[0]!, null, { action: "accept", days: 3, reason: undefined });
    await act(deps, { kind: "staff", staff: officer }, refs[1]!, null, { action: "accept", days: 3, reason: undefined });
    await act(deps, { kind: "staff", staff: officer }, refs[1]!, null, { action: "request_info", message: "نحتاج صورة للموقع" });
    await database.close();

    const asOf = "2026-12-31T12:00:00+03:00";
    const out: string[] = [];
    const code = await runCli(["sla", "forecast", "--as-of", asOf], { out: (l) => out.push(l), err: (l) => out.push(l), env });
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^# \d+ SLA event\(s\) due by 2026-12-31T09:00:00.000Z \(nothing was changed\)$/);
    const lines = out
      .slice(1)
      .filter((l) => !l.startsWith("#"))
      .map((l) => l.split("\t"));
    // Every MOMAH complaint is counted on the hub's calendar (MOMAH sets none of its own), and the output says so.
    expect(new Set(lines.map((l) => l[4]))).toEqual(new Set(["hub"]));
    expect(out).toContain("# calendar hub: SA Asia/Riyadh, weekend fri,sat, 07:30-14:30");
    const predicted = lines.map(([, ref, , kind]) => `${ref} ${kind}`).sort();
    expect(predicted).toEqual(
      [
        `${refs[0]} resolution_warning`,
        `${refs[0]} escalation_1`,
        `${refs[0]} escalation_2`,
        `${refs[0]} escalation_3`,
        `${refs[0]} beyond_agency`,
        `${refs[1]} info_reminder`,
        `${refs[1]} info_expired`,
        `${refs[1]} satisfaction_invite`,
        `${refs[2]} jurisdiction_overdue`,
        // Issue 14 §4: the jurisdiction ladder climbs to level 3 and then to the national unit.
        `${refs[2]} jurisdiction_2`,
        `${refs[2]} jurisdiction_3`,
        `${refs[2]} beyond_agency`,
      ].sort(),
    );
    expect(await runCli(["sla", "forecast", "--as-of", "next week"], { out: () => {}, err: (l) => out.push(l), env })).toBe(2);

    database = await open();
    try {
      expect(await database.db.select().from(slaEvents)).toHaveLength(0); // the forecast changed nothing
      clock.set(asOf);
      await runSla({ ...deps, db: database.db });
      const actual = await database.db
        .select({ ref: complaints.reference, kind: slaEvents.kind })
        .from(slaEvents)
        .innerJoin(complaints, eq(complaints.id, slaEvents.complaintId));
      expect(actual.map((a) => `${a.ref} ${a.kind}`).sort()).toEqual(predicted);
    } finally {
      await database.close();
    }
  });
  it("counts each complaint on its agency's calendar (Al Buraimi: Muscat's working hours) and names the calendar", async () => {
    const e = await freshEnv();
    const config = parseConfig(e);
    const clock = new SettableClock("2026-12-10T12:00:00+03:00"); // a Thursday
    let database = await open(e);
    await syncDirectory(database.db, await loadDirectory("agencies"));
    await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
    const calendars = await loadCalendarBook(database.db, config.calendar, clock.now());
    const deps = {
      db: database.db,
      clock,
      calendar: calendars.hub,
      calendars,
      reopenWindow: config.reopenWindow,
      publicUrl: "https://hub.example",
      routing: buildIndex([]),
      routingThreshold: 0.15,
    };
    const officer = { ...(await demoStaff(database.db, "liaison.momah")), roles: [{ role: "liaison" as const, agencyCode: "BURAIMI" }] };
    const citizenId = await insertCitizen(database.db, { nationalId: "1013131314", mobile: "+966501313132" });
    const r = await submitComplaint(deps, citizenId, {
      kind: "complaint",
      text: "حفرة كبيرة في الطريق أمام السوق",
      city: "albureimi",
      agencyCode: "BURAIMI",
      serviceCode: "BUR_POTHOLES",
      notifyBy: "sms",
      clientKey: "forecast-buraimi-key",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(
      await act(deps, { kind: "staff", staff: officer }, r.reference, null, { action: "accept", days: 3, reason: undefined }),
    ).toMatchObject({
      ok: true,
    });
    await database.close();

    const asOf = "2026-12-31T12:00:00+03:00";
    const out: string[] = [];
    expect(await runCli(["sla", "forecast", "--as-of", asOf], { out: (l) => out.push(l), err: (l) => out.push(l), env: e })).toBe(0);
    const lines = out.filter((l) => !l.startsWith("#")).map((l) => l.split("\t"));
    expect(lines.map(([, , agency, kind, calendar]) => `${agency} ${kind} ${calendar}`)).toEqual([
      "BURAIMI resolution_warning BURAIMI",
      "BURAIMI escalation_1 BURAIMI",
      "BURAIMI escalation_2 BURAIMI",
      "BURAIMI escalation_3 BURAIMI",
      "BURAIMI beyond_agency BURAIMI",
    ]);
    expect(out).toContain("# calendar BURAIMI: OM Asia/Muscat, weekend fri,sat, 07:30-14:30");
    // Due at Muscat's midnight after Tuesday 15 December; escalation 2 is 24 working hours
    // later in Muscat's 7-hour day: Wednesday, Thursday, (weekend), Sunday, and 3 hours of
    // Monday 21st, 10:30 in Muscat (UTC+4). On the hub's calendar it would be 10:30 Riyadh, 07:30Z.
    const at = Object.fromEntries(lines.map(([when, , , kind]) => [kind, when]));
    expect(at.escalation_1).toBe("2026-12-15T20:00:00.000Z");
    expect(at.escalation_2).toBe("2026-12-21T06:30:00.000Z");

    // The job, on the same calendars at that instant, fires exactly these, when the forecast said.
    database = await open(e);
    try {
      clock.set(asOf);
      await runSla({ ...deps, db: database.db });
      const actual = await database.db
        .select({ kind: slaEvents.kind, dueAt: slaEvents.dueAt })
        .from(slaEvents)
        .innerJoin(complaints, eq(complaints.id, slaEvents.complaintId))
        .where(eq(complaints.reference, r.reference));
      expect(actual.map((a) => `${a.dueAt.toISOString()} ${a.kind}`).sort()).toEqual(
        lines.map(([when, , , kind]) => `${when} ${kind}`).sort(),
      );
    } finally {
      await database.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { outbox, slaEvents } from "../../schema/index.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { openDatabase, type Database } from "../../server/db.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { DEFAULT_REOPEN_WINDOW } from "../../server/complaints/lifecycle.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { runSla } from "../../server/jobs/sla.ts";
import { dispatchOutbox } from "../../server/notify/dispatch.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import type { Mailer } from "../../server/notify/mailer.ts";
import { demoStaff } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { memorySms } from "../support/app.ts";

// Two hub instances on one PostgreSQL database, their jobs on the same tick. PGlite is
// one process's database, so this runs in the PostgreSQL pass of CI.
const onPostgres = !!process.env.DATABASE_URL;

let database: TestDatabase;
let second: Database;

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  second = await openDatabase({ url: database.url!, migrate: false, max: 5 });
});
afterAll(async () => {
  await second?.close();
  await database?.close();
});

describe.runIf(onPostgres)("two hub instances", () => {
  it("fire each escalation and send each message exactly once", async () => {
    const clock = new SettableClock("2026-11-19T12:00:00+03:00");
    const calendar = createCalendar();
    const base = {
      clock,
      calendar,
      reopenWindow: DEFAULT_REOPEN_WINDOW,
      publicUrl: "https://hub.example",
      routing: buildIndex([]),
      routingThreshold: 0.15,
    };
    await syncDirectory(database.db, await loadDirectory("agencies"));
    await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
    const officer = await demoStaff(database.db, "liaison.momah");
    const citizenId = await insertCitizen(database.db, { nationalId: "1012121212", mobile: "+966501212121" });
    const N = 30;
    for (let i = 0; i < N; i++) {
      const r = await submitComplaint({ ...base, db: database.db }, citizenId, {
        kind: "complaint",
        text: `حفرة رقم ${i} في الشارع الرئيسي أمام المدرسة`,
        city: "riyadh",
        agencyCode: "MOMAH",
        serviceCode: "ROADS_POTHOLES",
        notifyBy: "sms",
        clientKey: `two-instances-${i}`,
      });
      if (!r.ok) throw new Error(JSON.stringify(r));
      // Half accepted (warning + 3 levels due), half left undecided (jurisdiction overdue).
      if (i % 2 === 0)
        expect(
          (
            await act({ ...base, db: database.db }, { kind: "staff", staff: officer }, r.reference, null, {
              action: "accept",
              days: 3,
              reason: undefined,
            })
          ).ok,
        ).toBe(true);
    }
    // Escalation delays are working hours (issue 14 §4): by Thursday 3 December the
    // accepted half is at level 3 and the undecided half past level 3, with the unit.
    clock.set("2026-12-03T09:00:00+03:00");
    const a = { ...base, db: database.db };
    const b = { ...base, db: second.db };
    // Same tick on both, several times over, with small batches so they interleave.
    for (let round = 0; round < 3; round++)
      await Promise.all([runSla(a, { batch: 4 }), runSla(b, { batch: 4 }), runSla(a, { batch: 7 }), runSla(b, { batch: 3 })]);
    const kinds = await database.db
      .select({ kind: slaEvents.kind, n: sql<number>`count(*)::int` })
      .from(slaEvents)
      .groupBy(slaEvents.kind);
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toEqual({
      resolution_warning: N / 2,
      escalation_1: N / 2,
      escalation_2: N / 2,
      escalation_3: N / 2,
      jurisdiction_overdue: N / 2,
      jurisdiction_2: N / 2,
      jurisdiction_3: N / 2,
      beyond_agency: N / 2,
    });
    const staffMail = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(sql`${outbox.template} like 'sla_%'`);
    // Accepted: the warning and three levels; undecided: three jurisdiction levels.
    expect(staffMail[0]!.n).toBe((N / 2) * 7);
    const citizenMail = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.template, "beyond_agency"));
    expect(citizenMail[0]!.n).toBe(N / 2);

    // Both dispatchers drain the outbox at once: every message leaves exactly once.
    const smsA = memorySms();
    const smsB = memorySms();
    const sent: string[] = [];
    const mailer: Mailer = { send: async (_m, key) => void sent.push(key) };
    const now = clock.now();
    for (let round = 0; round < 50; round++) {
      const r = await Promise.all([
        dispatchOutbox({ db: database.db, sms: smsA, mailer }, now, 10),
        dispatchOutbox({ db: second.db, sms: smsB, mailer }, now, 10),
      ]);
      if (r.every((x) => x.sent === 0)) break;
    }
    const [{ total }] = (await database.db.select({ total: sql<number>`count(*)::int` }).from(outbox)) as [{ total: number }];
    const smsCount = smsA.sent.length + smsB.sent.length;
    expect(sent.length + smsCount).toBe(total);
    expect(new Set(sent).size).toBe(sent.length);
    const [{ pending }] = (await database.db
      .select({ pending: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.status, "pending"))) as [{ pending: number }];
    expect(pending).toBe(0);
    // Both instances did part of the work.
    expect(smsA.sent.length).toBeGreaterThan(0);
    expect(smsB.sent.length).toBeGreaterThan(0);
  });
});

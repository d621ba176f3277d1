import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import {
  adminAudit,
  calendarChanges,
  complaintEvents,
  complaints,
  digitalReports,
  outbox,
  reportEvents,
  reportFollowups,
  services,
} from "../../schema/index.ts";
import { fileReport, review } from "../../server/reports/reports.ts";
import { SettableClock } from "../../server/clock.ts";
import { openDatabase, type Database } from "../../server/db.ts";
import { LiveCalendars } from "../../server/calendar/holiday-store.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { DEFAULT_REOPEN_WINDOW, lastDay } from "../../server/complaints/lifecycle.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { runReplan } from "../../server/jobs/replan.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { renderEmail, renderSms } from "../../server/notify/templates.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { testApp } from "../support/app.ts";
import { demoStaff, signInStaff } from "../support/sessions.ts";

// Issue 17: each agency's own calendar, deadlines that follow it, and the directory the
// national unit edits without a restart. On PostgreSQL (DATABASE_URL) the second
// instance has its own connection pool; on PGlite both share the one in-process database
// but still keep their own calendars, reloaded only through the version row.

const hubSettings = { timeZone: "Asia/Riyadh", weekend: [5, 6] as (5 | 6)[], holidayCountry: "SA", workingHours: { start: 450, end: 870 } };
let database: TestDatabase;
let second: Database;
let officer: StaffActor;
let citizenId: string;
let directory: Awaited<ReturnType<typeof loadDirectory>>;
const clock = new SettableClock("2026-11-19T12:00:00+03:00");

async function instance(db: Database) {
  const calendars = await LiveCalendars.open(db.db, hubSettings, () => clock.now());
  const deps = {
    db: db.db,
    clock,
    get calendar() {
      return calendars.hub;
    },
    calendars,
    reopenWindow: DEFAULT_REOPEN_WINDOW,
    publicUrl: "https://hub.example",
    routing: buildIndex([]),
    routingThreshold: 0.15,
  };
  return {
    calendars,
    deps,
    app: testApp(db, {
      clock,
      calendars,
      get calendar() {
        return calendars.hub;
      },
    } as never).app,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  second = database.url ? await openDatabase({ url: database.url, migrate: false, max: 5 }) : database;
  directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
  officer = await demoStaff(database.db, "liaison.momah");
  citizenId = await insertCitizen(database.db, { nationalId: "1017171717", mobile: "+966501717171" });
});
afterAll(async () => {
  if (second !== database) await second?.close();
  await database?.close();
});
beforeEach(async () => {
  // The admin-page tests edit an agency's calendar and a service's SLA in the database;
  // syncing the files again puts both back, so no test sees another's edits whatever the
  // order. The change log goes first: the sync leaves the agencies it names to the portal.
  // Putting a calendar back queues a re-plan, so the sync goes before the other truncate:
  // a test sees only the calendar changes it made.
  await database.db.execute(sql`truncate admin_audit`);
  await syncDirectory(database.db, directory);
  await database.db.execute(
    sql`truncate complaints, complaint_events, complaint_attachments, outbox, sla_events, calendar_changes, calendar_holidays, digital_reports, report_events, report_followups, report_sla_events cascade`,
  );
  // A minute later for each test: a TOTP step signs an account in once, and every test
  // here signs the demo admin in on the same database.
  clock.set(new Date(Date.parse("2026-11-19T12:00:00+03:00") + testsRun++ * 60_000).toISOString());
});
let testsRun = 0;

/** Files a complaint with the agency's service and accepts it at once with `days`. */
async function fileAndAccept(
  deps: Awaited<ReturnType<typeof instance>>["deps"],
  agency: string,
  service: string,
  days: number,
  actor: StaffActor = officer,
) {
  const r = await submitComplaint(deps, citizenId, {
    kind: "complaint",
    text: "حفرة كبيرة في الشارع الرئيسي أمام المدرسة",
    city: agency === "BURAIMI" ? "albureimi" : "riyadh",
    agencyCode: agency,
    serviceCode: service,
    notifyBy: "sms",
    clientKey: `cal-${Math.random()}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const a = await act(deps, { kind: "staff", staff: actor }, r.reference, null, { action: "accept", days, reason: undefined });
  expect(a).toMatchObject({ ok: true });
  const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
  return c!;
}

describe("a calendar per agency", () => {
  it("the issue's examples: 3 working days accepted on 8 January and 19 February 2026 fall due on Saudi dates for MOMAH and Omani dates for Al Buraimi", async () => {
    const { deps } = await instance(database);
    const buraimi: StaffActor = { ...officer, roles: [{ role: "liaison", agencyCode: "BURAIMI" }] };
    const dates: Record<string, string[]> = { MOMAH: [], BURAIMI: [] };
    for (const day of ["2026-01-08", "2026-02-19"]) {
      clock.set(`${day}T10:00:00+03:00`); // a Thursday morning
      const sa = await fileAndAccept(deps, "MOMAH", "ROADS_POTHOLES", 3);
      const om = await fileAndAccept(deps, "BURAIMI", "BUR_POTHOLES", 3, buraimi);
      dates.MOMAH!.push(lastDay(deps.calendars.of("MOMAH"), sa.dueAt!));
      dates.BURAIMI!.push(lastDay(deps.calendars.of("BURAIMI"), om.dueAt!));
      if (day === "2026-01-08") expect(om.dueAt!.toISOString()).toBe("2026-01-14T20:00:00.000Z"); // Muscat's midnight
      const [ev] = await database.db
        .select()
        .from(complaintEvents)
        .where(and(eq(complaintEvents.complaintId, om.id), eq(complaintEvents.type, "accepted")));
      expect(ev!.data).toMatchObject({ calendar: "BURAIMI", clockStart: "receipt" });
    }
    expect(dates).toEqual({ MOMAH: ["2026-01-13", "2026-02-25"], BURAIMI: ["2026-01-14", "2026-02-24"] });
  });
});

describe("the admin pages", () => {
  it("a holiday added on one instance's admin page moves an open complaint's due date on both, with the event and the citizen's message, exactly once", async () => {
    const a = await instance(database);
    const b = await instance(second);
    const c = await fileAndAccept(a.deps, "MOMAH", "ROADS_POTHOLES", 3); // Thursday 19 Nov: due end of Tuesday 24
    expect(lastDay(a.deps.calendar, c.dueAt!)).toBe("2026-11-24");
    const admin = await signInStaff(a.app, clock, "admin");
    const res = await admin.post("/admin/holidays", { scope: "", date: "2026-11-23", nameAr: "عطلة طارئة", nameEn: "Emergency holiday" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("2026-11-23");
    // Instance B has not reloaded yet; one request (or tick) later it has.
    expect(b.calendars.hub.holidays.has("2026-11-23")).toBe(false);
    // Any page (not /healthz, which must not touch the database) refreshes the calendars.
    await b.app.request("/");
    expect(b.calendars.hub.holidays.has("2026-11-23")).toBe(true);
    // Both instances' re-planning jobs run on the same tick: one of them moves it, once.
    const results = await Promise.all([runReplan(a.deps), runReplan(b.deps), runReplan(a.deps), runReplan(b.deps)]);
    expect(results.reduce((n, r) => n + r.moved, 0)).toBe(1);
    const [after] = await database.db.select().from(complaints).where(eq(complaints.id, c.id));
    expect(lastDay(a.deps.calendar, after!.dueAt!)).toBe("2026-11-25");
    expect(after!.slaNextAt!.getTime()).toBeGreaterThan(c.slaNextAt!.getTime());
    const moved = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c.id), eq(complaintEvents.type, "deadline_moved")));
    expect(moved).toMatchObject([
      { visibleToCitizen: true, data: { why: "holiday_added", holidayDate: "2026-11-23", which: "resolution", calendar: "hub" } },
    ]);
    const msgs = await database.db.select().from(outbox).where(eq(outbox.template, "deadline_moved"));
    expect(msgs).toMatchObject([{ recipient: "+966501717171", payload: { reference: c.reference, due: "2026-11-25", was: "2026-11-24" } }]);
    expect(renderSms("deadline_moved", "ar", msgs[0]!.payload)).toContain("25 نوفمبر 2026");
    expect(renderSms("deadline_moved", "en", msgs[0]!.payload)).toContain("25 November 2026");
    expect(renderEmail("deadline_moved", "en", msgs[0]!.payload).text).toContain("Emergency holiday");
    expect(renderEmail("deadline_moved", "ar", msgs[0]!.payload).text).toContain("عطلة طارئة");
    expect(
      await database.db
        .select()
        .from(calendarChanges)
        .where(sql`${calendarChanges.doneAt} is null`),
    ).toHaveLength(0);
    const [log] = await database.db.select().from(adminAudit);
    expect(log).toMatchObject({
      entity: "holiday",
      key: "|2026-11-23|manual",
      before: null,
      after: { date: "2026-11-23", nameEn: "Emergency holiday" },
    });
  });

  it("a holiday on the unit's calendar moves an open digital report's answer day (event and message) and the unit's question to the agency", async () => {
    const a = await instance(database);
    // Thursday 19 November: the unit answers within 5 working days (end of Thursday 26)
    // and gives the agency 2 for its answer (end of Monday 23).
    const filed = await fileReport(a.deps, citizenId, {
      type: "service_improvement",
      service: "MOMAH/ROADS_POTHOLES",
      text: "أقترح تحسين آلية متابعة بلاغات الحفر في الأحياء الجديدة",
      clientKey: `cal-report-${Math.random()}`,
    });
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const reviewer = await demoStaff(database.db, "reviewer");
    const [r] = await database.db.select().from(digitalReports).where(eq(digitalReports.reference, filed.reference));
    expect(lastDay(a.deps.calendar, r!.dueAt)).toBe("2026-11-26");
    expect(
      await review(a.deps, reviewer, filed.reference, r!.version, "ask_agency", { question: "ما خطة الجهة لمتابعة البلاغات؟" }),
    ).toMatchObject({
      ok: true,
    });
    const admin = await signInStaff(a.app, clock, "admin");
    expect(
      (await admin.post("/admin/holidays", { scope: "", date: "2026-11-23", nameAr: "عطلة طارئة", nameEn: "Emergency holiday" })).status,
    ).toBe(200);
    await a.app.request("/");
    await runReplan(a.deps);
    const [after] = await database.db.select().from(digitalReports).where(eq(digitalReports.id, r!.id));
    expect(lastDay(a.deps.calendar, after!.dueAt)).toBe("2026-11-29");
    const [f] = await database.db.select().from(reportFollowups).where(eq(reportFollowups.reportId, r!.id));
    expect(lastDay(a.deps.calendar, f!.dueAt)).toBe("2026-11-24");
    const events = await database.db
      .select()
      .from(reportEvents)
      .where(and(eq(reportEvents.reportId, r!.id), eq(reportEvents.type, "deadline_moved")));
    expect(events).toMatchObject([{ visibleToCitizen: true, data: { which: "report", holidayDate: "2026-11-23", calendar: "hub" } }]);
    const msgs = (await database.db.select().from(outbox).where(eq(outbox.template, "deadline_moved"))).filter(
      (m) => m.payload.reference === filed.reference,
    );
    expect(msgs).toMatchObject([{ payload: { which: "report", due: "2026-11-29", was: "2026-11-26" } }]);
    expect(renderSms("deadline_moved", "ar", msgs[0]!.payload)).toContain("رد وحدة الشكاوى على بلاغك");
    expect(renderEmail("deadline_moved", "en", msgs[0]!.payload).text).toContain("the complaints unit's calendar");
    // Again: nothing moves twice.
    expect((await runReplan(a.deps)).moved).toBe(0);
  });

  it("a service's SLA and clock start edited in the admin page apply to the next acceptance, without a restart", async () => {
    const a = await instance(database);
    const admin = await signInStaff(a.app, clock, "admin");
    const edit = await admin.get("/admin/directory/MOMAH");
    expect(edit.status).toBe(200);
    const exported = JSON.parse(await (await admin.get("/admin/directory/MOMAH.json")).text());
    const svc = exported.services.find((s: { code: string }) => s.code === "ROADS_POTHOLES");
    expect(svc.sla.complaint).toBe(3);
    // 5 days on a 3-day service needs a reason…
    const r1 = await submitComplaint(a.deps, citizenId, {
      kind: "complaint",
      text: "حفرة كبيرة في الشارع الرئيسي أمام المدرسة",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: `sla-${Math.random()}`,
    });
    if (!r1.ok) throw new Error();
    expect(
      await act(a.deps, { kind: "staff", staff: officer }, r1.reference, null, { action: "accept", days: 5, reason: undefined }),
    ).toMatchObject({ ok: false, error: "invalid" });
    // …until the admin makes it a 5-day service counted from acceptance.
    svc.sla.complaint = 5;
    svc.clockStart = "acceptance";
    const bad = await admin.post("/admin/directory/MOMAH", {
      json: JSON.stringify({ ...exported, services: [{ ...svc, sla: { complaint: -1 } }] }),
    });
    expect(bad.status).toBe(422);
    const saved = await admin.post("/admin/directory/MOMAH", { json: JSON.stringify(exported) });
    expect(saved.status).toBe(200);
    const [row] = await database.db
      .select()
      .from(services)
      .where(and(eq(services.agencyCode, "MOMAH"), eq(services.code, "ROADS_POTHOLES")));
    expect(row).toMatchObject({ slaDays: { complaint: 5 }, clockStart: "acceptance" });
    clock.set("2026-11-22T09:00:00+03:00"); // accepted on Sunday, filed on Thursday
    expect(
      await act(a.deps, { kind: "staff", staff: officer }, r1.reference, null, { action: "accept", days: 5, reason: undefined }),
    ).toMatchObject({ ok: true });
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r1.reference));
    // From acceptance (Sunday): Monday–Thursday and the next Sunday.
    expect(lastDay(a.deps.calendar, c!.dueAt!)).toBe("2026-11-29");
    const [ev] = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c!.id), eq(complaintEvents.type, "accepted")));
    expect(ev!.data).toMatchObject({ clockStart: "acceptance", slaDays: 5 });
    const audits = await database.db.select().from(adminAudit).where(eq(adminAudit.entity, "agency"));
    expect(audits).toHaveLength(1);
    expect(
      (audits[0]!.before as { services: { code: string; sla: { complaint: number } }[] }).services.find((s) => s.code === "ROADS_POTHOLES")!
        .sla.complaint,
    ).toBe(3);
  });

  it("by default the resolution clock starts on receipt, so the days taken to decide count", async () => {
    const a = await instance(database);
    const r = await submitComplaint(a.deps, citizenId, {
      kind: "complaint",
      text: "عمود إنارة ساقط على الرصيف منذ يومين",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "STREET_LIGHTING",
      notifyBy: "sms",
      clientKey: `rcpt-${Math.random()}`,
    });
    if (!r.ok) throw new Error();
    clock.set("2026-11-22T09:00:00+03:00"); // accepted Sunday, received Thursday
    expect(
      await act(a.deps, { kind: "staff", staff: officer }, r.reference, null, { action: "accept", days: 3, reason: undefined }),
    ).toMatchObject({ ok: true });
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
    expect(lastDay(a.deps.calendar, c!.dueAt!)).toBe("2026-11-24"); // Sunday, Monday, Tuesday from Thursday
  });

  it("an ICS upload previews what it adds, and adds it only when confirmed; non-admins get 404", async () => {
    const a = await instance(database);
    const admin = await signInStaff(a.app, clock, "admin");
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "BEGIN:VEVENT",
      "UID:a@t",
      "DTSTAMP:20260101T000000Z",
      "DTSTART;VALUE=DATE:20261203",
      "DURATION:P2D",
      "SUMMARY:Closure",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:b@t",
      "DTSTAMP:20260101T000000Z",
      "DTSTART;VALUE=DATE:20261210",
      "STATUS:CANCELLED",
      "SUMMARY:Cancelled",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const boundary = "----hubtest";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="scope"',
      "",
      "",
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="h.ics"',
      "Content-Type: text/calendar",
      "",
      ics,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const preview = await admin.send("/admin/holidays/ics", body, `multipart/form-data; boundary=${boundary}`);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('data-testid="ics-preview"');
    expect(html).toContain("2026-12-03");
    expect(html).toContain("2026-12-04");
    expect(html).not.toContain("2026-12-10");
    expect(a.calendars.hub.holidays.has("2026-12-03")).toBe(false);
    const confirm = await admin.post("/admin/holidays/ics/confirm", { scope: "", ics });
    expect(confirm.status).toBe(200);
    expect(a.calendars.hub.holidays.has("2026-12-03")).toBe(true);
    expect(a.calendars.hub.holidays.has("2026-12-10")).toBe(false);
    const liaison = await signInStaff(a.app, clock, "liaison.momah");
    expect((await liaison.get("/admin/holidays")).status).toBe(404);
    expect((await liaison.post("/admin/holidays", { scope: "", date: "2026-12-24" })).status).toBe(404);
    expect((await admin.post("/admin/holidays", { scope: "", date: "2026-13-40" })).status).toBe(422);
  });

  it("an agency's calendar edited in the admin page re-plans its open deadlines", async () => {
    const a = await instance(database);
    const c = await fileAndAccept(a.deps, "MOMAH", "ROADS_POTHOLES", 3); // due end of Tuesday 24 on Fri+Sat weekends
    const admin = await signInStaff(a.app, clock, "admin");
    const res = await admin.post("/admin/calendars/MOMAH", {
      country: "SA",
      timeZone: "Asia/Riyadh",
      weekend: "fri,sat,sun",
      hours: "07:30-14:30",
    });
    expect(res.status).toBe(200);
    expect(a.calendars.of("MOMAH")).toMatchObject({ key: "MOMAH", weekend: [0, 5, 6] });
    expect((await runReplan(a.deps)).moved).toBe(1);
    const [after] = await database.db.select().from(complaints).where(eq(complaints.id, c.id));
    expect(lastDay(a.calendars.of("MOMAH"), after!.dueAt!)).toBe("2026-11-25"); // Mon, Tue, Wed
    expect(
      (await admin.post("/admin/calendars/MOMAH", { country: "XX", timeZone: "Nowhere/City", weekend: "fri", hours: "9-5" })).status,
    ).toBe(422);
  });
});

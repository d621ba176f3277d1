import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { complaintEvents, complaints, outbox, satisfaction, slaEvents } from "../../schema/index.ts";
import { createCalendar, type Calendar } from "../../server/calendar/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { DEFAULT_REOPEN_WINDOW } from "../../server/complaints/lifecycle.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { runSla, type SlaDeps } from "../../server/jobs/sla.ts";
import { forecastSla } from "../../server/sla/forecast.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { testApp } from "../support/app.ts";
import { Browser } from "../support/http.ts";
import { signInStaff, demoStaff, forgetTotpSteps } from "../support/sessions.ts";

// The SLA engine driven by a settable clock through weekends and holidays. Thursday
// 19 November 2026 is the start; the weekend is Friday and Saturday.

let database: TestDatabase;
let officer: StaffActor;
let citizenId: string;
const clock = new SettableClock("2026-11-19T12:00:00+03:00");
const at = (local: string) => new Date(`${local}+03:00`);

function deps(cal: Calendar = createCalendar()): SlaDeps & { routing: ReturnType<typeof buildIndex>; routingThreshold: number } {
  return {
    db: database.db,
    clock,
    calendar: cal,
    reopenWindow: DEFAULT_REOPEN_WINDOW,
    publicUrl: "https://hub.example",
    routing: buildIndex([]),
    routingThreshold: 0.15,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory("agencies"));
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
  officer = await demoStaff(database.db, "liaison.momah");
  citizenId = await insertCitizen(database.db, { nationalId: "1011111111", mobile: "+966501111111" });
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.execute(
    sql`truncate complaints, complaint_events, complaint_attachments, outbox, sla_events, satisfaction, personal_data_views cascade`,
  );
  clock.set("2026-11-19T12:00:00+03:00");
  await forgetTotpSteps(database.db, clock);
});

async function fileAndAccept(d: ReturnType<typeof deps>, days = 3) {
  const r = await submitComplaint(d, citizenId, {
    kind: "complaint",
    text: "حفرة كبيرة في الشارع الرئيسي أمام المدرسة",
    city: "riyadh",
    agencyCode: "MOMAH",
    serviceCode: "ROADS_POTHOLES",
    notifyBy: "sms",
    clientKey: `sla-${Math.random()}`,
  });
  if (!r.ok) throw new Error("filing failed");
  const accepted = await act(d, { kind: "staff", staff: officer }, r.reference, null, {
    action: "accept",
    days,
    reason: days > 3 ? "يحتاج تنسيقًا مع المقاول" : undefined,
  });
  expect(accepted.ok).toBe(true);
  return r.reference;
}

/** Runs the job at each local time; returns what fired at each. */
async function tick(d: ReturnType<typeof deps>, local: string) {
  clock.set(at(local));
  return (await runSla(d)).fired;
}

const fired = async (reference: string) =>
  (
    await database.db
      .select({ kind: slaEvents.kind })
      .from(slaEvents)
      .innerJoin(complaints, eq(complaints.id, slaEvents.complaintId))
      .where(eq(complaints.reference, reference))
  ).map((r) => r.kind);
const mail = async (template: string) =>
  (await database.db.select().from(outbox).where(eq(outbox.template, template)).orderBy(outbox.id)).map((m) => ({
    to: m.recipient,
    level: m.payload.level,
  }));

describe("the SLA engine", () => {
  it("accepted Thursday with 3 working days: warns Monday, level 1 when Tuesday ends, level 2 after 24 working hours, level 3 after 12 more, then the national unit; each once", async () => {
    const d = deps();
    const ref = await fileAndAccept(d);
    expect(await tick(d, "2026-11-22T23:59:59")).toEqual({}); // Sunday: nothing yet
    expect(await tick(d, "2026-11-23T00:00:00")).toEqual({ resolution_warning: 1 }); // Monday
    expect(await tick(d, "2026-11-23T09:00:00")).toEqual({}); // again: nothing twice
    expect(await tick(d, "2026-11-24T23:59:59")).toEqual({});
    expect(await tick(d, "2026-11-25T00:00:00")).toEqual({ escalation_1: 1 }); // Tuesday has ended
    // Issue 14 §4: the delays are working hours (Sunday–Thursday 07:30–14:30), so level 2
    // comes 24 working hours later: Wednesday, Thursday, Sunday and 3 hours of Monday.
    expect(await tick(d, "2026-11-26T00:00:00")).toEqual({}); // 24 clock hours: not yet
    expect(await tick(d, "2026-11-28T12:00:00")).toEqual({}); // never on the weekend
    expect(await tick(d, "2026-11-30T10:29:59")).toEqual({});
    expect(await tick(d, "2026-11-30T10:30:00")).toEqual({ escalation_2: 1 });
    // 12 working hours after that: 4 on Monday, 7 on Tuesday, 1 on Wednesday.
    expect(await tick(d, "2026-12-02T08:29:59")).toEqual({});
    expect(await tick(d, "2026-12-02T08:30:00")).toEqual({ escalation_3: 1 });
    // And 12 more: the agency is past its last level; the national unit takes it.
    expect(await tick(d, "2026-12-03T13:29:59")).toEqual({});
    expect(await tick(d, "2026-12-03T13:30:00")).toEqual({ beyond_agency: 1 });
    expect(await tick(d, "2026-12-31T12:00:00")).toEqual({});
    expect(await fired(ref)).toEqual(["resolution_warning", "escalation_1", "escalation_2", "escalation_3", "beyond_agency"]);
    expect(await mail("sla_warning")).toEqual([{ to: "liaison.momah@demo.hub.example", level: undefined }]);
    expect(await mail("sla_escalation")).toEqual([
      { to: "escalation1@momah.example.gov.sa", level: 1 },
      { to: "escalation2@momah.example.gov.sa", level: 2 },
      { to: "escalation3@momah.example.gov.sa", level: 3 },
    ]);
    // Seed 002 §5.1.11: the citizen heard of the delay when Tuesday ended, once, with the
    // day the national unit would take it over (the day beyond_agency then fired).
    const delay = (await database.db.select().from(outbox).where(eq(outbox.template, "citizen_delay"))).filter(
      (m) => m.payload.reference === ref,
    );
    expect(delay.map((m) => [m.payload.stage, m.payload.due, m.payload.unitFrom])).toEqual([["resolution", "2026-11-24", "2026-12-03"]]);
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(c).toMatchObject({ escalationLevel: 3, slaNextAt: null });
  });

  it("a public holiday moves every deadline by a working day", async () => {
    const d = deps(createCalendar({ holidays: [{ date: "2026-11-23", nameEn: "A holiday", source: "manual" }] }));
    await fileAndAccept(d);
    // Sunday, (Monday holiday), Tuesday, Wednesday: due when Wednesday ends, warned on Tuesday.
    expect(await tick(d, "2026-11-23T12:00:00")).toEqual({});
    expect(await tick(d, "2026-11-24T00:00:00")).toEqual({ resolution_warning: 1 });
    expect(await tick(d, "2026-11-25T23:59:00")).toEqual({});
    expect(await tick(d, "2026-11-26T00:00:00")).toEqual({ escalation_1: 1 });
    // 24 working hours: Thursday, (the weekend), Sunday, Monday and 3 hours of Tuesday.
    expect(await tick(d, "2026-12-01T10:29:00")).toEqual({});
    expect(await tick(d, "2026-12-01T10:30:00")).toEqual({ escalation_2: 1 });
  });

  it("an information request pauses the clock: a reminder half-way, nothing escalates while paused, and the answer shifts every deadline", async () => {
    const d = deps();
    const ref = await fileAndAccept(d);
    clock.set(at("2026-11-22T10:00:00"));
    expect((await act(d, { kind: "staff", staff: officer }, ref, null, { action: "request_info", message: "أرسل صورة للموقع" })).ok).toBe(
      true,
    );
    // Monday's warning time passes while paused; the reminder comes half-way to the
    // citizen's deadline (end of Wednesday): Tuesday 05:00.
    expect(await tick(d, "2026-11-23T00:00:00")).toEqual({});
    expect(await tick(d, "2026-11-24T05:00:00")).toEqual({ info_reminder: 1 });
    expect(await tick(d, "2026-11-24T06:00:00")).toEqual({});
    clock.set(at("2026-11-24T10:00:00"));
    expect((await act(d, { kind: "citizen", id: citizenId }, ref, null, { action: "answer", text: "الصورة مرفقة" })).ok).toBe(true);
    // Only Monday ended while paused: due moves from the end of Tuesday to the end of Wednesday.
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(c!.dueAt!.toISOString()).toBe(at("2026-11-26T00:00:00").toISOString());
    expect(await tick(d, "2026-11-24T10:00:01")).toEqual({ resolution_warning: 1 }); // its warning day (Tuesday) has begun
    expect(await tick(d, "2026-11-25T23:59:59")).toEqual({});
    expect(await tick(d, "2026-11-26T00:00:00")).toEqual({ escalation_1: 1 });
    expect(await tick(d, "2026-12-01T10:30:00")).toEqual({ escalation_2: 1 });
    expect(await tick(d, "2026-12-03T08:30:00")).toEqual({ escalation_3: 1 });
    expect(
      (await database.db.select().from(outbox).where(eq(outbox.template, "info_reminder")).orderBy(outbox.id)).map((m) => m.recipient),
    ).toEqual(["+966501111111"]);
  });

  it("no answer in 3 working days: reminder, then closed as no_response with how to reopen, a satisfaction link, and the reopen window's end", async () => {
    const d = deps();
    const ref = await fileAndAccept(d);
    expect((await act(d, { kind: "staff", staff: officer }, ref, null, { action: "request_info", message: "نحتاج رقم الحي" })).ok).toBe(
      true,
    );
    // Asked Thursday noon: Sunday, Monday, Tuesday → the citizen's time ends at Wednesday 00:00.
    // Half-way in clock time between Thursday noon and Wednesday 00:00: Sunday 06:00.
    expect(await tick(d, "2026-11-22T05:59:59")).toEqual({});
    expect(await tick(d, "2026-11-22T06:00:00")).toEqual({ info_reminder: 1 });
    expect(await tick(d, "2026-11-25T00:00:00")).toEqual({ info_expired: 1, satisfaction_invite: 1 });
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(c).toMatchObject({ status: "closed", outcome: "no_response" });
    const closing = (await database.db.select().from(outbox).where(eq(outbox.template, "complaint_closed")))[0]!;
    expect(closing.payload).toMatchObject({
      reference: ref,
      outcome: "no_response",
      reopenUntil: "2026-11-30",
      agency: { ar: "وزارة البلديات والإسكان" },
    });
    const [invite] = await database.db.select().from(outbox).where(eq(outbox.template, "satisfaction_invite"));
    expect(String(invite!.payload.link)).toMatch(/^https:\/\/hub\.example\/rate\/[a-z2-7]{24}$/);
    expect(await database.db.select().from(satisfaction)).toHaveLength(1);
    // The reopen window: 3 working days after the closing day (Thu, Sun, Mon) ends when Monday ends.
    expect(await tick(d, "2026-11-30T23:59:00")).toEqual({});
    expect(await tick(d, "2026-12-01T00:00:00")).toEqual({ reopen_expired: 1 });
    const types = (
      await database.db.select({ type: complaintEvents.type }).from(complaintEvents).where(eq(complaintEvents.complaintId, c!.id))
    ).map((e) => e.type);
    expect(types).toEqual(["submitted", "accepted", "info_requested", "info_reminder", "closed", "reopen_expired"]);
  });

  it("a hub that was down over the deadlines catches up on its first tick, still once each", async () => {
    const d = deps();
    const ref = await fileAndAccept(d);
    expect(await tick(d, "2026-12-06T09:00:00")).toEqual({
      resolution_warning: 1,
      escalation_1: 1,
      escalation_2: 1,
      escalation_3: 1,
      beyond_agency: 1,
    });
    expect(await tick(d, "2026-12-06T09:00:30")).toEqual({});
    expect(await fired(ref)).toHaveLength(5);
  });

  it("shows due-soon, overdue and escalation levels to the national unit and the agency supervisor", async () => {
    const d = deps();
    const escalated = await fileAndAccept(d);
    await tick(d, "2026-12-02T08:30:00"); // it reaches level 3 (in working hours)
    await fileAndAccept(d, 1); // accepted now with one working day: due soon (end of Thursday)
    const { app } = testApp(database, { clock, calendar: d.calendar });
    const signIn = (who: string) => signInStaff(app, clock, who);
    const national = await (await (await signIn("analyst@demo.hub.example")).get("/national/sla")).text();
    expect(national).toMatch(
      /data-agency="MOMAH"><td>[^<]+<\/td><td>2<\/td><td>1<\/td><td><strong class="badge danger">1<\/strong><\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/,
    );
    expect(national).toContain(escalated);
    expect(national).toContain("مصعّد — المستوى 3");
    const supervisor = await (await (await signIn("supervisor.momah@demo.hub.example")).get("/agency/workload")).text();
    expect(supervisor).toContain(escalated);
    expect(supervisor).toContain("مصعّد — المستوى 3");
    expect(supervisor).not.toContain('data-agency="MOH"');
    // Not for agency staff, and the liaison's own overdue tab has it.
    const liaison = await signIn("liaison.momah@demo.hub.example");
    expect((await liaison.get("/national/sla")).status).toBe(404);
    // Administrators manage users and the directory, not complaints.
    expect((await (await signIn("admin")).get("/national/sla")).status).toBe(404);
    expect(await (await liaison.get("/agency?tab=overdue")).text()).toContain(escalated);
  });

  it("escalates a complaint left without a jurisdiction decision to the agency's first level", async () => {
    const d = deps();
    const r = await submitComplaint(d, citizenId, {
      kind: "complaint",
      text: "عمود إنارة ساقط على الرصيف منذ يومين",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "STREET_LIGHTING",
      notifyBy: "sms",
      clientKey: `j-${Math.random()}`,
    });
    if (!r.ok) throw new Error();
    // One working day to decide: Sunday. Monday 00:00 it is overdue.
    expect(await tick(d, "2026-11-22T23:00:00")).toEqual({});
    expect(await tick(d, "2026-11-23T00:00:00")).toEqual({ jurisdiction_overdue: 1 });
    expect(
      (await database.db.select().from(outbox).where(eq(outbox.template, "sla_jurisdiction_overdue")).orderBy(outbox.id)).map(
        (m) => m.recipient,
      ),
    ).toEqual(["escalation1@momah.example.gov.sa"]);
  });

  it("the jurisdiction ladder climbs levels 1–3 in working hours and then reaches the national unit's queue, the citizen told why, by when and that a report is open", async () => {
    const d = deps();
    const r = await submitComplaint(d, citizenId, {
      kind: "complaint",
      text: "عمود إنارة ساقط على الرصيف منذ يومين",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "STREET_LIGHTING",
      notifyBy: "sms",
      clientKey: `jl-${Math.random()}`,
    });
    if (!r.ok) throw new Error();
    expect(await tick(d, "2026-11-23T00:00:00")).toEqual({ jurisdiction_overdue: 1 });
    // 24 working hours from Monday's start: Monday, Tuesday, Wednesday and 3 hours of Thursday.
    expect(await tick(d, "2026-11-26T10:29:59")).toEqual({});
    expect(await tick(d, "2026-11-26T10:30:00")).toEqual({ jurisdiction_2: 1 });
    // 12 more: 4 on Thursday, (the weekend), 7 on Sunday, 1 on Monday.
    expect(await tick(d, "2026-11-28T12:00:00")).toEqual({});
    expect(await tick(d, "2026-11-30T08:30:00")).toEqual({ jurisdiction_3: 1 });
    expect(await tick(d, "2026-12-01T13:29:59")).toEqual({});
    expect(await tick(d, "2026-12-01T13:30:00")).toEqual({ beyond_agency: 1 });
    expect(await tick(d, "2026-12-20T13:30:00")).toEqual({});
    expect(
      (await database.db.select().from(outbox).where(eq(outbox.template, "sla_jurisdiction_overdue")).orderBy(outbox.id)).map((m) => [
        m.recipient,
        m.payload.level,
      ]),
    ).toEqual([
      ["escalation1@momah.example.gov.sa", 1],
      ["escalation2@momah.example.gov.sa", 2],
      ["escalation3@momah.example.gov.sa", 3],
    ]);
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
    expect(c).toMatchObject({ escalationLevel: 3, status: "routed" });
    expect(c!.beyondAgencyAt?.toISOString()).toBe(at("2026-12-01T13:30:00").toISOString());
    // The citizen: the reason, the new expected date (the unit's 5 working days on its calendar) and the report link.
    const [msg] = await database.db.select().from(outbox).where(eq(outbox.template, "beyond_agency"));
    expect(msg).toMatchObject({
      recipient: "+966501111111",
      payload: { reference: r.reference, reason: "jurisdiction", due: "2026-12-08", link: `/reports/new?complaint=${r.reference}` },
    });
    const { renderSms, renderEmail } = await import("../../server/notify/templates.ts");
    expect(renderSms("beyond_agency", "ar", msg!.payload)).toContain("لم تبتّ الجهة في اختصاصه");
    expect(renderSms("beyond_agency", "en", msg!.payload)).toContain("did not decide");
    expect(renderEmail("beyond_agency", "en", msg!.payload, { publicUrl: "https://hub.example" }).text).toContain(
      `https://hub.example/reports/new?complaint=${r.reference}`,
    );
    expect(renderEmail("beyond_agency", "ar", msg!.payload).text).toContain("بلاغ رقمي");
    const events = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, c!.id), eq(complaintEvents.type, "beyond_agency")));
    expect(events).toMatchObject([{ visibleToCitizen: true, data: { reason: "jurisdiction" } }]);
    // The national unit's queue lists it; an agency officer does not get the page.
    const { app } = testApp(database, { clock, calendar: d.calendar });
    const unit = await (await (await signInStaff(app, clock, "analyst@demo.hub.example")).get("/national/beyond")).text();
    expect(unit).toMatch(new RegExp(`data-reference="${r.reference}"[\\s\\S]*لم تبتّ الجهة في الاختصاص`));
    expect((await (await signInStaff(app, clock, "liaison.momah@demo.hub.example")).get("/national/beyond")).status).toBe(404);
  });

  it("the satisfaction link rates once, without signing in; a poor rating offers the escalation; an expired link is refused", async () => {
    const d = deps();
    const ref = await fileAndAccept(d);
    clock.set(at("2026-11-22T10:00:00"));
    expect(
      (await act(d, { kind: "staff", staff: officer }, ref, null, { action: "close", outcome: "resolved", resolution: "تم الإصلاح" })).ok,
    ).toBe(true);
    expect(await tick(d, "2026-11-22T10:00:30")).toEqual({ satisfaction_invite: 1 });
    const [invite] = await database.db.select().from(outbox).where(eq(outbox.template, "satisfaction_invite"));
    const path = new URL(String(invite!.payload.link)).pathname;
    const { app } = testApp(database, { clock, calendar: d.calendar });
    const web = new Browser(app);
    const form = await web.get(path);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(ref);
    const bad = await web.post(path, { resolved: "maybe", stars: "9" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("هذا الحقل مطلوب");
    const ok = await web.post(path, { resolved: "no", stars: "2", comment: "لم يتغير شيء" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-testid="escalate-offer"');
    expect(
      await database.db
        .select({ resolved: satisfaction.resolved, stars: satisfaction.stars, comment: satisfaction.comment })
        .from(satisfaction),
    ).toEqual([{ resolved: "no", stars: 2, comment: "لم يتغير شيء" }]);
    // Single use.
    expect((await web.post(path, { resolved: "yes", stars: "5" })).status).toBe(410);
    expect((await web.get(path)).status).toBe(410);
    expect((await web.get("/rate/" + "a".repeat(24))).status).toBe(410);
  });

  it("a satisfaction link expires after 14 days", async () => {
    const d = deps();
    const ref = await fileAndAccept(d);
    await act(d, { kind: "staff", staff: officer }, ref, null, {
      action: "close",
      outcome: "partially_resolved",
      resolution: "أُصلح جزء من الطريق",
    });
    await tick(d, "2026-11-19T12:01:00");
    const [invite] = await database.db.select().from(outbox).where(eq(outbox.template, "satisfaction_invite"));
    const path = new URL(String(invite!.payload.link)).pathname;
    const { app } = testApp(database, { clock, calendar: d.calendar });
    clock.set(at("2026-12-03T12:00:59"));
    expect((await new Browser(app).get(path)).status).toBe(200);
    clock.set(at("2026-12-03T12:01:00"));
    expect((await new Browser(app).get(path)).status).toBe(410);
    const good = await new Browser(app).post(path, { resolved: "yes", stars: "5" });
    expect(good.status).toBe(410);
  });

  it("the forecast lists exactly what advancing the clock then does, and changes nothing itself", async () => {
    const d = deps();
    const a = await fileAndAccept(d);
    const b = await fileAndAccept(d, 5);
    clock.set(at("2026-11-22T10:00:00"));
    await act(d, { kind: "staff", staff: officer }, b, null, { action: "request_info", message: "نحتاج صورة" });
    const c = await submitComplaint(d, citizenId, {
      kind: "complaint",
      text: "تراكم النفايات خلف السوق منذ أسبوع",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "CLEANLINESS",
      notifyBy: "sms",
      clientKey: `f-${Math.random()}`,
    });
    expect(c.ok).toBe(true);
    await tick(d, "2026-11-23T00:00:00"); // some events fire before the forecast
    const asOf = at("2026-11-27T12:00:00");
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(slaEvents);
    const forecast = await forecastSla(database.db, d.calendar, d.reopenWindow, asOf);
    expect(await database.db.select({ n: sql<number>`count(*)::int` }).from(slaEvents)).toEqual(before);
    expect(forecast.length).toBeGreaterThan(4);
    clock.set(asOf);
    await runSla(d);
    const actual = await database.db
      .select({ reference: complaints.reference, kind: slaEvents.kind })
      .from(slaEvents)
      .innerJoin(complaints, eq(complaints.id, slaEvents.complaintId))
      .where(and(eq(slaEvents.firedAt, asOf)));
    const key = (x: { reference: string; kind: string }) => `${x.reference} ${x.kind}`;
    expect(actual.map(key).sort()).toEqual(forecast.map(key).sort());
    expect(forecast.map((f) => f.reference)).toContain(a);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { eq, ne } from "drizzle-orm";
import { complaints, digitalReports, outbox, reportFollowups } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { staffUsers } from "../../schema/index.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { AISHA } from "../support/registry.ts";
import { keepCitizen, demoStaff } from "../support/sessions.ts";
import { Browser } from "../support/http.ts";

// Digital reports end to end over HTTP: eligibility, filing, the reviewer's actions, the
// agency's answer to the unit, and what the citizen sees.

// The common start (database, demo hub, a registered citizen, staff sessions, the clock
// back at noon on 19 November after each test) is test/support/hub-fixture.ts.
const hub = hubFixture();
let { database, h, citizen, citizenId, staff } = {} as HubFixture;
beforeAll(() => void ({ database, h, citizen, citizenId, staff } = hub));
const clock = hub.clock;

const asCitizen = () => keepCitizen(citizen, AISHA.nationalId);

async function acceptedComplaint() {
  const r = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text: "حفرة كبيرة أمام المدرسة منذ شهر",
    city: "riyadh",
    agencyCode: "MOMAH",
    serviceCode: "ROADS_POTHOLES",
    notifyBy: "sms",
    clientKey: `rep-${Math.random()}`,
  });
  if (!r.ok) throw new Error();
  expect(
    (
      await act(h.deps, { kind: "staff", staff: await demoStaff(database.db, "liaison.momah") }, r.reference, null, {
        action: "accept",
        days: 3,
        reason: undefined,
      })
    ).ok,
  ).toBe(true);
  return r.reference;
}
const reportOf = async (ref: string) => (await database.db.select().from(digitalReports).where(eq(digitalReports.reference, ref)))[0]!;

describe("digital reports", () => {
  it("an overdue complaint is escalated, the unit asks the agency, pushes it back, answers and closes; the citizen reads and rates", async () => {
    const complaint = await acceptedComplaint(); // due at the end of Tuesday 24 November
    // Too early: refused with the reason and the date.
    let c = await asCitizen();
    const early = await c.post("/reports", {
      type: "escalation",
      complaint,
      text: "لم يتم إصلاح الحفرة حتى الآن",
      clientKey: "early-attempt-1",
    });
    expect(early.status).toBe(422);
    const earlyText = await early.text();
    expect(earlyText).toContain("لم يحن وقت التصعيد بعد");
    expect(earlyText).toContain("يمكنك تصعيد هذا الطلب ابتداءً من الثلاثاء، 24 نوفمبر 2026");
    // Only this complaint's reports: other tests in the file file their own.
    const complaintId = (await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, complaint)))[0]!
      .id;
    expect(await database.db.select().from(digitalReports).where(eq(digitalReports.complaintId, complaintId))).toHaveLength(0);

    clock().set("2026-11-25T09:00:00+03:00");
    c = await asCitizen();
    const page = await (await c.get(`/complaints/${complaint}`)).text();
    expect(page).toContain(`/reports/new?complaint=${complaint}`);
    const form = await (await c.get(`/reports/new?complaint=${complaint}`)).text();
    expect(form).toMatch(new RegExp(`<option value="${complaint}" selected`));
    const filed = await c.post("/reports", {
      type: "escalation",
      complaint,
      text: "تجاوزت الجهة الموعد ولم تصلح الحفرة",
      clientKey: "escalation-key-1",
    });
    expect(filed.status).toBe(303);
    const reference = /\/reports\/(DR-2026-[A-Z0-9]{6})\?filed=1/.exec(filed.headers.get("location")!)![1]!;
    const report = await reportOf(reference);
    expect(report).toMatchObject({ type: "escalation", status: "open", agencyCode: "MOMAH", ground: "overdue" });
    // 5 working days from Wednesday 25th: 26, 29, 30, Dec 1, 2 → due when Wednesday 2 December ends.
    expect(report.dueAt.toISOString()).toBe(new Date("2026-12-03T00:00:00+03:00").toISOString());
    const received = (await database.db.select().from(outbox).where(eq(outbox.template, "report_received")).orderBy(outbox.id)).filter(
      (m) => (m.payload as { reference?: string }).reference === reference,
    );
    expect(received).toHaveLength(1);
    expect(received[0]!.payload).toMatchObject({ reference, due: "2026-12-02" });
    // The same submission again (a double click) is the same report; a second escalation is refused.
    expect(
      (
        await c.post("/reports", {
          type: "escalation",
          complaint,
          text: "تجاوزت الجهة الموعد ولم تصلح الحفرة",
          clientKey: "escalation-key-1",
        })
      ).headers.get("location"),
    ).toContain(reference);
    const twice = await c.post("/reports", {
      type: "escalation",
      complaint,
      text: "مرة أخرى لم تصلح الحفرة",
      clientKey: "escalation-key-2",
    });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain("لهذا الطلب بلاغ رقمي مفتوح");

    // The reviewer's queue and page, with the complaint's whole timeline.
    const reviewer = await staff("reviewer");
    expect(await (await reviewer.get("/review")).text()).toContain(reference);
    const rp = await (await reviewer.get(`/review/${reference}`)).text();
    expect(rp).toContain('data-testid="complaint-timeline"');
    expect(rp).toContain("قُبل الاختصاص");
    // Nobody else has a reviewer portal.
    expect((await (await staff("liaison.momah")).get("/review")).status).toBe(404);
    expect((await (await staff("triage")).get(`/review/${reference}`)).status).toBe(404);

    // Ask the agency: it appears in MOMAH's liaison portal (not in another agency's), and it answers.
    let v = String((await reportOf(reference)).version);
    // Other tests may leave MOMAH follow-ups open: the header's count goes up by this one.
    const headerFollowups = async () =>
      Number(/استيضاحات وحدة الشكاوى \((\d+)\)/.exec(await (await (await staff("liaison.momah")).get("/agency")).text())?.[1] ?? 0);
    const openBefore = await headerFollowups();
    expect(
      (await reviewer.post(`/review/${reference}/ask_agency`, { question: "ما سبب التأخر في إصلاح الحفرة؟", version: v })).status,
    ).toBe(303);
    expect((await reportOf(reference)).status).toBe("awaiting_agency");
    expect(await (await (await staff("liaison.moh")).get("/agency/followups")).text()).not.toContain(reference);
    const liaison = await staff("liaison.momah");
    expect(await headerFollowups()).toBe(openBefore + 1);
    const followups = await (await liaison.get("/agency/followups")).text();
    expect(followups).toContain("ما سبب التأخر في إصلاح الحفرة؟");
    const [f] = await database.db
      .select()
      .from(reportFollowups)
      .where(eq(reportFollowups.reportId, (await reportOf(reference)).id));
    expect((await (await staff("liaison.moh")).post(`/agency/followups/${f!.id}/answer`, { answer: "ليس لدينا" })).status).toBe(404);
    expect((await liaison.post(`/agency/followups/${f!.id}/answer`, { answer: "x" })).status).toBe(422);
    expect((await liaison.post(`/agency/followups/${f!.id}/answer`, { answer: "ننتظر وصول المعدات، وسيُصلح خلال أسبوع" })).status).toBe(303);
    expect((await reportOf(reference)).status).toBe("open");
    expect(await (await reviewer.get(`/review/${reference}`)).text()).toContain("ننتظر وصول المعدات");

    // Push the complaint back to the agency with a new window.
    v = String((await reportOf(reference)).version);
    expect(
      (await reviewer.post(`/review/${reference}/push_back`, { note: "أصلحوا الحفرة خلال المهلة الجديدة", days: "5", version: v })).status,
    ).toBe(303);
    const [pushed] = await database.db.select().from(complaints).where(eq(complaints.reference, complaint));
    expect(pushed).toMatchObject({ status: "in_progress", resolutionDays: 5, escalationLevel: 0 });
    expect(pushed!.dueAt!.toISOString()).toBe(new Date("2026-12-03T00:00:00+03:00").toISOString());

    // Answer and close; a stale version is a conflict, not a second close.
    v = String((await reportOf(reference)).version);
    expect(
      (
        await reviewer.post(`/review/${reference}/close`, {
          outcome: "upheld",
          answer: "تبيّن تأخر الجهة، وأُلزمت بالإصلاح خلال 5 أيام عمل",
          version: v,
        })
      ).status,
    ).toBe(303);
    const stale = await reviewer.post(`/review/${reference}/close`, { outcome: "not_upheld", answer: "رد آخر متأخر", version: v });
    expect(stale.status).toBe(409);
    expect(await reportOf(reference)).toMatchObject({ status: "closed", outcome: "upheld" });
    expect(await database.db.select().from(outbox).where(eq(outbox.template, "report_closed"))).toHaveLength(1);

    // The citizen reads the answer and rates it, once.
    c = await asCitizen();
    const mine = await (await c.get(`/reports/${reference}`)).text();
    expect(mine).toContain('data-testid="report-answer"');
    expect(mine).toContain("أُلزمت بالإصلاح");
    expect(mine).toContain("أعادت الوحدة الطلب إلى الجهة");
    expect(mine).not.toContain("ننتظر وصول المعدات"); // the agency's reply to the unit is internal
    expect((await c.post(`/reports/${reference}/rate`, { resolved: "partly", stars: "4" })).status).toBe(303);
    expect((await c.post(`/reports/${reference}/rate`, { resolved: "no", stars: "1" })).status).toBe(409);
    expect(await reportOf(reference)).toMatchObject({ ratingResolved: "partly", ratingStars: 4 });
  });

  it("pushing a closed complaint back gives it to a colleague of the officer who closed it", async () => {
    const complaint = await acceptedComplaint();
    const liaison = await staff("liaison.momah");
    const [row0] = await database.db.select().from(complaints).where(eq(complaints.reference, complaint));
    expect(
      (
        await liaison.post(`/staff/complaints/${complaint}/close`, {
          outcome: "not_resolvable",
          resolution: "لا يمكن الإصلاح حاليًا",
          version: String(row0!.version),
        })
      ).status,
    ).toBe(303);
    const filed = await (
      await asCitizen()
    ).post("/reports", { type: "escalation", complaint, text: "أُغلق الطلب دون معالجة", clientKey: "push-closed-key-1" });
    expect(filed.status).toBe(303);
    const reference = /\/reports\/(DR-[^?]+)/.exec(filed.headers.get("location")!)![1]!;
    const reviewer = await staff("reviewer");
    const pushed = await reviewer.post(`/review/${reference}/push_back`, {
      note: "أعيدوا دراسة الطلب",
      days: "5",
      version: String((await reportOf(reference)).version),
    });
    expect(pushed.status).toBe(303);
    const [supervisor] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, "supervisor.momah@demo.hub.example"));
    const [after] = await database.db.select().from(complaints).where(eq(complaints.reference, complaint));
    expect(after).toMatchObject({ status: "in_progress", reopenCount: 1, assignedTo: supervisor!.id });
    expect(await (await liaison.get(`/staff/complaints/${complaint}`)).text()).toContain(
      `أعيدوا دراسة الطلب — يراجعه من جديد: ${supervisor!.fullName}`,
    );
  });

  it("suggestions name a service; a bad one is a clear error", async () => {
    const c = await asCitizen();
    const missing = await c.post("/reports", {
      type: "service_improvement",
      text: "أقترح إضافة الدفع عبر التطبيق لخدمة رخص البناء",
      clientKey: "suggest-key-1",
    });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("هذا الحقل مطلوب");
    const ok = await c.post("/reports", {
      type: "digital_transformation",
      service: "MOMAH/BUILDING_PERMITS",
      text: "أرجو تحويل طلب شهادة الإشغال الورقية إلى خدمة رقمية",
      clientKey: "suggest-key-2",
    });
    expect(ok.status).toBe(303);
    const ref = /\/reports\/(DR-[^?]+)/.exec(ok.headers.get("location")!)![1]!;
    expect(await reportOf(ref)).toMatchObject({
      type: "digital_transformation",
      agencyCode: "MOMAH",
      serviceCode: "BUILDING_PERMITS",
      complaintId: null,
    });
    // Nobody else's.
    const other = new Browser(h.app);
    expect((await other.get(`/reports/${ref}`)).status).toBe(303);
  });

  it("the unit's own deadline: reviewers warned the day before, the head of the unit told when it passes, the agency chased for an unanswered question", async () => {
    const { runReportSla } = await import("../../server/jobs/report-sla.ts");
    const complaint = await acceptedComplaint();
    clock().set("2026-11-25T09:00:00+03:00");
    const c = await asCitizen();
    const filed = await c.post("/reports", {
      type: "escalation",
      complaint,
      text: "تأخرت الجهة في معالجة الطلب",
      clientKey: "report-sla-key-1",
    });
    const reference = /\/reports\/(DR-[^?]+)/.exec(filed.headers.get("location")!)![1]!;
    const reviewer = await staff("reviewer");
    expect(
      (
        await reviewer.post(`/review/${reference}/ask_agency`, {
          question: "ما الإجراء المتخذ؟",
          version: String((await reportOf(reference)).version),
        })
      ).status,
    ).toBe(303);
    // Only this report is open (the suggestion filed earlier is set aside).
    await database.db.update(digitalReports).set({ status: "closed" }).where(ne(digitalReports.reference, reference));
    const d = { db: database.db, clock: h.deps.clock, calendar: h.deps.calendar, unitHeadEmail: "head@unit.example" };
    const tick = async (local: string) => {
      clock().set(`${local}+03:00`);
      return runReportSla(d);
    };
    // The question is due in 2 working days (Thursday, Sunday): chased when Sunday ends.
    expect(await tick("2026-11-29T23:59:00")).toEqual({});
    expect(await tick("2026-11-30T00:00:00")).toEqual({ followup_overdue: 1 });
    // The report is due when Wednesday 2 December ends: warned on Tuesday's start, escalated after.
    expect(await tick("2026-12-01T00:00:00")).toEqual({ report_warning: 1 });
    expect(await tick("2026-12-02T23:59:00")).toEqual({});
    expect(await tick("2026-12-03T00:00:00")).toEqual({ report_overdue: 1 });
    expect(await tick("2026-12-04T00:00:00")).toEqual({});
    const mails = await database.db.select().from(outbox).where(eq(outbox.channel, "email")).orderBy(outbox.id);
    const to = (t: string) => mails.filter((m) => m.template === t).map((m) => m.recipient);
    expect(to("followup_overdue")).toEqual(["escalation1@momah.example.gov.sa"]);
    expect(to("report_warning")).toEqual(["reviewer@demo.hub.example"]);
    expect(to("report_overdue")).toEqual(["head@unit.example"]);
  });
});

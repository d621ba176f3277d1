import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { complaintEvents, complaints, outbox, personalDataViews, staffUsers } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { addWorkingDays } from "../../server/calendar/index.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { AISHA, insertCitizen } from "../support/registry.ts";
import { keepCitizen } from "../support/sessions.ts";

// The complaint lifecycle end to end over HTTP: the liaison officer's portal, the
// citizen's page and what each of them may (and may not) see.

// The common start (database, demo hub, a registered citizen, staff sessions, the clock
// back at noon on 19 November after each test) is test/support/hub-fixture.ts.
const hub = hubFixture();
let { database, h, citizen, citizenId, staff } = {} as HubFixture;
beforeAll(() => void ({ database, h, citizen, citizenId, staff } = hub));
const clock = hub.clock;

const asCitizen = () => keepCitizen(citizen, AISHA.nationalId);

let n = 0;
async function file(text = "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات", service = "MOMAH/ROADS_POTHOLES", city = "riyadh") {
  const [agencyCode, serviceCode] = service.split("/");
  const r = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text,
    city,
    agencyCode,
    serviceCode,
    notifyBy: "sms",
    clientKey: `lifecycle-${++n}-${Math.random()}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}
const row = async (reference: string) => (await database.db.select().from(complaints).where(eq(complaints.reference, reference)))[0]!;
// The citizen's messages; the liaison officers' (agency_*) are tested in agency-work.test.ts.
const messagesFor = async (reference: string) =>
  (await database.db.select().from(outbox).orderBy(outbox.id))
    .filter((m) => m.payload.reference === reference && !m.template.startsWith("agency_"))
    .map((m) => m.template);

async function accept(reference: string, days = 3, reason = "") {
  const b = await staff("liaison.momah");
  const c = await row(reference);
  const res = await b.post(`/staff/complaints/${reference}/accept`, {
    step: "confirm",
    days: String(days),
    extensionReason: reason,
    version: String(c.version),
  });
  expect(res.headers.get("location")).toBe(`/staff/complaints/${reference}?done=accept`);
  return res;
}

describe("the liaison portal", () => {
  it("shows a new complaint without the citizen's national number, mobile or address until the agency accepts", async () => {
    const ref = await file();
    const b = await staff("liaison.momah");
    // Found by its reference: the first page of the inbox holds whatever the other tests filed.
    expect(await (await b.get(`/agency?q=${ref}`)).text()).toContain(ref);
    const before = await (await b.get(`/staff/complaints/${ref}`)).text();
    expect(before).toContain('data-testid="personal-hidden"');
    expect(before).not.toContain(AISHA.nationalId);
    expect(before).not.toContain("501234567");
    expect(before).toContain('data-testid="jurisdiction-due"');
    // Other tests in this file open other complaints' personal data: count this one's only.
    const id = (await row(ref)).id;
    expect(await database.db.select().from(personalDataViews).where(eq(personalDataViews.complaintId, id))).toHaveLength(0);

    // The due date is shown before anything changes.
    const preview = await b.post(`/staff/complaints/${ref}/accept`, {
      step: "preview",
      days: "3",
      version: String((await row(ref)).version),
    });
    expect(preview.status).toBe(200);
    const due = addWorkingDays(h.deps.calendar, h.deps.clock.now(), 3);
    expect(await preview.text()).toContain('data-testid="accept-preview"');
    expect((await row(ref)).status).toBe("routed");

    const res = await accept(ref, 3);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/staff/complaints/${ref}?done=accept`);
    const after = await row(ref);
    expect(after).toMatchObject({ status: "in_progress", resolutionDays: 3 });
    expect(after.dueAt!.toISOString()).toBe(due.toISOString());
    expect(after.actionDueAt!.toISOString()).toBe(due.toISOString());
    expect(await messagesFor(ref)).toEqual(["complaint_received", "complaint_accepted"]);

    const page = await (await b.get(`/staff/complaints/${ref}?done=accept`)).text();
    expect(page).toContain('data-testid="personal-data"');
    expect(page).toContain(AISHA.nationalId);
    const views = await database.db.select().from(personalDataViews).where(eq(personalDataViews.complaintId, after.id));
    expect(views).toHaveLength(1);
    expect(views[0]!.fields).toEqual(expect.arrayContaining(["name", "nationalId", "mobile", "address"]));
  });

  it("asks for a reason when the window is longer than the service's SLA, and explains bad input in the officer's language", async () => {
    const ref = await file();
    const b = await staff("liaison.momah");
    const v = String((await row(ref)).version);
    const noReason = await b.post(`/staff/complaints/${ref}/accept`, { step: "preview", days: "9", version: v });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("المدة أطول من المدة المعتمدة للخدمة");
    const bad = await b.post(`/staff/complaints/${ref}/accept`, { step: "confirm", days: "خمسة", version: v });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("مدة المعالجة عدد صحيح");
    // A text box with an error is marked invalid and points at its message, as inputs are.
    const noReject = await b.post(`/staff/complaints/${ref}/reject`, { rejectReason: "", version: v });
    expect(noReject.status).toBe(422);
    const html = await noReject.text();
    expect(html).toMatch(/<textarea[^>]*id="f-rejectReason"[^>]*aria-invalid="true"[^>]*aria-describedby="f-rejectReason-error"/);
    expect(html).toMatch(/<span class="error" id="f-rejectReason-error">[^<]+<\/span>/);
    expect(html).toMatch(/<a href="#f-rejectReason">[^<]+<\/a>/);
    expect(html.match(/role="alert"/g)).toHaveLength(1);
    // Arabic-Indic digits are a number like any other.
    expect(
      (await b.post(`/staff/complaints/${ref}/accept`, { step: "confirm", days: "٩", extensionReason: "يحتاج مسحًا ميدانيًا", version: v }))
        .status,
    ).toBe(303);
    expect(await row(ref)).toMatchObject({ resolutionDays: 9, extensionReason: "يحتاج مسحًا ميدانيًا" });
  });

  it("another agency's liaison gets 404 on the complaint, its files and its actions, and never finds it", async () => {
    const ref = await file("عمود إنارة ساقط في الشارع العام قرب المسجد الكبير", "MOMAH/STREET_LIGHTING");
    const other = await staff("liaison.moh");
    expect((await other.get(`/staff/complaints/${ref}`)).status).toBe(404);
    expect((await other.get(`/staff/complaints/${ref}/attachments/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    expect((await other.post(`/staff/complaints/${ref}/accept`, { step: "confirm", days: "3", version: "1" })).status).toBe(404);
    expect((await other.post(`/staff/complaints/${ref}/note`, { note: "hello" })).status).toBe(404);
    const link = `href="/staff/complaints/${ref}"`;
    for (const q of [ref, "إنارة", "المسجد"])
      expect(await (await other.get(`/agency?q=${encodeURIComponent(q)}`)).text()).not.toContain(link);
    for (const tab of ["routed", "in_progress", "overdue", "due_soon", "closed"])
      expect(await (await other.get(`/agency?tab=${tab}`)).text()).not.toContain(link);
    // Its own agency does find it by the same searches.
    expect(await (await (await staff("liaison.momah")).get(`/agency?q=${encodeURIComponent("المسجد")}`)).text()).toContain(link);
    expect((await row(ref)).status).toBe("routed");
    // A citizen who did not file it may not act on it either.
    const stranger = await insertCitizen(database.db, { nationalId: "1098765432", mobile: "+966509999999" });
    expect(await act(h.deps, { kind: "citizen", id: stranger }, ref, null, { action: "withdraw", reason: undefined })).toEqual({
      ok: false,
      error: "forbidden",
    });
  });

  it("an information request pauses the clock; the citizen answers with a file and the due date moves by the paused working days", async () => {
    const ref = await file();
    await accept(ref, 3);
    const b = await staff("liaison.momah");
    const before = await row(ref);
    const res = await b.post(`/staff/complaints/${ref}/request_info`, {
      message: "أرسل صورة للحفرة ورقم أقرب عمود إنارة",
      version: String(before.version),
    });
    expect(res.status).toBe(303);
    expect(await row(ref)).toMatchObject({ status: "awaiting_citizen" });
    expect(await messagesFor(ref)).toContain("info_requested");

    // Thursday noon → Monday 10:00: only Sunday's working day ended while paused.
    clock().set("2026-11-23T10:00:00+03:00");
    const page = await (await (await asCitizen()).get(`/complaints/${ref}`)).text();
    expect(page).toContain('data-testid="info-request"');
    expect(page).toContain("أرسل صورة للحفرة");
    const fd = new FormData();
    fd.append("text", "الحفرة أمام العمود رقم 1234");
    fd.append("version", String((await row(ref)).version));
    fd.append("attachments", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], "pothole.png"));
    const answered = await h.app.request(`/complaints/${ref}/answer`, {
      method: "POST",
      headers: { origin: "http://localhost", cookie: `hub_session=${(await asCitizen()).cookie("hub_session")}` },
      body: fd,
    });
    expect(answered.status).toBe(303);
    const after = await row(ref);
    expect(after).toMatchObject({ status: "in_progress", pausedDays: 1, pausedAt: null });
    // Accepted Thursday with 3 days: due at the end of Tuesday 24th; one paused day moves it to Wednesday's end.
    expect(before.dueAt!.toISOString()).toBe(new Date("2026-11-25T00:00:00+03:00").toISOString());
    expect(after.dueAt!.toISOString()).toBe(new Date("2026-11-26T00:00:00+03:00").toISOString());
    const staffPage = await (await (await staff("liaison.momah")).get(`/staff/complaints/${ref}`)).text();
    expect(staffPage).toContain("الحفرة أمام العمود رقم 1234");
    expect(staffPage).toContain("pothole.png");
    clock().set("2026-11-19T12:00:00+03:00");
  });

  it("closing tells the citizen, who sees the resolution and may reopen within the window, not after", async () => {
    const ref = await file();
    await accept(ref, 3);
    const b = await staff("liaison.momah");
    const res = await b.post(`/staff/complaints/${ref}/close`, {
      outcome: "resolved",
      resolution: "رُدمت الحفرة وأُعيد رصف الشارع",
      version: String((await row(ref)).version),
    });
    expect(res.status).toBe(303);
    expect(await messagesFor(ref)).toContain("complaint_closed");
    const page = await (await (await asCitizen()).get(`/complaints/${ref}`)).text();
    expect(page).toContain('data-testid="resolution"');
    expect(page).toContain("رُدمت الحفرة");
    expect(page).toContain(`/complaints/${ref}/reopen`);

    const reopened = await (
      await asCitizen()
    ).post(`/complaints/${ref}/reopen`, { reason: "ما زالت الحفرة موجودة", version: String((await row(ref)).version) });
    expect(reopened.status).toBe(303);
    expect(await row(ref)).toMatchObject({ status: "in_progress", reopenCount: 1, outcome: null });
    const events = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.type, "reopened")));
    expect(events.at(-1)!.data).toMatchObject({ afterOutcome: "resolved" });
    const staffPage = await (await b.get(`/staff/complaints/${ref}`)).text();
    expect(staffPage).toContain("أُعيد فتحه (1)");
    // Reviewed again by someone other than the officer who closed it: MOMAH's other
    // account is its supervisor. The citizen's page does not name staff.
    const [supervisor] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, "supervisor.momah@demo.hub.example"));
    expect((await row(ref)).assignedTo).toBe(supervisor!.id);
    expect(staffPage).toContain(`يراجعه من جديد: ${supervisor!.fullName}`);
    expect(await (await (await asCitizen()).get(`/complaints/${ref}`)).text()).not.toContain(supervisor!.fullName);

    // Closed again; four working days later the window (3 working days) is over.
    await b.post(`/staff/complaints/${ref}/close`, {
      outcome: "resolved",
      resolution: "أُعيد الرصف بالكامل هذه المرة",
      version: String((await row(ref)).version),
    });
    clock().set("2026-11-26T12:00:00+03:00");
    expect(await (await (await asCitizen()).get(`/complaints/${ref}`)).text()).not.toContain(`/complaints/${ref}/reopen`);
    const late = await (
      await asCitizen()
    ).post(`/complaints/${ref}/reopen`, { reason: "ما زالت المشكلة قائمة", version: String((await row(ref)).version) });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("انتهت مهلة إعادة فتح");
    expect((await row(ref)).status).toBe("closed");
    clock().set("2026-11-19T12:00:00+03:00");
  });

  it("two officers closing at once: one close, one clear conflict", async () => {
    const ref = await file();
    await accept(ref, 3);
    const v = String((await row(ref)).version);
    const [a, s] = [await staff("liaison.momah"), await staff("supervisor.momah")];
    const results = await Promise.all([
      a.post(`/staff/complaints/${ref}/close`, { outcome: "resolved", resolution: "تمت المعالجة من الموظف الأول", version: v }),
      s.post(`/staff/complaints/${ref}/close`, { outcome: "not_resolvable", resolution: "تعذرت المعالجة لدى المشرف", version: v }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(await loser.text()).toContain("تغيّر هذا الطلب للتو");
    const closes = await database.db
      .select()
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, (await row(ref)).id), eq(complaintEvents.type, "closed")));
    expect(closes).toHaveLength(1);
    expect((await messagesFor(ref)).filter((t) => t === "complaint_closed")).toHaveLength(1);
  });

  it("a complaint rejected three times is flagged to the national unit instead of bouncing again", async () => {
    const ref = await file();
    const b = await staff("liaison.momah");
    const triage = await staff("triage");
    for (let i = 1; i <= 3; i++) {
      const res = await b.post(`/staff/complaints/${ref}/reject`, {
        rejectReason: "ليس من اختصاص البلدية",
        suggested: "WATER/WATER_SUPPLY",
        version: String((await row(ref)).version),
      });
      expect(res.status).toBe(303);
      const c = await row(ref);
      expect(c).toMatchObject({ status: "triage", agencyCode: null, rejectionCount: i, flagged: i >= 3 });
      expect(c.suggestions[0]).toMatchObject({ agencyCode: "WATER", serviceCode: "WATER_SUPPLY" });
      // The agency lost it with the rejection.
      expect((await b.get(`/staff/complaints/${ref}`)).status).toBe(404);
      if (i < 3)
        expect((await triage.post(`/triage/${c.id}/route`, { version: String(c.version), service: "MOMAH/ROADS_POTHOLES" })).status).toBe(
          200,
        );
    }
    const queue = await (await triage.get("/triage")).text();
    expect(queue).toContain(ref);
    expect(queue).toContain("رُفض 3 مرات");
  });

  it("the citizen withdraws; the deadline rule closes an unanswered request as no_response only when its time is up", async () => {
    const w = await file();
    expect(
      (await (await asCitizen()).post(`/complaints/${w}/withdraw`, { reason: "", version: String((await row(w)).version) })).status,
    ).toBe(303);
    expect(await row(w)).toMatchObject({ status: "withdrawn", outcome: "withdrawn" });

    const ref = await file();
    await accept(ref, 3);
    const b = await staff("liaison.momah");
    await b.post(`/staff/complaints/${ref}/request_info`, {
      message: "نحتاج رقم الحي بالتفصيل",
      version: String((await row(ref)).version),
    });
    const deps = { ...h.deps };
    expect(await act(deps, { kind: "system" }, ref, null, { action: "auto_close" })).toEqual({ ok: false, error: "info_not_due" });
    clock().set("2026-11-26T00:00:00+03:00"); // Sun, Mon, Tue working days have ended
    const r = await act(deps, { kind: "system" }, ref, null, { action: "auto_close" });
    expect(r).toMatchObject({ ok: true, status: "closed" });
    expect(await row(ref)).toMatchObject({ outcome: "no_response" });
    expect(await messagesFor(ref)).toContain("complaint_closed");
    clock().set("2026-11-19T12:00:00+03:00");
  });

  it("notes stay internal; reassigning needs a colleague of the same agency", async () => {
    const ref = await file();
    await accept(ref, 3);
    const s = await staff("supervisor.momah");
    expect((await s.post(`/staff/complaints/${ref}/note`, { note: "راجعت الموقع: الحفرة خطرة" })).status).toBe(303);
    expect(await (await (await asCitizen()).get(`/complaints/${ref}`)).text()).not.toContain("راجعت الموقع");
    const page = await (await s.get(`/staff/complaints/${ref}`)).text();
    expect(page).toContain("راجعت الموقع");
    const stranger = await s.post(`/staff/complaints/${ref}/reassign`, {
      to: "00000000-0000-0000-0000-000000000000",
      version: String((await row(ref)).version),
    });
    expect(stranger.status).toBe(422);
    const supervisorId = /<option value="([0-9a-f-]{36})"[^>]*>المشرف التجريبي/.exec(page)![1]!;
    expect(
      (await s.post(`/staff/complaints/${ref}/reassign`, { to: supervisorId, version: String((await row(ref)).version) })).status,
    ).toBe(303);
    expect((await row(ref)).assignedTo).toBe(supervisorId);
    expect(await (await s.get("/agency/workload")).text()).toContain("المشرف التجريبي");
    // A liaison officer has no workload page.
    expect((await (await staff("liaison.momah")).get("/agency/workload")).status).toBe(404);
  });
});

describe("the inbox", () => {
  let refs: string[] = [];
  beforeAll(async () => {
    await database.db.execute(sql`truncate complaints, complaint_events, complaint_attachments, outbox, personal_data_views cascade`);
    refs = [];
    for (let i = 0; i < 27; i++) {
      clock().advance(60_000);
      refs.push(await file(`تجمع مياه الأمطار في النفق رقم ${i} بعد كل مطر`, "MOMAH/RAIN_DRAINAGE", i % 3 ? "riyadh" : "jeddah"));
    }
    refs.push(await file("كلاب ضالة قرب الحديقة العامة تهاجم الأطفال", "MOMAH/STRAY_ANIMALS"));
  });

  it("pages by keyset, searches by word and reference, filters by city and service, and counts each tab", async () => {
    const b = await staff("liaison.momah");
    const first = await (await b.get("/agency")).text();
    expect(first.match(/href="\/staff\/complaints\/CMP-/g)).toHaveLength(25);
    const next = /href="(\/agency\?[^"]*after=[^"]+)"[^>]*rel="next"/.exec(first)![1]!.replaceAll("&amp;", "&");
    const second = await (await b.get(next)).text();
    expect(second.match(/href="\/staff\/complaints\/CMP-/g)).toHaveLength(3);
    expect(second).not.toContain('rel="next"');
    expect(/data-tab="routed"[^>]*>[^<]*<span class="count">28</.test(first)).toBe(true);

    const dogs = await (await b.get(`/agency?q=${encodeURIComponent("الكلاب الضاله")}`)).text();
    expect(dogs.match(/href="\/staff\/complaints\/CMP-/g)).toBeNull(); // "الكلاب" is not a prefix of "كلاب"
    const dogs2 = await (await b.get(`/agency?q=${encodeURIComponent("كلاب ضالة")}`)).text();
    expect(dogs2.match(/href="\/staff\/complaints\/(CMP-[^"]+)"/g)).toEqual([`href="/staff/complaints/${refs[27]}"`]);
    // By the complainant's name, however the hamza and taa marbuta are typed.
    const byName = await (await b.get(`/agency?q=${encodeURIComponent("عائشه القحطانى")}`)).text();
    expect(byName.match(/href="\/staff\/complaints\/CMP-/g)).toHaveLength(25);
    expect(byName).toMatch(/data-tab="routed"[^>]*>[^<]*<span class="count">28</);
    const byRef = await (await b.get(`/agency?q=${refs[3]!.toLowerCase()}`)).text();
    expect(byRef.match(/href="\/staff\/complaints\/(CMP-[^"]+)"/g)).toEqual([`href="/staff/complaints/${refs[3]}"`]);
    const jeddah = await (await b.get("/agency?city=jeddah")).text();
    expect(jeddah.match(/href="\/staff\/complaints\/CMP-/g)).toHaveLength(9);
    const stray = await (await b.get("/agency?service=STRAY_ANIMALS")).text();
    expect(stray.match(/href="\/staff\/complaints\/CMP-/g)).toHaveLength(1);
    const bad = await b.get("/agency?from=yesterday");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("أدخل تاريخًا صحيحًا");
  });

  it("speaks English to an officer who chose it", async () => {
    const b = await staff("liaison.momah");
    await b.get("/lang/en?next=/agency");
    try {
      const inbox = await (await b.get("/agency")).text();
      expect(inbox).toContain("Awaiting decision");
      expect(inbox).toContain('dir="ltr"');
      const page = await (await b.get(`/staff/complaints/${refs[0]}`)).text();
      expect(page).toContain("Accept jurisdiction and set the resolution window");
      expect(page).toContain("standard is 3 working days; a longer window needs a reason");
    } finally {
      await b.get("/lang/ar?next=/agency");
    }
  });

  it("moves complaints into due-soon and overdue as the clock runs, and the htmx tab swaps only the results", async () => {
    // Jurisdiction: 1 working day after Thursday's arrival = end of Sunday.
    clock().set("2026-11-22T12:00:00+03:00");
    expect(await (await (await staff("liaison.momah")).get("/agency?tab=due_soon")).text()).toMatch(
      /data-tab="due_soon"[^>]*>[^<]*<span class="count">28</,
    );
    clock().set("2026-11-23T09:00:00+03:00");
    const overdue = await (
      await staff("liaison.momah")
    ).get(`/agency?tab=overdue&q=${refs[0]}`, { "hx-request": "true", "hx-target": "div#inbox" });
    const html = await overdue.text();
    expect(html.startsWith('<div id="inbox">')).toBe(true);
    expect(html).toContain(refs[0]!);
    expect(html).toContain("متأخر");
    clock().set("2026-11-19T12:00:00+03:00");
  });
});

describe("bulk seeding", () => {
  it("fills every inbox tab with synthetic complaints that the inbox can page and search", async () => {
    const { seedBulk } = await import("../../server/demo/bulk.ts");
    await database.db.execute(sql`truncate complaints, complaint_events, complaint_attachments, outbox, personal_data_views cascade`);
    const lines: string[] = [];
    await seedBulk(database.db, 3000, { batch: 1000, log: (l) => lines.push(l) });
    expect(lines.at(-1)).toMatch(/^3,000 \/ 3,000 complaints \(100%/);
    const statuses = (await database.db.selectDistinct({ status: complaints.status }).from(complaints)).map((r) => r.status).sort();
    expect(statuses).toEqual(["awaiting_citizen", "closed", "in_progress", "routed", "withdrawn"]);
    // Run again: it appends after the last synthetic reference instead of colliding.
    await seedBulk(database.db, 10, { batch: 1000 });
    const [{ total }] = (await database.db.select({ total: sql<number>`count(*)::int` }).from(complaints)) as [{ total: number }];
    expect(total).toBe(3010);
    const b = await staff("liaison.momah");
    const page = await (await b.get("/agency?tab=closed")).text();
    expect(page.match(/href="\/staff\/complaints\/CMP-2024-/g)?.length).toBe(25);
  });
});
